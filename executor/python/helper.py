"""Runs a helper Python script for a session, confined exactly like the session's worker.

The server starts `python3 -I -S helper.py <spec>` (as root when sessions have their own uids) with the
session's allow-listed environment, stdout and stderr on pipes it reads. Before anything of the script
runs, confine.enter_session gives this process the session's uid, folder, limits, no_new_privs, not
dumpable and the seccomp filter. The script then runs in this same process (runpy), not through exec:
an exec would make the process dumpable again, and other processes of the session could then reach into
it through /proc.

spec (JSON): {"assign": {"cwd", "uid"?, "gid"?, "env", "limits"}, "script": "/abs/path.py", "args": [...]}
The exit status is the script's (SystemExit), 1 for an uncaught exception (traceback on stderr).
"""

import json
import os
import runpy
import sys

# -I leaves the script's own folder off sys.path: the confinement modules live beside this file.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confine  # noqa: E402


def main():
    spec = json.loads(sys.argv[1])
    confine.set_parent_death_signal(os.getppid())
    confine.enter_session(spec["assign"], os.getppid())
    # Started with -S (no site-packages) so nothing outside the standard library ran before the filter;
    # the script may use the distribution's packages (pandas, python-docx, ...).
    import site

    site.main()
    script = spec["script"]
    sys.argv = [script, *spec.get("args", [])]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
