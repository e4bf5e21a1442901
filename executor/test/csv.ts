/** CSV rows, deterministic: a generated object, a benchmark's input file and a checksum agree on the bytes. */
export function csvChunk(offset: number): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < 16_384; i++)
    rows.push(`${offset + i},${(offset * 7 + i * 13) % 100_003},row-${i % 97}\n`);
  return Buffer.from(rows.join(""));
}

/** Calls `use` with consecutive chunks of exactly `size` bytes in all. */
export function forEachChunk(size: number, use: (chunk: Buffer) => void): void {
  for (let offset = 0; offset < size;) {
    const chunk = csvChunk(offset);
    const part = chunk.length > size - offset ? chunk.subarray(0, size - offset) : chunk;
    use(part);
    offset += part.length;
  }
}
