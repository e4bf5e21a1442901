import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PYTHON, PYTHON_DIR, pdfFonts, pdfText, pdfWords, readDocx, renderReport } from "./read-back";

/**
 * The report renderer end to end (python3 -m report_render, Debian's python-docx 0.8.11 and WeasyPrint 57.2),
 * judged by reading its outputs back: every citation id in the PDF text and the DOCX, tables as tables, every
 * word inside its page, CJK fonts embedded, the same input giving the same output, hostile input inert.
 */
const CALCULATIONS = {
  calculations: [
    {
      id: "total_amount",
      description: "총 매출액",
      code: 'df["Amount"].sum()',
      value: 93776810,
      unit: "KRW",
    },
    {
      id: "share_pct_fruit",
      description: "과일 매출 비중",
      code: "fruit / total * 100",
      value: 40.26262,
      unit: "%",
    },
    { id: "row_count", description: "Rows", code: "len(df)", value: 2726, unit: "" },
    ...Array.from({ length: 30 }, (_, i) => ({
      id: `region_${i}`,
      description: `지역 ${i} 매출 (region ${i})`,
      code: `df[df.Region == ${i}]["Amount"].sum()`,
      value: 1000 + i,
      unit: "KRW",
    })),
  ],
};
const VALIDATION = {
  checks: CALCULATIONS.calculations.map((c) => ({
    id: c.id,
    value: c.id === "row_count" ? 2725 : c.value, // one value the Validator could not confirm
    code: `independent(${c.id})`,
    citation: `data/sales.csv, ${c.id}`,
  })),
};
const LONG_TOKEN = "x".repeat(400);
const REPORT = `# 신선식품 판매 분석 (Sales analysis)

## 요약

- 총 매출액은 **93,776,810원**입니다 [total_amount]. Total revenue is KRW 93,776,810 [total_amount].
- 과일의 비중은 40.3%입니다 [share_pct_fruit]; rows analysed: 2,726 [row_count].
- A token that cannot be broken at a space: ${LONG_TOKEN}

<script>document.title = "pwned"</script>

## 카테고리별 매출

| 카테고리 | 매출액 (원) | 비중 (%) |
|---|---:|---:|
| 과일 | 37,756,990 | 40.3 [share_pct_fruit] |
| 수산물 | 24,213,390 | 25.8 |
| **합계** | **93,776,810** [total_amount] | 100.0 |

![카테고리별 매출 차트](chart.png)

![secret](../../../etc/passwd) ![remote](https://example.com/x.png) ![link](link.png)

## 지역별 매출 (a long table)

| 지역 | 매출 |
|---|---:|
${Array.from({ length: 30 }, (_, i) => `| 지역 ${i} region | ${1000 + i} [region_${i}] |`).join("\n")}

## 방법

\`\`\`python
df.groupby("Category")["Amount"].sum()
\`\`\`
`;

let dir: string;
let first: ReturnType<typeof renderReport>;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "render-"));
  writeFileSync(path.join(dir, "report.md"), REPORT);
  writeFileSync(path.join(dir, "calculations.json"), JSON.stringify(CALCULATIONS));
  writeFileSync(path.join(dir, "validation.json"), JSON.stringify(VALIDATION));
  symlinkSync("/etc/hostname", path.join(dir, "link.png"));
  execFileSync(
    PYTHON,
    [
      "-c",
      "import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; " +
        "fig, ax = plt.subplots(figsize=(6, 3)); ax.bar(['a', 'b'], [3, 5]); fig.savefig('chart.png', dpi=100)",
    ],
    { cwd: dir },
  );
  first = renderReport(dir);
}, 180_000);

const ids = CALCULATIONS.calculations.map((c) => c.id);

describe("the rendered PDF", () => {
  it("has searchable Korean and English text and every citation id", () => {
    expect(first.code).toBe(0);
    const text = pdfText(path.join(dir, "report.pdf"));
    expect(text).toContain("신선식품 판매 분석");
    expect(text).toContain("Total revenue is KRW 93,776,810");
    for (const id of ids) expect(text, id).toContain(`[${id}]`);
    expect(text).toContain("부록: 인용된 값과 계산 방법");
    expect(text).toMatch(/\[row_count\][^\n]*미검증/);
    expect(text).toMatch(/\[total_amount\][^\n]*93,776,810 KRW[^\n]*검증됨/);
  });

  it("embeds its CJK fonts (subsets) and maps every font to Unicode", () => {
    const fonts = pdfFonts(path.join(dir, "report.pdf"));
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.unicode, font.name).toBe(true);
    }
    expect(fonts.map((f) => f.name).join(" ")).toMatch(/Report-Sans/);
  });

  it("keeps every word inside its page, and tables as rows of cells", () => {
    const pages = pdfWords(path.join(dir, "report.pdf"));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      for (const w of page.words) {
        expect(w.xMin, `${w.text} on page ${w.page}`).toBeGreaterThanOrEqual(0);
        expect(w.yMin, `${w.text} on page ${w.page}`).toBeGreaterThanOrEqual(0);
        expect(w.xMax, `${w.text} on page ${w.page}`).toBeLessThanOrEqual(page.width);
        expect(w.yMax, `${w.text} on page ${w.page}`).toBeLessThanOrEqual(page.height);
      }
    }
    // A table row is a row: the category, its amount and its share sit on one line, left to right.
    const words = pages.flatMap((p) => p.words);
    const fruit = words.find(
      (w) => w.text === "과일" && words.some((o) => o.text === "37,756,990" && o.page === w.page),
    );
    const amount = words.find((w) => w.text === "37,756,990");
    const share = words.find((w) => w.text === "40.3" && w.page === amount?.page);
    expect(fruit && amount && share).toBeTruthy();
    expect(Math.abs((fruit?.yMin ?? 0) - (amount?.yMin ?? 1))).toBeLessThan(2);
    expect(Math.abs((amount?.yMin ?? 0) - (share?.yMin ?? 1))).toBeLessThan(2);
    expect(fruit?.xMax ?? 0).toBeLessThan(amount?.xMin ?? 0);
    expect(amount?.xMax ?? 0).toBeLessThan(share?.xMin ?? 0);
    // No Markdown table syntax survives as text.
    expect(pdfText(path.join(dir, "report.pdf"))).not.toMatch(/\|\s*-{3,}|---:/);
  });

  it("starts the appendix on a page of its own and repeats a long table's header on the next page", () => {
    const pages = pdfWords(path.join(dir, "report.pdf"));
    const appendixPage = pages.findIndex((p) => p.words.some((w) => w.text === "부록:"));
    expect(appendixPage).toBeGreaterThan(0);
    const top = Math.min(...(pages[appendixPage]?.words.map((w) => w.yMin) ?? []));
    const heading = pages[appendixPage]?.words.find((w) => w.text === "부록:");
    expect(heading?.yMin).toBe(top);
    // The 30-row table runs over a page break; its header row heads it on every page it is on.
    const regionPages = pages
      .slice(0, appendixPage)
      .filter((p) => p.words.some((w) => /^\[region_\d+\]$/.test(w.text)));
    expect(regionPages.length).toBeGreaterThanOrEqual(2);
    for (const page of regionPages) {
      const firstRow = Math.min(
        ...page.words.filter((w) => /^\[region_\d+\]$/.test(w.text)).map((w) => w.yMin),
      );
      const header = page.words.find((w) => w.text === "매출" && w.yMin < firstRow);
      expect(header, `header on page ${page.words[0]?.page}`).toBeDefined();
    }
  });

  it("shows hostile input as inert text: no script, no file outside the folder, nothing fetched", () => {
    const html = readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;");
    // One picture, the chart; the rest are named in their place.
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).not.toMatch(/src="(?!data:image\/png;base64,)/);
    expect(html).toContain("[표시할 수 없는 이미지: ../../../etc/passwd]");
    const warnings = first.result.warnings as string[];
    expect(warnings.join("\n")).toMatch(/leaves the artifacts folder/);
    expect(warnings.join("\n")).toMatch(/not a relative path/);
    expect(warnings.join("\n")).toMatch(/symbolic link/);
    const text = pdfText(path.join(dir, "report.pdf"));
    expect(text).toContain("document.title");
  });
});

describe("the rendered Word document", () => {
  it("is editable Word: headings, lists, tables as tables, the chart as a picture, every citation id", () => {
    const docx = readDocx(path.join(dir, "report.docx"));
    const headings = docx.paragraphs.filter((p) => p.style.startsWith("Heading")).map((p) => p.text);
    expect(headings).toEqual(
      expect.arrayContaining([
        "신선식품 판매 분석 (Sales analysis)",
        "요약",
        "카테고리별 매출",
        "부록: 인용된 값과 계산 방법",
      ]),
    );
    expect(docx.paragraphs.filter((p) => p.style === "List Bullet").length).toBe(3);
    expect(docx.tables[0]).toEqual([
      ["카테고리", "매출액 (원)", "비중 (%)"],
      ["과일", "37,756,990", "40.3 [share_pct_fruit]"],
      ["수산물", "24,213,390", "25.8"],
      ["합계", "93,776,810 [total_amount]", "100.0"],
    ]);
    expect(docx.tables[1]).toHaveLength(31);
    expect(docx.images).toBe(1);
    expect(docx.eastAsiaFont).toBe("Malgun Gothic");
    const all = [...docx.paragraphs.map((p) => p.text), ...docx.tables.flat(2)].join("\n");
    for (const id of ids) expect(all, id).toContain(`[${id}]`);
    const appendix = docx.tables[docx.tables.length - 1] ?? [];
    expect(appendix).toHaveLength(1 + ids.length);
    expect(appendix.find((row) => row[0] === "[row_count]")?.[3]).toBe("미검증");
    expect(appendix.find((row) => row[0] === "[total_amount]")?.slice(2, 4)).toEqual([
      "93,776,810 KRW",
      "검증됨",
    ]);
  });
});

describe("rendering", () => {
  it("is deterministic: the same report.md and charts give the same bytes", () => {
    const before = ["report.pdf", "report.docx", "report.html"].map((f) => readFileSync(path.join(dir, f)));
    expect(renderReport(dir).code).toBe(0);
    const after = ["report.pdf", "report.docx", "report.html"].map((f) => readFileSync(path.join(dir, f)));
    expect(after.map((b) => b.equals(before[after.indexOf(b)] as Buffer))).toEqual([true, true, true]);
  }, 120_000);

  it("says why it cannot render a folder without report.md (exit 2)", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "render-empty-"));
    const { code, result } = renderReport(empty);
    expect(code).toBe(2);
    expect(String(result.error)).toMatch(/report\.md was not written/);
  });

  it("passes the renderer's own unit tests", () => {
    const out = execFileSync(PYTHON, ["-m", "unittest", "discover", "-s", "report_render/tests", "-t", "."], {
      cwd: PYTHON_DIR,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(out).toBe("");
  });
});
