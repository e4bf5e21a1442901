"""Zygote: a pre-started parent that imports the heavy modules once, then forks one worker per session.

Protocol with the Node server: fd 3 is a bidirectional socket carrying length-prefixed JSON frames
(4-byte big-endian length, UTF-8 JSON). Requests: {"op": "spawn" | "killuid", ...}. Events: "ready",
"spawned", "spawn_failed", "exit" (a worker was reaped), "uidkilled" (a killuid request is done:
the uid may be given to a new worker), "error".

The zygote stays single-threaded (forking a threaded process is unsafe), reaps its children from a
SIGCHLD wake-up pipe, and exits when the control socket closes (the server died or stopped it).
"""

import ctypes
import gc
import importlib
import json
import os
import select
import signal
import struct
import sys
import time
import traceback

CONTROL_FD = 3
MAX_FRAME = 64 * 1024 * 1024
PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig=signal.SIGKILL):
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except Exception:  # pragma: no cover - non-Linux
        pass


def send(obj):
    data = json.dumps(obj).encode("utf-8")
    buf = struct.pack(">I", len(data)) + data
    while buf:
        n = os.write(CONTROL_FD, buf)
        buf = buf[n:]


class FrameReader:
    def __init__(self, fd):
        self.fd = fd
        self.buf = b""

    def feed(self):
        """Read what is available; return a list of decoded frames, or None on EOF."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return None
        self.buf += chunk
        frames = []
        while len(self.buf) >= 4:
            (length,) = struct.unpack(">I", self.buf[:4])
            if length > MAX_FRAME:
                raise ValueError("control frame too large")
            if len(self.buf) < 4 + length:
                break
            frames.append(json.loads(self.buf[4 : 4 + length].decode("utf-8")))
            self.buf = self.buf[4 + length :]
        return frames


def configure_matplotlib():
    """Non-interactive backend, CJK-capable font fallback, quiet warnings."""
    import warnings

    warnings.filterwarnings("ignore", message=".*non-interactive.*")
    warnings.filterwarnings("ignore", message=".*Glyph .* missing from.*")
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import font_manager

        installed = {f.name for f in font_manager.fontManager.ttflist}
        wanted = ["DejaVu Sans", "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Noto Sans CJK JP"]
        family = [name for name in wanted if name in installed]
        if family:
            matplotlib.rcParams["font.family"] = family
        matplotlib.rcParams["axes.unicode_minus"] = False
        import matplotlib.pyplot as plt

        # Warm the font and rendering caches once here, so no session pays for them.
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [0, 1])
        ax.set_title("warm-up 한글")
        fig.canvas.draw()
        plt.close(fig)
    except Exception:
        pass


def preload(modules):
    loaded, failed = [], []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception as exc:  # keep going: a missing module only costs speed
            failed.append({"module": name, "error": f"{type(exc).__name__}: {exc}"})
    if any(m == "matplotlib" or m.startswith("matplotlib.") for m in loaded):
        configure_matplotlib()
    return loaded, failed


def describe_status(status):
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status), "code": None}
    if os.WIFEXITED(status):
        return {"signal": None, "code": os.WEXITSTATUS(status)}
    return {"signal": None, "code": None}


def reap(children):
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        info = children.pop(pid, None)
        if info is None:
            continue
        if info.get("kind") == "worker":
            send({"event": "exit", "pid": pid, "sessionId": info["sessionId"], **describe_status(status)})
        elif info.get("reqId") is not None:
            # the uid's processes are gone: the server may start a new worker under that uid now
            send({"event": "uidkilled", "reqId": info["reqId"]})


def kill_uid(uid):
    """Kill every process owned by uid (only meaningful when the zygote runs as root)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    return pid


def main():
    config = json.loads(sys.argv[1])
    set_parent_death_signal()
    # The server owns our lifecycle (EOF on fd 3, parent-death signal); a group-wide SIGTERM aimed at
    # the server must not take the zygote down before the server has drained.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    started = time.monotonic()
    loaded, failed = preload(config.get("preload", []))
    preload_ms = (time.monotonic() - started) * 1000
    import worker  # noqa: E402  (same directory; imported after preload so it shares the warm state)

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    gc.collect()
    if hasattr(gc, "freeze"):
        gc.freeze()  # keep preloaded objects out of GC passes: fewer copy-on-write page faults

    send(
        {
            "event": "ready",
            "pid": os.getpid(),
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "preloaded": loaded,
            "failed": failed,
            "preloadMs": round(preload_ms, 1),
        }
    )
    children = {}
    zygote_pid = os.getpid()
    reader = FrameReader(CONTROL_FD)
    while True:
        try:
            ready, _, _ = select.select([CONTROL_FD, wake_r], [], [])
        except InterruptedError:
            continue
        if wake_r in ready:
            try:
                while os.read(wake_r, 4096):
                    pass
            except BlockingIOError:
                pass
            reap(children)
        if CONTROL_FD not in ready:
            continue
        frames = reader.feed()
        if frames is None:
            break
        for req in frames:
            op = req.get("op")
            try:
                if op == "spawn":
                    pid = os.fork()
                    if pid == 0:
                        os.close(wake_r)
                        os.close(wake_w)
                        worker.run_worker(req, CONTROL_FD, zygote_pid)  # never returns
                        os._exit(70)
                    children[pid] = {"kind": "worker", "sessionId": req.get("sessionId")}
                    send({"event": "spawned", "reqId": req["reqId"], "pid": pid})
                elif op == "killuid":
                    children[kill_uid(int(req["uid"]))] = {"kind": "helper", "reqId": req.get("reqId")}
                else:
                    send({"event": "error", "reqId": req.get("reqId"), "message": f"unknown op {op!r}"})
            except Exception as exc:
                send(
                    {
                        "event": "spawn_failed" if op == "spawn" else "error",
                        "reqId": req.get("reqId"),
                        "message": f"{type(exc).__name__}: {exc}",
                        "traceback": traceback.format_exc(),
                    }
                )
    for pid, info in list(children.items()):
        if info.get("kind") == "worker":
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
    sys.exit(0)


if __name__ == "__main__":
    main()
