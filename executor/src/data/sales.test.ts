import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateSalesRows, salesCsv, SALES_CATEGORIES, SALES_COLUMNS, SALES_ROW_COUNT } from "./sales";

describe("sales dataset", () => {
  it("has 2,726 rows, the expected columns and the five categories", () => {
    const rows = generateSalesRows();
    expect(rows).toHaveLength(SALES_ROW_COUNT);
    expect(SALES_ROW_COUNT).toBe(2726);
    expect(Object.keys(rows[0] as object)).toEqual([...SALES_COLUMNS]);
    expect(new Set(rows.map((r) => r.Category))).toEqual(new Set(SALES_CATEGORIES));
    expect(rows.every((r) => /^\d{1,2}\/\d{1,2}\/24$/.test(String(r.Date)))).toBe(true);
    expect(rows.every((r) => Number(r.Amount) > 0 && Number(r.Qty) >= 1)).toBe(true);
    expect(rows.some((r) => r["promotion-ids"] === "")).toBe(true);
    expect(rows.some((r) => String(r["promotion-ids"]).includes(","))).toBe(true);
  });

  it("is deterministic: the same bytes every run, and from the CLI script", async () => {
    const digest = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
    expect(digest(salesCsv())).toBe(digest(salesCsv()));
    // pinned: the agent's tests and demos rely on these exact bytes
    expect(digest(salesCsv())).toBe("4d7122d51b6db6b14f0b4250734f0448178aa46648670a3ec6edb59e8068ab2b");
    expect(digest(salesCsv(7))).not.toBe(digest(salesCsv()));
    const dir = await mkdtemp(path.join(os.tmpdir(), "sales-"));
    try {
      const out = path.join(dir, "sales.csv");
      execFileSync(process.execPath, ["--import", "tsx", "src/data/generate-sales.ts", out], {
        cwd: path.resolve(__dirname, "..", ".."),
        stdio: "ignore",
      });
      const written = await readFile(out);
      expect(digest(written)).toBe(digest(salesCsv()));
      const lines = written.toString("utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(2727);
      expect(lines[0]).toBe(SALES_COLUMNS.join(","));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
