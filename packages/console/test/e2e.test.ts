import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localBackend } from "../src/backend.js";
import { newToken } from "../src/security.js";
import { createConsoleServer, listen } from "../src/server.js";
import { EXECUTOR_BUILT, type LocalStack, SCRIPTED_PROMPT, startLocalStack } from "./local-stack.js";
import { freePort } from "./ports.js";

/**
 * The console in a real browser (Debian's Chromium, driven by playwright-core; no browser is downloaded)
 * against the scripted local stack: upload the sales CSV, run to done, read the report, download the DOCX,
 * reattach from the runs list. A screenshot of the finished run is saved for people to look at.
 */
const CHROMIUM = "/usr/bin/chromium";
const ready = EXECUTOR_BUILT && existsSync(CHROMIUM);
if (!ready) console.warn(`SKIPPED console end-to-end: needs ${CHROMIUM} and a built executor`);

export const SCREENSHOT_DIR = path.join(os.tmpdir(), "console-e2e");

let stack: LocalStack;
let browser: Browser;
let page: Page;
let base: string;
let closeConsole: () => Promise<void>;
let csv: string;

describe.skipIf(!ready)("the web console in Chromium, against the scripted local stack", () => {
  beforeAll(async () => {
    stack = await startLocalStack();
    const token = newToken();
    const port = await freePort();
    const app = createConsoleServer({
      backend: localBackend({ agentUrl: stack.agentUrl, localS3: stack.localS3 }),
      token,
      port,
    });
    const { url } = await listen(app, port, token);
    base = `http://127.0.0.1:${port}`;
    closeConsole = () => app.close();
    const executorPackage = "executor";
    const sales = (await import(executorPackage)) as {
      salesCsv?: () => string;
      default?: { salesCsv: () => string };
    };
    const salesCsv = sales.salesCsv ?? sales.default?.salesCsv;
    if (!salesCsv) throw new Error("the executor package has no salesCsv()");
    csv = path.join(stack.work, "sales.csv");
    writeFileSync(csv, salesCsv());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, acceptDownloads: true });
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    await closeConsole?.();
    await stack?.stop();
  });

  it("takes the launch token from the URL and drops it from the address bar", async () => {
    await page.waitForSelector("#backend:has-text('local agent')");
    expect(page.url()).toBe(`${base}/`);
    expect(await page.locator("#auth-error").isHidden()).toBe(true);
  });

  it("uploads a CSV, runs it to a verified report, shows progress as it happens and the report with its chart", async () => {
    await page.setInputFiles("#file", csv);
    await page.fill("#prompt", SCRIPTED_PROMPT);
    await page.click("#start");
    await page.waitForSelector("#upload-text:has-text('uploaded sales.csv')");
    await page.waitForSelector("#events li.agent:has-text('coder')", { timeout: 60_000 });
    await page.waitForSelector("#run[data-state='ended']", { timeout: 180_000 });
    const status = await page.textContent("#status");
    expect(status).toMatch(/done in [\d.]+ s · verified/);
    const log = await page.locator("#events").innerText();
    expect(log).toContain("☰ plan (full analysis)");
    expect(log).toContain("▸ step 1/5 (coder)");
    expect(log).toMatch(/Σ coder: \d+ in \/ \d+ out \/ \d+ cache read \/ \d+ cache write tokens/);
    expect(log).toContain("→ run_python");
    expect(log).toContain("✔ verification passed: 11 values re-computed");
    expect(log).toContain(
      "▣ report rendered: artifacts/report.html, artifacts/report.pdf, artifacts/report.docx",
    );
    expect(Number(await page.getAttribute("#events-box", "data-heartbeats"))).toBeGreaterThan(0);

    const frame = page.frameLocator("#report-frame");
    await expect
      .poll(() => frame.locator("h1").textContent(), { timeout: 20_000 })
      .toBe("신선식품 판매 데이터 분석 보고서");
    expect(await frame.locator("table").first().locator("tr").count()).toBe(7);
    expect(await frame.locator("figure.chart img").count()).toBe(1);
    expect(await frame.locator("#appendix").innerText()).toContain("[total_amount]");
    await expect.poll(() => page.locator("#runs li[data-status='done']").count()).toBeGreaterThan(0);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = path.join(SCREENSHOT_DIR, "console-report.png");
    await page.screenshot({ path: shot, fullPage: true });
    console.info(`console screenshot: ${shot}`);
  });

  it("downloads the report as an editable Word file whose text has every citation", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-docx")]);
    expect(download.suggestedFilename()).toBe("report.docx");
    const file = path.join(stack.work, "downloaded.docx");
    await download.saveAs(file);
    const text = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        "import sys; from docx import Document; d = Document(sys.argv[1]); " +
          "print('\\n'.join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]))",
        file,
      ],
      { encoding: "utf8" },
    );
    expect(text).toContain("신선식품 판매 데이터 분석 보고서");
    for (const id of ["total_amount", "amount_fruit", "share_pct_fruit", "share_pct_dairy"])
      expect(text).toContain(`[${id}]`);
    const [pdf] = await Promise.all([page.waitForEvent("download"), page.click("#download-pdf")]);
    expect(pdf.suggestedFilename()).toBe("report.pdf");
  });

  it("reattaches to a run from the runs list after a reload", async () => {
    await page.reload();
    await page.click("#runs li[data-status='done']");
    await page.waitForSelector("#run[data-state='ended']", { timeout: 30_000 });
    expect(await page.locator("#events").innerText()).toContain("■ done · verified");
  });
});
