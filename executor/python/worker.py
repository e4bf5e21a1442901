"""One session's worker: forked from the zygote, runs code like a notebook kernel.

After the fork it starts a new process group and connects back to the Node server over its Unix socket
(authenticating with a one-time token). The server keeps a few such workers forked ahead of need
(spares); when one is assigned to a session it redirects fds 1/2 into capture pipes (so output from
print, C extensions and bash children is all caught and capped), drops to the session's uid (when the
server is root), enters the session directory, applies resource limits, then serves execute requests
until the socket closes. Frames are 4-byte big-endian length + UTF-8 JSON.
"""

import _thread
import ast
import builtins
import ctypes
import fcntl
import json
import linecache
import os
import resource
import select
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
F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)
WORKER_PID = None


class Stream:
    """One capture pipe (the read end; fd 1 or 2 of the worker is the write end).

    The read end is non-blocking and every read happens under `lock`, so no chunk is ever "in flight"
    outside it: at the end of an execution the main thread takes the lock and drains what is left
    itself, with no end marker to wait for and no thread hand-off on the critical path. The drainer
    thread (see Capture) empties the pipe while code runs, so a writer never blocks on a full pipe,
    and discards output that arrives between executions (background processes).
    """

    def __init__(self, read_fd, cap):
        self.fd = read_fd
        os.set_blocking(read_fd, False)
        self.cap = cap
        self.lock = threading.Lock()
        self.active = False
        self.open = True
        try:
            self.pipe_size = fcntl.fcntl(read_fd, F_GETPIPE_SZ)
        except OSError:
            self.pipe_size = 1 << 16
        self.reset()

    def reset(self):
        self.buf = bytearray()
        self.dropped = 0

    def _append(self, part):
        room = self.cap - len(self.buf)
        if room > 0:
            self.buf += part[:room]
        self.dropped += max(0, len(part) - max(room, 0))

    def drain(self, limit):
        """Read what the pipe holds, up to about `limit` bytes (caller holds the lock)."""
        total = 0
        while self.open and total < limit:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                self.open = False
                return
            if not chunk:
                self.open = False
                return
            total += len(chunk)
            if self.active:
                self._append(chunk)
            # else: output between executions (background processes) is discarded

    def begin(self):
        with self.lock:
            self.drain(self.pipe_size)  # leftovers from between executions
            self.reset()
            self.active = True

    def finish(self):
        """Return (text, truncated): everything written to the pipe before this call, capped."""
        with self.lock:
            # Bounded by the pipe's capacity: a background process that keeps writing cannot hold
            # the reply back; what it writes from here on belongs to no execution.
            self.drain(self.pipe_size)
            self.active = False
            text = bytes(self.buf).decode("utf-8", errors="replace")
            dropped = self.dropped
            self.reset()
        if dropped:
            text += f"\n[output truncated: {dropped} more bytes not shown]"
        return text, dropped > 0


class Capture:
    """Points fds 1 and 2 at capture pipes; one daemon thread keeps both pipes drained."""

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
        # _thread rather than threading.Thread: no wait for the new thread to be scheduled
        _thread.start_new_thread(self.run, ())

    def run(self):
        poller = select.poll()
        by_fd = {}
        for stream in self.streams.values():
            poller.register(stream.fd, select.POLLIN)
            by_fd[stream.fd] = stream
        while by_fd:
            try:
                events = poller.poll()
            except InterruptedError:
                continue
            except OSError:
                return
            for fd, _mask in events:
                stream = by_fd.get(fd)
                if stream is None:
                    continue
                with stream.lock:
                    stream.drain(1 << 16)  # one chunk at a time: the main thread may want the lock
                if not stream.open:
                    poller.unregister(fd)
                    del by_fd[fd]

    def read_fds(self):
        return [s.fd for s in self.streams.values()]

    def begin(self):
        for stream in self.streams.values():
            stream.begin()

    def end(self):
        for f in (sys.stdout, sys.stderr):
            try:
                f.flush()
            except Exception:
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


class FrameReader:
    """Reads length-prefixed JSON frames from the server's socket (usually one recv per frame)."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(max(1 << 16, n - len(self.buf)))
            if not chunk:
                return False
            self.buf += chunk
        return True

    def recv(self):
        if not self._fill(4):
            return None
        (length,) = struct.unpack_from(">I", self.buf)
        if length > MAX_FRAME or not self._fill(4 + length):
            return None
        body = bytes(self.buf[4 : 4 + length])
        del self.buf[: 4 + length]
        return json.loads(body.decode("utf-8"))


def count_user_tasks(uid):
    """Threads owned by uid (RLIMIT_NPROC counts them all, server and other sessions included).

    Runs while a session starts, so it stays cheap: one stat per process (a /proc/<pid> directory
    belongs to the process's uid) and a directory listing of the tasks of the matching ones only.
    """
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid == uid:
                total += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            continue  # gone meanwhile
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


def set_parent_death_signal():
    try:
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def warm_up(capture):
    """One throwaway cell through the whole execute path: the copy-on-write page faults and first-use
    costs it causes are paid here, before the worker has a session, not by its first execution."""
    capture.begin()
    try:
        Kernel().run_python("x = [1, 2]\nsum(x)")
        json.dumps({"warm": "up"})
    finally:
        capture.end()


def run_worker(req, control_fd, zygote_pid):
    """Runs in the freshly forked child; never returns.

    Phase 1 (right after the fork): connect back to the server and say hello. The worker may then wait
    as a spare (the server keeps a few ready) until phase 2: the "assign" frame names the session (its
    directory, uid, environment and limits); the worker applies them, answers "ready" and serves.
    """
    global WORKER_PID
    try:
        os.close(control_fd)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead
        set_parent_death_signal()  # not inherited across fork
        if os.getppid() != zygote_pid:
            os._exit(0)
        os.setsid()
        WORKER_PID = os.getpid()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(req["socketPath"])
        send(sock, {"type": "hello", "token": req["token"], "pid": WORKER_PID})
        reader = FrameReader(sock)
        # Everything that does not depend on the session happens before the assignment, off the
        # critical path of creating a session.
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        capture = Capture(int(req.get("outputBytes", 1 << 20)))

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
        warm_up(capture)
        assign = reader.recv()
        if assign is None or assign.get("type") != "assign":
            os._exit(0)  # the server let go of this spare
        uid = assign.get("uid")
        if uid is not None:
            os.setgroups([])
            os.setgid(int(assign.get("gid", uid)))
            os.setuid(int(uid))
        set_parent_death_signal()  # cleared by the credential change
        if os.getppid() != zygote_pid:
            os._exit(0)
        os.environ.update(assign.get("env", {}))
        tempfile.tempdir = None
        os.chdir(assign["cwd"])
        sys.path.insert(0, assign["cwd"])
        apply_limits(assign["limits"], uid is not None)
        # The drainer thread starts only now: while the worker is single-threaded, setuid() above
        # needs no round of signals to other threads (glibc applies credentials to every thread).
        capture.start_threads()
        send(sock, {"type": "ready"})
        serve(sock, reader, capture)
    except BaseException:
        try:
            os.write(2, traceback.format_exc().encode())
        except OSError:
            pass
        os._exit(71)
    os._exit(0)


def serve(sock, reader, capture):
    kernel = Kernel()
    while True:
        msg = reader.recv()
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
