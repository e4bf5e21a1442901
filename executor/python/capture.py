"""Output capture of a worker: fds 1 and 2 are pipes whose read ends the worker drains itself."""

import _thread
import fcntl
import io
import json
import os
import select
import sys
import threading

F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)
# Room a stream may take in a result frame beyond its cap, for JSON escapes and the truncation note. The
# server refuses frames above twice the cap plus 64 KiB, so two streams and the other fields always fit.
FRAME_SLACK = 16 * 1024


class Stream:
    """One capture pipe (the read end; fd 1 or 2 of the worker is the write end).

    The read end is non-blocking and every read happens under `lock`, so no chunk is ever "in flight"
    outside it: at the end of an execution the main thread takes the lock and drains what is left
    itself, with no end marker to wait for and no thread hand-off on the critical path. The drainer
    thread (see Capture) empties the pipe while code runs, so a writer never blocks on a full pipe,
    and discards output that arrives between executions (background threads).
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
            # else: output between executions (background threads) is discarded

    def begin(self):
        with self.lock:
            self.drain(self.pipe_size)  # leftovers from between executions
            self.reset()
            self.active = True

    def finish(self):
        """Return (text, truncated): everything written to the pipe before this call, capped."""
        with self.lock:
            # Bounded by the pipe's capacity: a background writer cannot hold the reply back; what it
            # writes from here on belongs to no execution.
            self.drain(self.pipe_size)
            self.active = False
            text = bytes(self.buf).decode("utf-8", errors="replace")
            dropped = self.dropped
            self.reset()
        text, cut = fit_for_frame(text, self.cap + FRAME_SLACK)
        dropped += cut
        if dropped:
            text += f"\n[output truncated: {dropped} more bytes not shown]"
        return text, dropped > 0


def encoded_size(text):
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8", "replace"))


def fit_for_frame(text, limit):
    """Shortens text until its JSON encoding is at most `limit` bytes; returns it and the characters cut.

    Control characters become 6-byte escapes in JSON, so a capped stream of them would encode to six times
    its cap; most output needs no work (checked by the cheap bound first).
    """
    if len(text) * 6 + 2 <= limit:
        return text, 0
    original = len(text)
    while encoded_size(text) > limit:
        text = text[: max(0, int(len(text) * limit / encoded_size(text)) - 8)]
    return text, original - len(text)


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

    def start_thread(self):
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
