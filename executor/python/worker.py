"""One session's worker: forked from the zygote, runs code like a notebook kernel.

Right after the fork (still as the zygote's user, before it belongs to any session) it starts a new
session and process group, points fds 1/2 at capture pipes (so output of print, C extensions and bash
children is all caught and capped) and warms itself: a spare runs a small pandas and matplotlib cell, so
the copy-on-write faults and first-use costs are paid before anyone waits. Then it connects back to the
server's Unix socket (authenticating with a one-time token) and waits. When the "assign" frame names its
session, confine.enter_session gives it the session's uid, environment, folder, limits and seccomp
filter; it answers "ready" and serves execute requests until the socket closes.
"""

import os
import signal
import socket
import sys
import tempfile

import confine
import framing
from capture import Capture
from kernel import Kernel

WORKER_PID = None

WARM_UP_LIGHT = "x = [1, 2]\nsum(x)"
WARM_UP_PANDAS = """
import io
import pandas as pd
import matplotlib.pyplot as plt
frame = pd.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
grouped = frame.groupby("k")["v"].sum()
len(pd.DataFrame({"a": [1, 2]}))
fig, ax = plt.subplots(figsize=(2, 1))
grouped.plot.bar(ax=ax)
fig.savefig(io.BytesIO(), format="png")
plt.close(fig)
"""


def warm_up(capture, heavy):
    """A throwaway cell through the whole execute path (with pandas and a figure for a spare)."""
    capture.begin()
    try:
        kernel = Kernel()
        kernel.run_python(WARM_UP_LIGHT)
        if heavy:
            kernel.run_python(WARM_UP_PANDAS)
        framing.encode({"warm": "up"})
    finally:
        capture.end()


def run_worker(req, control_fd, zygote_pid):
    """Runs in the freshly forked child; never returns."""
    global WORKER_PID
    try:
        os.close(control_fd)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversized writes fail with EFBIG instead
        confine.set_parent_death_signal(zygote_pid)  # not inherited across fork
        os.setsid()
        WORKER_PID = os.getpid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        capture = Capture(int(req.get("outputBytes", 1 << 20)))
        warm_up(capture, bool(req.get("warm")))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(req["socketPath"])

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
        send = lambda message: framing.write_all(sock.send, framing.encode(message))  # noqa: E731
        send({"type": "hello", "token": req["token"], "pid": WORKER_PID})
        reader = framing.FrameReader(sock.recv)
        assign = reader.next()
        if assign is None or assign.get("type") != "assign":
            os._exit(0)  # the server let go of this spare
        confine.enter_session(assign, zygote_pid)
        tempfile.tempdir = None
        sys.path.insert(0, assign["cwd"])
        # The drainer thread starts only now: while the worker is single-threaded, setuid() needs no round
        # of signals to other threads (glibc applies credentials to every thread).
        capture.start_thread()
        send({"type": "ready"})
        serve(send, reader, capture)
    except BaseException:
        try:
            import traceback

            os.write(2, traceback.format_exc().encode())
        except OSError:
            pass
        os._exit(71)
    os._exit(0)


def serve(send, reader, capture):
    kernel = Kernel()
    while True:
        msg = reader.next()
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
            {
                "type": "result",
                "id": msg.get("id"),
                "status": status,
                "error": error,
                "stdout": out,
                "stderr": err,
                "truncated": truncated,
            }
        )
