import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The page sends the launch token (from the `#token=` of the URL it was opened with) in this header. */
export const TOKEN_HEADER = "x-console-token";

/** A per-launch secret: 256 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Constant-time comparison of a presented token with the launch token. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The only names the console answers to: its loopback address and `localhost`, on its port. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * A Host header the console answers: exactly one of `allowedHosts`. Anything else is a DNS-rebinding attempt
 * (a page on another site whose name resolves to 127.0.0.1) or a misdirected request.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/**
 * An Origin header the console accepts: none (a navigation, curl) or one of its own origins. Browsers send
 * Origin on every cross-site request and on same-site POSTs, so another site's page cannot drive the API.
 */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return allowedHosts(port).some((host) => origin.toLowerCase() === `http://${host}`);
}

/** The page's Content-Security-Policy: its own scripts and styles, reports in a sandboxed frame. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A rendered report shown in the page: no scripts at all, its own inline styles and embedded images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/**
 * A ticket for one artifact URL (the report in a frame, a download link, a chart), which cannot carry a
 * header: an HMAC of the artifact's path under the launch token. It opens that one file, for this launch.
 */
export function artifactTicket(token: string, artifactPath: string): string {
  return createHmac("sha256", token).update(artifactPath).digest("base64url");
}

export function ticketMatches(token: string, artifactPath: string, ticket: string | undefined): boolean {
  return tokenMatches(ticket, artifactTicket(token, artifactPath));
}
