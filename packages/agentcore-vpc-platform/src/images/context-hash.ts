/**
 * Content hash of a Docker build context, used as the image tag: unchanged sources give the same tag (so
 * `docker.Image` sees identical inputs and nothing is rebuilt, pushed or rolled out), and any change to a file
 * Docker would send gives a new one.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Never hashed: local install/build output and VCS data, which this repository's Dockerfiles rebuild inside
 * the image. Applied before `.dockerignore`, so a context that does COPY one of them re-includes it with a
 * `!dist` line there.
 */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = ["**/node_modules", "**/dist", "**/.git"];

export interface IgnoreRule {
  readonly pattern: string;
  readonly negate: boolean;
  readonly regex: RegExp;
}

/** Translates one `.dockerignore` pattern (Go `filepath.Match` plus `**`) into an anchored regular expression. */
function patternRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === "*" && pattern[i + 1] === "*") {
      // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
      const slash = pattern[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) source += "\\[";
      else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else if (c === "\\" && i + 1 < pattern.length) source += `\\${pattern.charAt(++i)}`;
    else source += c.replace(/[.+^${}()|]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** Normalizes a pattern the way Docker does: trim, drop leading `/` and `./`, collapse `//` and trailing `/`. */
function cleanPattern(raw: string): string {
  return path.posix.normalize(raw.trim()).replace(/^\/+/, "").replace(/\/+$/, "");
}

/** Parses `.dockerignore` text: `#` comments, blank lines skipped, `!` re-includes. */
export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const negate = trimmed.startsWith("!");
    const pattern = cleanPattern(negate ? trimmed.slice(1) : trimmed);
    if (pattern === "" || pattern === ".") continue;
    rules.push({ pattern, negate, regex: patternRegex(pattern) });
  }
  return rules;
}

/**
 * Whether Docker leaves `relativePath` (POSIX, relative to the context) out of the context. As in Docker, a
 * pattern matching a parent directory matches everything below it, and the last matching rule wins.
 */
export function isIgnored(relativePath: string, rules: readonly IgnoreRule[]): boolean {
  const parts = relativePath.split("/");
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negate;
  }
  return ignored;
}

/** The rules for a context: {@link DEFAULT_IGNORE_PATTERNS}, then its `.dockerignore` if present. */
export function contextIgnoreRules(contextDir: string): IgnoreRule[] {
  const file = path.join(contextDir, ".dockerignore");
  const own = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  return parseDockerignore([...DEFAULT_IGNORE_PATTERNS, own].join("\n"));
}

/** Files and symlinks Docker would send, as sorted POSIX paths relative to the context. */
export function listContextFiles(contextDir: string, rules: readonly IgnoreRule[]): string[] {
  // An ignored directory can only be skipped whole when no `!` rule could re-include something inside it.
  const canPrune = !rules.some((r) => r.negate);
  const files: string[] = [];
  const walk = (relativeDir: string) => {
    const entries = fs.readdirSync(path.join(contextDir, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      const relative = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
      const ignored = isIgnored(relative, rules);
      if (entry.isDirectory()) {
        if (!(ignored && canPrune)) walk(relative);
      } else if (!ignored && (entry.isFile() || entry.isSymbolicLink())) {
        files.push(relative);
      }
    }
  };
  walk("");
  // Code-unit order, not locale order, so the hash does not depend on the machine's locale.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface BuildHashOptions {
  /** Dockerfile path relative to the context. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** Target platform, part of the hash because the same sources give a different image per platform. */
  readonly platform: string;
  /** Build arguments, part of the hash for the same reason. @default {} */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

/**
 * SHA-256 (hex) over the platform, the build args, the Dockerfile and every file Docker would send: for each,
 * its path, kind, executable bit, length and bytes (symlinks: their target), with lengths framing every field
 * so no two different contexts produce the same byte stream.
 */
export function hashBuildContext(contextDir: string, options: BuildHashOptions): string {
  const hash = createHash("sha256");
  const field = (value: string | Buffer) => {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  field("agentcore-vpc-platform/context-hash/v1");
  field(options.platform);
  for (const [key, value] of Object.entries(options.buildArgs ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    field(`arg ${key}`);
    field(value);
  }
  // The Dockerfile may sit outside the context or be dockerignored; Docker reads it either way.
  field("dockerfile");
  field(fs.readFileSync(path.resolve(contextDir, options.dockerfile ?? "Dockerfile")));
  for (const relative of listContextFiles(contextDir, contextIgnoreRules(contextDir))) {
    const absolute = path.join(contextDir, relative);
    const stat = fs.lstatSync(absolute);
    field(relative);
    if (stat.isSymbolicLink()) {
      field("symlink");
      field(fs.readlinkSync(absolute));
    } else {
      field(stat.mode & 0o111 ? "file+x" : "file");
      field(fs.readFileSync(absolute));
    }
  }
  return hash.digest("hex");
}

/** The image tag for a context hash: its first 16 hex digits (64 bits; collisions are not a practical risk). */
export function contentTag(contextHash: string): string {
  return contextHash.slice(0, 16);
}
