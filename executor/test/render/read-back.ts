import { execFileSync } from "node:child_process";
import path from "node:path";

/** Reads rendered reports back the way a person's tools would: poppler for the PDF, python-docx for Word. */
export const PYTHON = process.env.EXECUTOR_PYTHON ?? "/usr/bin/python3";
export const PYTHON_DIR = path.resolve(__dirname, "../../python");

/** `python3 -m report_render <dir>`: its JSON result (or error) and exit code. */
export function renderReport(dir: string): { code: number; result: Record<string, unknown> } {
  try {
    const out = execFileSync(PYTHON, ["-m", "report_render", dir], { cwd: PYTHON_DIR, encoding: "utf8" });
    return { code: 0, result: JSON.parse(out) as Record<string, unknown> };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, result: e.stdout ? (JSON.parse(e.stdout) as Record<string, unknown>) : {} };
  }
}

export function pdfText(file: string): string {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfPage {
  width: number;
  height: number;
  words: PdfWord[];
}

/** Every word with its box, per page (`pdftotext -bbox`). */
export function pdfWords(file: string): PdfPage[] {
  const xml = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
  const pages: PdfPage[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  for (let m = pageRe.exec(xml); m; m = pageRe.exec(xml)) {
    const words: PdfWord[] = [];
    const wordRe =
      /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
    for (let w = wordRe.exec(m[3] ?? ""); w; w = wordRe.exec(m[3] ?? "")) {
      words.push({
        page: pages.length + 1,
        text: (w[5] ?? "")
          .replace(/&amp;/g, "&")
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"'),
        xMin: Number(w[1]),
        yMin: Number(w[2]),
        xMax: Number(w[3]),
        yMax: Number(w[4]),
      });
    }
    pages.push({ width: Number(m[1]), height: Number(m[2]), words });
  }
  return pages;
}

export interface PdfFont {
  name: string;
  embedded: boolean;
  unicode: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name … emb sub uni object ID: the flags are the 5th-3rd columns from the end.
    return {
      name: cols[0] ?? "",
      embedded: cols[cols.length - 5] === "yes",
      unicode: cols[cols.length - 3] === "yes",
    };
  });
}

export interface DocxContent {
  paragraphs: { style: string; text: string }[];
  tables: string[][][];
  images: number;
  eastAsiaFont: string | null;
}

const READ_DOCX = `
import json, sys
from docx import Document
from docx.oxml.ns import qn
d = Document(sys.argv[1])
normal = d.styles["Normal"].element.rPr.rFonts
print(json.dumps({
  "paragraphs": [{"style": p.style.name, "text": p.text} for p in d.paragraphs],
  "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
  "images": len(d.inline_shapes),
  "eastAsiaFont": normal.get(qn("w:eastAsia")) if normal is not None else None,
}, ensure_ascii=False))
`;

/** The Word document's paragraphs (with styles), tables (cell text) and pictures, via python-docx. */
export function readDocx(file: string): DocxContent {
  return JSON.parse(execFileSync(PYTHON, ["-c", READ_DOCX, file], { encoding: "utf8" })) as DocxContent;
}
