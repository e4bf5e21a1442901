"""A session's interpreter state: notebook-style Python cells and bash cells."""

import ast
import builtins
import linecache
import os
import signal
import subprocess
import sys
import traceback

# The one-line summary in a result; the whole traceback is in stderr.
MAX_ERROR_CHARS = 4000


def summary(text):
    text = text.strip()
    return text if len(text) <= MAX_ERROR_CHARS else text[:MAX_ERROR_CHARS] + " …"


class Kernel:
    def __init__(self):
        self.globals = {"__name__": "__main__", "__builtins__": builtins}
        self.counter = 0

    def compile_cell(self, code, filename):
        """(module code, trailing expression code or None), or raises what parsing raised."""
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = compile(ast.Expression(tree.body.pop().value), filename, "eval")
        return compile(tree, filename, "exec"), last

    def run_python(self, code):
        self.counter += 1
        filename = f"<cell-{self.counter}>"
        try:
            body, last = self.compile_cell(code, filename)
        except SyntaxError as exc:
            sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
            return "error", summary(f"{type(exc).__name__}: {exc.msg} (line {exc.lineno})")
        except (RecursionError, MemoryError, ValueError) as exc:
            # Deeply nested or huge code exhausts the parser or the compiler; the cell fails, the worker lives.
            return "error", summary(f"{type(exc).__name__} while compiling the cell: {exc}")
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        try:
            exec(body, self.globals)
            if last is not None:
                value = eval(last, self.globals)
                if value is not None:
                    self.globals["_"] = value
                    print(repr(value))
            return "ok", None
        except SystemExit as exc:
            if exc.code in (None, 0):
                return "ok", None
            return "error", summary(f"SystemExit: {exc.code}")
        except BaseException as exc:  # noqa: B036 - user code may raise anything
            tb = exc.__traceback__.tb_next if exc.__traceback__ else None
            try:
                sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))
                return "error", summary("".join(traceback.format_exception_only(type(exc), exc)))
            except BaseException:  # noqa: B036 - formatting can fail too (recursion, memory)
                return "error", summary(type(exc).__name__)

    def run_bash(self, code):
        """Runs the cell from a file in the session's private TMPDIR rather than `bash -c <code>`: a command
        line is readable by every process on the machine (/proc/<pid>/cmdline), a 0600 file is not."""
        self.counter += 1
        script = os.path.join(os.environ.get("TMPDIR", "."), f".cell-{self.counter}.sh")
        try:
            with open(script, "w", encoding="utf-8") as f:
                f.write(code)
            proc = subprocess.run(["/bin/bash", script], stdin=subprocess.DEVNULL)
        except OSError as exc:
            return "error", summary(f"could not start bash: {exc}")
        finally:
            try:
                os.unlink(script)
            except OSError:
                pass
        if proc.returncode == 0:
            return "ok", None
        if proc.returncode < 0:
            number = -proc.returncode
            name = signal.Signals(number).name if number in signal.valid_signals() else f"signal {number}"
            return "error", f"bash killed by signal {number} ({name})"
        return "error", f"bash exited with status {proc.returncode}"
