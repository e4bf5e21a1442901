"""python3 -m report_render <artifacts dir> [report.md]: prints the result as one JSON line.

Exit 0 with {"files", "pages", "citations", "warnings"}; exit 2 with {"error"} when the report cannot be
rendered (no report.md); any other failure is a crash (exit 1, traceback on stderr).
"""

import json
import sys

from .render import RenderError, render


def main(argv):
    if len(argv) not in (2, 3):
        print(json.dumps({"error": "usage: python3 -m report_render <artifacts dir> [report.md]"}))
        return 2
    try:
        result = render(argv[1], *(argv[2:]))
    except RenderError as err:
        print(json.dumps({"error": str(err)}, ensure_ascii=False))
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
