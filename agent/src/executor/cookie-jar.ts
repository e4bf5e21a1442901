/**
 * A minimal cookie jar for one origin: enough for ALB `lb_cookie` stickiness (AWSALB / AWSALBCORS, which carry
 * Expires, Path and — for the CORS one — Secure). Written here rather than pulling in tough-cookie: the
 * executor client talks to exactly one origin, so domain matching and public-suffix rules do not apply, and
 * the jar's whole behaviour fits in this file and its unit test.
 *
 * One jar per executor session: the ALB pins the session to the task that created it, and a second session
 * must be free to land on another task.
 */
interface StoredCookie {
  name: string;
  value: string;
  path: string;
  secure: boolean;
  /** Epoch ms; undefined = session cookie. */
  expires: number | undefined;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Stores every Set-Cookie header of a response (`Headers.getSetCookie()` keeps them apart). */
  store(setCookieHeaders: readonly string[], requestUrl: URL): void {
    for (const header of setCookieHeaders) this.storeOne(header, requestUrl);
  }

  /** The Cookie header for a request, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const now = this.now();
    const matching: StoredCookie[] = [];
    for (const [key, cookie] of this.cookies) {
      if (cookie.expires !== undefined && cookie.expires <= now) {
        this.cookies.delete(key);
        continue;
      }
      if (cookie.secure && url.protocol !== "https:") continue;
      if (!pathMatches(url.pathname, cookie.path)) continue;
      matching.push(cookie);
    }
    // RFC 6265 §5.4: longer paths first.
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  get size(): number {
    return this.cookies.size;
  }

  private storeOne(header: string, requestUrl: URL): void {
    const [pair = "", ...attrs] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return; // nameless cookies are ignored, as browsers do
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = defaultPath(requestUrl.pathname);
    let secure = false;
    let expires: number | undefined;
    let maxAge: number | undefined;
    for (const attr of attrs) {
      const i = attr.indexOf("=");
      const key = (i === -1 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const val = i === -1 ? "" : attr.slice(i + 1).trim();
      if (key === "path" && val.startsWith("/")) path = val;
      else if (key === "secure") secure = true;
      else if (key === "expires") {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
      } else if (key === "max-age" && /^-?\d+$/.test(val)) maxAge = Number(val);
    }
    // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
    if (maxAge !== undefined) expires = this.now() + maxAge * 1000;
    const key = `${name}\u0000${path}`;
    if (expires !== undefined && expires <= this.now()) {
      this.cookies.delete(key); // an expired Set-Cookie is how servers delete a cookie
      return;
    }
    this.cookies.set(key, { name, value, path, secure, expires });
  }
}

function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith("/")) return "/";
  const last = requestPath.lastIndexOf("/");
  return last <= 0 ? "/" : requestPath.slice(0, last);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}
