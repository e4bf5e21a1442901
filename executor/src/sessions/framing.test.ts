import { describe, expect, it, vi } from "vitest";
import { encodeFrame, FrameDecoder, FrameError } from "./framing";

describe("framing", () => {
  it("decodes frames split and merged across chunks", () => {
    const bytes = Buffer.concat([encodeFrame({ a: 1 }), encodeFrame({ b: "한글" }), encodeFrame([3])]);
    const decoder = new FrameDecoder(1024);
    const out: unknown[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...decoder.push(bytes.subarray(i, i + 3)));
    expect(out).toEqual([{ a: 1 }, { b: "한글" }, [3]]);
  });

  it("refuses an oversized frame on its header, before buffering its body", () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2049, 0);
    expect(() => new FrameDecoder(2048).push(header)).toThrow(FrameError);
    expect(() => new FrameDecoder(2048).push(header)).toThrow(/2049 bytes exceeds the 2048-byte limit/);
  });

  it("reports a body that is not JSON as a frame error", () => {
    const body = Buffer.from("{nope");
    const header = Buffer.alloc(4);
    header.writeUInt32BE(body.length, 0);
    expect(() => new FrameDecoder(64).push(Buffer.concat([header, body]))).toThrow(/not JSON/);
  });

  it("assembles a large frame from small chunks copying each byte about once", () => {
    const big = { text: "x".repeat(8 * 1024 * 1024) };
    const bytes = encodeFrame(big);
    const decoder = new FrameDecoder(16 * 1024 * 1024);
    const concat = vi.spyOn(Buffer, "concat");
    let out: unknown[] = [];
    try {
      for (let i = 0; i < bytes.length; i += 4096)
        out = out.concat(decoder.push(bytes.subarray(i, i + 4096)));
      // re-copying the buffer for every chunk would copy ~8 GiB here (2,048 chunks × 4 MiB on average)
      const copied = concat.mock.results.reduce((sum, r) => sum + (r.value as Buffer).length, 0);
      expect(copied).toBeLessThanOrEqual(bytes.length);
    } finally {
      concat.mockRestore();
    }
    expect(out).toEqual([big]);
  });
});
