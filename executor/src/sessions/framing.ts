/**
 * Length-prefixed JSON frames (4-byte big-endian length + UTF-8 JSON): the server's end of the format whose
 * Python end is python/framing.py.
 */

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** A frame the peer should not have sent: oversized, or not JSON. */
export class FrameError extends Error {
  override name = "FrameError";
}

/**
 * Incremental decoder: feed it chunks, get whole messages back. Chunks are kept as a list and joined once
 * per frame, so a large frame arriving in many small chunks costs linear, not quadratic, copying; an
 * oversized frame is refused on its 4-byte header, before any of its body is buffered.
 */
export class FrameDecoder {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the frame being read, or -1 while its header is incomplete. */
  private expected = -1;

  constructor(public maxFrameBytes: number) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: unknown[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < 4) break;
        const length = this.take(4).readUInt32BE(0);
        if (length > this.maxFrameBytes) {
          throw new FrameError(`frame of ${length} bytes exceeds the ${this.maxFrameBytes}-byte limit`);
        }
        this.expected = length;
      }
      if (this.buffered < this.expected) break;
      const body = this.take(this.expected);
      this.expected = -1;
      try {
        messages.push(JSON.parse(body.toString("utf8")));
      } catch {
        throw new FrameError("frame is not JSON");
      }
    }
    return messages;
  }

  /** The next n buffered bytes (a view when one chunk holds them, else one copy). */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const chunk = this.chunks[0] as Buffer;
      if (chunk.length <= need) {
        parts.push(chunk);
        this.chunks.shift();
        need -= chunk.length;
      } else {
        parts.push(chunk.subarray(0, need));
        this.chunks[0] = chunk.subarray(need);
        need = 0;
      }
    }
    return Buffer.concat(parts, n);
  }
}
