"""One session's worker: forked from the zygote, runs code like a notebook kernel.

After the fork it: starts a new process group, connects back to the Node server over its Unix socket
(authenticating with a one-time token), redirects fds 1/2 into capture pipes drained by reader
threads (so output from print, C extensions and bash children is all caught and capped), optionally
drops to a per-session uid, applies resource limits, then serves execute requests until the socket
closes. Frames are 4-byte big-endian length + UTF-8 JSON.
"""

import ast
import builtins
import ctypes
import json
import linecache
import os
import resource
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
import io

MAX_FRAME = 64 * 1024 * 1024
WORKER_PID = None


class Stream:
    """Drains one pipe forever; keeps at most `cap` bytes of the current execution's output."""

    def __init__(self, read_fd, cap):
        self.fd = read_fd
        self.cap = cap
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.active = False
        self.marker = b""
        self.reset()

    def reset(self):
        self.buf = bytearray()
        self.dropped = 0
        self.pending = b""

    def begin(self, marker):
        with self.lock:
            self.reset()
            self.marker = marker
            self.active = True
            self.done.clear()

    def _append(self, part):
        room = self.cap - len(self.buf)
        if room > 0:
            self.buf += part[:room]
        self.dropped += max(0, len(part) - max(room, 0))

    def consume(self, chunk):
        with self.lock:
            if not self.active:
                return  # output between executions (background processes) is discarded
            data = self.pending + chunk
            idx = data.find(self.marker)
            if idx >= 0:
                self._append(data[:idx])
                self.pending = b""
                self.active = False
                self.done.set()
                return
            cut = max(0, len(data) - (len(self.marker) - 1))
            self._append(data[:cut])
            self.pending = data[cut:]

    def run(self):
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self.consume(chunk)

    def finish(self):
        """Return (text, truncated) once the end marker has come through the pipe."""
        self.done.wait(timeout=5)
        with self.lock:
            if not self.done.is_set():
                self._append(self.pending)
            self.active = False
            text = bytes(self.buf).decode("utf-8", errors="replace")
            dropped = self.dropped
        if dropped:
            text += f"\n[output truncated: {dropped} more bytes not shown]"
        return text, dropped > 0


class Capture:
    def __init__(self, cap):
        self.streams = {}
        for fd in (1, 2):
            r, w = os.pipe()
            os.dup2(w, fd)
            os.close(w)
            os.set_inheritable(fd, True)
            self.streams[fd] = Stream(r, cap)
        sys.stdout = io.TextIOWrapper(
            io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
        )
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
        )

    def start_threads(self):
        for stream in self.streams.values():
            threading.Thread(target=stream.run, daemon=True).start()

    def read_fds(self):
        return [s.fd for s in self.streams.values()]

    def begin(self):
        self.marker = b"\x00[executor-end:" + secrets.token_hex(8).encode() + b"]\x00"
        for stream in self.streams.values():
            stream.begin(self.marker)

    def end(self):
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except Exception:
                pass
        for fd in (1, 2):
            try:
                os.write(fd, self.marker)
            except OSError:
                pass
        out, t1 = self.streams[1].finish()
        err, t2 = self.streams[2].finish()
        return out, err, t1 or t2


class Kernel:
    def __init__(self):
        self.globals = {"__name__": "__main__", "__builtins__": builtins}
        self.counter = 0

    def run_python(self, code):
        self.counter += 1
        filename = f"<cell-{self.counter}>"
        try:
            tree = ast.parse(code, filename, "exec")
        except SyntaxError as exc:
            sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
            return "error", f"SyntaxError: {exc.msg} (line {exc.lineno})"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        try:
            exec(compile(tree, filename, "exec"), self.globals)
            if last is not None:
                value = eval(compile(last, filename, "eval"), self.globals)
                if value is not None:
                    self.globals["_"] = value
                    print(repr(value))
            return "ok", None
        except SystemExit as exc:
            if exc.code in (None, 0):
                return "ok", None
            return "error", f"SystemExit: {exc.code}"
        except BaseException as exc:  # noqa: B036 - user code may raise anything
            tb = exc.__traceback__.tb_next if exc.__traceback__ else None
            sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))
            return "error", "".join(traceback.format_exception_only(type(exc), exc)).strip()

    def run_bash(self, code):
        try:
            proc = subprocess.run(["/bin/bash", "-c", code], stdin=subprocess.DEVNULL)
        except OSError as exc:
            return "error", f"could not start bash: {exc}"
        if proc.returncode == 0:
            return "ok", None
        if proc.returncode < 0:
            return "error", f"bash killed by signal {-proc.returncode} ({signal.Signals(-proc.returncode).name})"
        return "error", f"bash exited with status {proc.returncode}"


def send(sock, obj):
    data = json.dumps(obj).encode("utf-8")
    sock.sendall(struct.pack(">I", len(data)) + data)


def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def recv(sock):
    header = recv_exact(sock, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    if length > MAX_FRAME:
        return None
    body = recv_exact(sock, length)
    return None if body is None else json.loads(body.decode("utf-8"))


def count_user_tasks(uid):
    """Threads owned by uid (RLIMIT_NPROC counts them all, server and other sessions included)."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields.get("Threads", "1"))
        except (OSError, KeyError, ValueError):
            continue
    return total


def apply_limits(limits, per_session_uid):
    def setlim(kind, value):
        if value is not None and value > 0:
            resource.setrlimit(kind, (value, value))

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core files in the session directory
    setlim(resource.RLIMIT_AS, limits.get("addressSpaceBytes"))
    setlim(resource.RLIMIT_FSIZE, limits.get("fileSizeBytes"))
    setlim(resource.RLIMIT_NOFILE, limits.get("openFiles"))
    cpu = limits.get("cpuSeconds")
    if cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    nproc = limits.get("processes")
    if nproc:
        if not per_session_uid:  # shared uid: allow this many on top of what already runs
            nproc += count_user_tasks(os.getuid())
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


def run_worker(req, control_fd):
    global WORKER_PID
    try:
        os.close(control_fd)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead
        zygote_pid = os.getppid()
        os.setsid()
        WORKER_PID = os.getpid()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(req["socketPath"])
        send(sock, {"type": "hello", "token": req["token"], "pid": WORKER_PID})
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        capture = Capture(int(req["limits"].get("outputBytes", 1 << 20)))
        uid = req.get("uid")
        if uid is not None:
            os.setgroups([])
            os.setgid(int(req.get("gid", uid)))
            os.setuid(int(uid))
        try:
            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)
        except Exception:
            pass
        if os.getppid() != zygote_pid:
            os._exit(0)
        os.environ.update(req.get("env", {}))
        tempfile.tempdir = None
        os.chdir(req["cwd"])
        sys.path.insert(0, req["cwd"])
        apply_limits(req["limits"], uid is not None)

        def after_fork_in_child():
            # user code forked: the child must never talk on the server's socket
            try:
                sock.close()
            except OSError:
                pass
            for fd in capture.read_fds():
                try:
                    os.close(fd)
                except OSError:
                    pass

        os.register_at_fork(after_in_child=after_fork_in_child)
        capture.start_threads()
        serve(sock, capture)
    except BaseException:
        try:
            os.write(2, traceback.format_exc().encode())
        except OSError:
            pass
        os._exit(71)
    os._exit(0)


def serve(sock, capture):
    kernel = Kernel()
    while True:
        msg = recv(sock)
        if msg is None:
            return
        if msg.get("type") != "execute":
            continue
        capture.begin()
        status, error = "error", "internal error"
        try:
            if msg.get("language") == "bash":
                status, error = kernel.run_bash(msg["code"])
            else:
                status, error = kernel.run_python(msg["code"])
        finally:
            if os.getpid() != WORKER_PID:
                os._exit(0)  # a child forked by user code fell through: it must not reply
        out, err, truncated = capture.end()
        send(
            sock,
            {
                "type": "result",
                "id": msg.get("id"),
                "status": status,
                "error": error,
                "stdout": out,
                "stderr": err,
                "truncated": truncated,
            },
        )
