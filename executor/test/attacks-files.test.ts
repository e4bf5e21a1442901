import { existsSync, readdirSync, statSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config";
import { deleteAll, startExecutor, UID_RANGES, type Harness } from "./helpers";
import { startFakeS3, type FakeS3 } from "./s3-fake";

/**
 * Session code against the server's file I/O as root: folders and files are swapped for symlinks (with
 * renameat2(RENAME_EXCHANGE), atomically) while the server uploads, downloads and pushes.
 */

let ex: Harness;
let s3: FakeS3;
let victimDir: string;
const SECRET = "root-only secret";

beforeAll(async () => {
  s3 = await startFakeS3();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  s3.put("data-bucket", "data/placeholder.csv", Buffer.from("a\n")); // the bucket exists
  const s3Config = loadConfig({ AWS_ENDPOINT_URL_S3: s3.url, DATA_BUCKET: "data-bucket" }, false).s3;
  ex = await startExecutor(UID_RANGES.attacksFiles, { s3: s3Config, uploadLimitBytes: 1024 * 1024 });
  victimDir = await mkdtemp(path.join(os.tmpdir(), "executor-victim-"));
  await writeFile(path.join(victimDir, "victim.txt"), "root's file\n");
  await writeFile(path.join(victimDir, "secret.txt"), SECRET);
  await chmod(path.join(victimDir, "secret.txt"), 0o600);
});
afterAll(async () => {
  await ex?.close();
  await s3?.close();
  await rm(victimDir, { recursive: true, force: true });
});
afterEach(async () => deleteAll(ex));

const isRoot = process.getuid?.() === 0;

/** A background thread of the session that swaps `a` and `b` (atomically) as fast as it can. */
const swapper = (a: string, b: string) =>
  [
    "import ctypes, os, threading",
    "libc = ctypes.CDLL(None, use_errno=True)",
    "RENAME_EXCHANGE, AT_FDCWD = 2, -100",
    "stop = False",
    "def swap():",
    "    while not stop:",
    `        libc.renameat2(AT_FDCWD, b${JSON.stringify(a)}, AT_FDCWD, b${JSON.stringify(b)}, RENAME_EXCHANGE)`,
    "threading.Thread(target=swap, daemon=True).start()",
  ].join("\n");

describe.runIf(isRoot)("file I/O as root on paths a session can change", () => {
  it("keeps HOME/TMPDIR and the session folder private (0700), and removes them with the session", async () => {
    const [a, b] = [await ex.createSession(), await ex.createSession()];
    const paths = await ex.exec(
      a,
      "import os\nprint(os.environ['TMPDIR'])\nprint(os.getcwd())\nopen(os.environ['TMPDIR'] + '/t.txt', 'w').write('a')",
    );
    const [tmp, cwd] = (paths.stdout as string).trim().split("\n") as [string, string];
    expect(tmp).not.toBe(cwd);
    for (const dir of [tmp, cwd]) {
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
      expect(statSync(dir).uid).toBe(ex.app.executor.get(a).owner?.uid);
    }
    const probe = await ex.exec(
      b,
      [
        `for p in [${JSON.stringify(tmp)}, ${JSON.stringify(tmp + "/t.txt")}, ${JSON.stringify(cwd)}]:`,
        "    try:",
        "        print(os.listdir(p) if not p.endswith('.txt') else open(p).read())",
        "    except OSError as exc:",
        "        print(type(exc).__name__)",
      ]
        .join("\n")
        .replace(/^/, "import os\n"),
    );
    expect(probe.stdout).toBe("PermissionError\nPermissionError\nPermissionError\n");
    await ex.call("DELETE", `/sessions/${a}`);
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(cwd)).toBe(false);
  });

  it("never writes or chowns outside the session while a folder is swapped for a symlink during uploads", async () => {
    const id = await ex.createSession();
    const setup = await ex.exec(
      id,
      `import os\nos.makedirs('data/up')\nos.symlink(${JSON.stringify(victimDir)}, 'data/swap')\n${swapper("data/up", "data/swap")}`,
    );
    expect(setup.status).toBe("ok");
    const statuses = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const res = await ex.fetch(`/sessions/${id}/files/data/up/victim.txt`, {
        method: "PUT",
        body: `attempt ${i}`,
      });
      statuses.add(res.status);
    }
    expect(
      [...statuses].every((s) => s === 201 || s === 403),
      [...statuses].join(","),
    ).toBe(true);
    expect(statuses.has(403)).toBe(true); // the swap was seen and refused at least once
    expect(statSync(path.join(victimDir, "victim.txt")).uid).toBe(0);
    expect(await readFile(path.join(victimDir, "victim.txt"), "utf8")).toBe("root's file\n");
    expect(readdirSync(victimDir).sort()).toEqual(["secret.txt", "victim.txt"]);
  });

  it("never serves or pushes a root-only file swapped in (renameat2) between check and open", async () => {
    const id = await ex.createSession();
    const setup = await ex.exec(
      id,
      [
        "import os",
        "open('artifacts/report.txt', 'w').write('the report')",
        `os.symlink(${JSON.stringify(path.join(victimDir, "secret.txt"))}, 'artifacts/swap')`,
        swapper("artifacts/report.txt", "artifacts/swap"),
      ].join("\n"),
    );
    expect(setup.status).toBe("ok");
    const bodies = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const res = await ex.fetch(`/sessions/${id}/files/artifacts/report.txt`);
      bodies.add(
        `${res.status} ${res.status === 200 ? await res.text() : ((await res.json()) as { code: string }).code}`,
      );
    }
    expect([...bodies].sort()).toEqual(expect.arrayContaining(["200 the report"]));
    for (const body of bodies)
      expect(body).toMatch(/^(200 the report|403 PATH_ESCAPES_SESSION|404 FILE_NOT_FOUND)$/);
    for (let i = 0; i < 20; i++) {
      const res = await ex.call("POST", `/sessions/${id}/sync`, { direction: "push" });
      expect(res.status).toBe(200);
    }
    for (const key of s3.keys("data-bucket"))
      expect(s3.get("data-bucket", key)?.toString()).not.toContain(SECRET);
  });

  it("removes a session's files however it locked them (mode 000, sticky folders) and its shared-memory files", async () => {
    const id = await ex.createSession();
    const res = await ex.exec(
      id,
      [
        "import os",
        "os.makedirs('data/locked/deeper')",
        "open('data/locked/deeper/f', 'w').write('x')",
        "os.chmod('data/locked/deeper', 0o1000)",
        "os.chmod('data/locked', 0)",
        "os.chmod('artifacts', 0o1777)",
        "open(f'/dev/shm/left-by-{os.getuid()}', 'w').write('x')",
      ].join("\n"),
    );
    expect(res.status).toBe("ok");
    const uid = ex.app.executor.get(id).owner?.uid as number;
    expect(existsSync(`/dev/shm/left-by-${uid}`)).toBe(true);
    expect((await ex.call("DELETE", `/sessions/${id}`)).status).toBe(200);
    expect(existsSync(path.join(ex.config.workDir, "sessions", id))).toBe(false);
    expect(existsSync(`/dev/shm/left-by-${uid}`)).toBe(false);
  });
});
