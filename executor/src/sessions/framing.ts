/** Length-prefixed JSON frames (4-byte big-endian length + UTF-8 JSON), shared with python/*.py. */

export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Incremental decoder: feed it chunks, get whole messages back. Throws on an oversized frame. */
export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): unknown[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: unknown[] = [];
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES)
        throw new Error(`frame of ${length} bytes exceeds the ${MAX_FRAME_BYTES} limit`);
      if (this.buffer.length < 4 + length) break;
      messages.push(JSON.parse(this.buffer.subarray(4, 4 + length).toString("utf8")));
      this.buffer = this.buffer.subarray(4 + length);
    }
    return messages;
  }
}
