import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecutorClient, SessionGoneError } from "../src/executor/client.js";
import { CookieJar } from "../src/executor/cookie-jar.js";
import { startFakeExecutor, type FakeExecutor } from "./helpers/fake-executor.js";

describe("cookie jar", () => {
  const url = new URL("http://alb.internal/sessions/abc/execute");

  it("stores ALB stickiness cookies and sends them back", () => {
    const jar = new CookieJar(() => Date.parse("2026-01-01T00:00:00Z"));
    jar.store(
      [
        "AWSALB=task-a; Expires=Thu, 08 Jan 2026 00:00:00 GMT; Path=/",
        "AWSALBCORS=task-a; Expires=Thu, 08 Jan 2026 00:00:00 GMT; Path=/; SameSite=None; Secure",
      ],
      url,
    );
    // The Secure one stays off plain http (the internal ALB listener), as a browser would do.
    expect(jar.header(url)).toBe("AWSALB=task-a");
    expect(jar.header(new URL("https://alb.internal/x"))).toBe("AWSALB=task-a; AWSALBCORS=task-a");
  });

  it("replaces, expires and deletes cookies", () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const jar = new CookieJar(() => now);
    jar.store(["A=1; Max-Age=60; Path=/"], url);
    jar.store(["A=2; Max-Age=60; Path=/"], url);
    expect(jar.header(url)).toBe("A=2");
    now += 61_000;
    expect(jar.header(url)).toBeUndefined();
    jar.store(["B=1; Path=/"], url);
    jar.store(["B=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"], url);
    expect(jar.header(url)).toBeUndefined();
    expect(jar.size).toBe(0);
  });

  it("matches paths and defaults the path from the request", () => {
    const jar = new CookieJar();
    jar.store(["S=1; Path=/sessions"], url);
    jar.store(["D=1"], new URL("http://alb.internal/sessions/abc/execute"));
    jar.store(["bad"], url); // nameless: ignored
    expect(jar.header(new URL("http://alb.internal/sessions/abc/execute"))).toBe("D=1; S=1");
    expect(jar.header(new URL("http://alb.internal/sessionsX"))).toBeUndefined();
    expect(jar.header(new URL("http://alb.internal/health"))).toBeUndefined();
  });
});

describe("executor client behind a sticky load balancer", () => {
  let fake: FakeExecutor;
  beforeAll(async () => {
    fake = await startFakeExecutor({ tasks: 3 });
  });
  afterAll(() => fake.close());

  it("keeps every request of a session on the task that created it", async () => {
    const client = new ExecutorClient(fake.url);
    const id = await client.createSession();
    for (let i = 0; i < 6; i++) expect((await client.execute(id, { code: `print(${i})` })).status).toBe("ok");
    await client.putFile(id, "data/a.csv", "a\n1\n");
    expect((await client.getFile(id, "data/a.csv")).toString()).toBe("a\n1\n");
    expect(await client.listFiles(id)).toEqual([
      expect.objectContaining({ path: "data/a.csv", type: "file", size: 4 }),
    ]);
    expect(await client.deleteSession(id)).toBe(true);
    const tasks = new Set(fake.log.filter((r) => r.path.includes(id)).map((r) => r.task));
    expect(tasks.size).toBe(1);
  });

  it("without the cookie the balancer spreads requests and the session is not found", async () => {
    const creator = new ExecutorClient(fake.url);
    const id = await creator.createSession();
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const stranger = new ExecutorClient(fake.url); // an empty jar each time
      outcomes.push(
        await stranger.execute(id, { code: "1" }).then(
          () => "ok",
          (e: unknown) => (e instanceof SessionGoneError ? "gone" : "other"),
        ),
      );
    }
    expect(outcomes).toContain("gone");
    expect(outcomes).not.toContain("other");
    await creator.deleteSession(id);
  });

  it("gives each session its own jar, so two sessions may live on different tasks", async () => {
    const a = new ExecutorClient(fake.url);
    const b = new ExecutorClient(fake.url);
    const ids = [await a.createSession(), await b.createSession()];
    expect(a.jar.header(new URL(fake.url))).not.toBe(b.jar.header(new URL(fake.url)));
    expect(await a.deleteSession(ids[0] as string)).toBe(true);
    expect(await a.deleteSession(ids[0] as string)).toBe(false); // already gone is not an error
    await b.deleteSession(ids[1] as string);
  });
});
