"""Entry script of the report renderer for the executor's helper processes: render_report.py <artifacts dir>.

The server runs it confined like the session's worker (python/helper.py); it runs the report_render package
beside it and exits with its status (0 rendered, 2 nothing to render; one JSON line on stdout either way).
"""

import sys

from report_render.__main__ import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
