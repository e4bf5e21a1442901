"""Length-prefixed JSON frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.

The one Python definition of the wire format the server speaks (its other end is src/sessions/framing.ts).
The zygote reads its control pipe with it and workers read their socket with it; both pass the function
that reads bytes, so the same reader serves a file descriptor and a socket.
"""

import json
import struct

HEADER = struct.Struct(">I")
# What the server sends (code of one execution, an assignment) stays far below this.
MAX_INCOMING_FRAME = 64 * 1024 * 1024


def encode(message):
    """One frame holding `message` as JSON (non-ASCII kept as UTF-8, so text costs no escaping)."""
    # "replace": a lone surrogate in user text (an exception message, say) must not make the frame unsendable
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
    return HEADER.pack(len(body)) + body


def write_all(write, data):
    """Write every byte with `write` (os.write on a descriptor, or socket.send), however short its writes."""
    view = memoryview(data)
    while view:
        view = view[write(view) :]


class FrameReader:
    """Decodes frames from a byte source. `read(n)` returns up to n bytes, or b"" at end of stream."""

    def __init__(self, read, max_frame=MAX_INCOMING_FRAME):
        self.read = read
        self.max_frame = max_frame
        self.buf = bytearray()

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.read(max(1 << 16, n - len(self.buf)))
            if not chunk:
                return False
            self.buf += chunk
        return True

    def next(self):
        """The next message, or None at end of stream. Raises ValueError on an oversized frame."""
        if not self._fill(HEADER.size):
            return None
        (length,) = HEADER.unpack_from(self.buf)
        if length > self.max_frame:
            raise ValueError(f"frame of {length} bytes exceeds the {self.max_frame} limit")
        if not self._fill(HEADER.size + length):
            return None
        body = bytes(self.buf[HEADER.size : HEADER.size + length])
        del self.buf[: HEADER.size + length]
        return json.loads(body.decode("utf-8"))

    def available(self):
        """Every whole message already buffered after one read (for a select loop); None at end of stream."""
        chunk = self.read(1 << 16)
        if not chunk:
            return None
        self.buf += chunk
        messages = []
        while len(self.buf) >= HEADER.size:
            (length,) = HEADER.unpack_from(self.buf)
            if length > self.max_frame:
                raise ValueError(f"frame of {length} bytes exceeds the {self.max_frame} limit")
            if len(self.buf) < HEADER.size + length:
                break
            messages.append(json.loads(bytes(self.buf[HEADER.size : HEADER.size + length]).decode("utf-8")))
            del self.buf[: HEADER.size + length]
        return messages
