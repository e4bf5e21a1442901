"""Zygote: a pre-started parent that imports the heavy modules once, then forks one worker per session.

Protocol with the Node server: fd 3 is a bidirectional socket carrying frames (framing.py). Requests:
{"op": "spawn" | "killuid", ...}. Events: "ready", "spawned", "spawn_failed", "exit" (a worker was
reaped), "uidkilled" (a killuid request is done: the uid may be given to a new worker), "error".

The zygote starts from the allow-listed environment the server gives it (no credentials), runs only the
server's code (never a session's), stays single-threaded (forking a threaded process is unsafe), is the
child subreaper of everything its workers start, reaps its children from a SIGCHLD wake-up pipe, and
exits when the control socket closes (the server died or stopped it).
"""

import gc
import importlib
import json
import os
import select
import signal
import sys
import time
import traceback

import framing

CONTROL_FD = 3


def send(obj):
    framing.write_all(lambda data: os.write(CONTROL_FD, data), framing.encode(obj))


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


# World-writable shared-memory folders: what a session left there must not reach the next user of its uid.
SHARED_FOLDERS = ("/dev/shm",)


def kill_uid(uid):
    """Kill every process owned by uid, then remove its files in the shared folders (as root only).

    A helper that becomes the uid sends SIGKILL to -1, which reaches every process it may signal (all of
    the uid) in one pass: a process being killed cannot complete a fork, so nothing escapes.
    """
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
            for folder in SHARED_FOLDERS:
                try:
                    entries = list(os.scandir(folder))
                except OSError:
                    continue
                for entry in entries:
                    try:
                        if entry.stat(follow_symlinks=False).st_uid == uid:
                            os.unlink(entry.path)
                    except OSError:
                        pass
        finally:
            os._exit(0)
    return pid


def main():
    config = json.loads(sys.argv[1])
    import confine  # builds the seccomp filter for this architecture, or stops the zygote here

    confine.set_parent_death_signal(os.getppid())
    # Processes that session code detaches (double fork, setsid) become our children, not init's: the
    # server finds them in one /proc file and kills them after the execution.
    confine.become_subreaper()
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
    reader = framing.FrameReader(lambda n: os.read(CONTROL_FD, n))
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
        frames = reader.available()
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
