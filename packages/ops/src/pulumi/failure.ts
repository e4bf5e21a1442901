/**
 * Turning a failed Pulumi run into one line that says what went wrong and what to do about it.
 */
import { AWS_CREDENTIALS_EXPIRED, AWS_CREDENTIALS_MISSING } from "../aws/credentials";
import { OperatorError, errorName, errorText, firstLine } from "../errors";
import type { EventLog } from "./event-log";
import { describeUrn, isStackUrn } from "./urn";

export const CLI_MISSING =
  "Pulumi CLI not found on PATH (the Automation API runs the `pulumi` binary): install it with " +
  "`curl -fsSL https://get.pulumi.com | sh` (or `brew install pulumi/tap/pulumi`), open a new shell and check " +
  "`pulumi version`; in CI add the pulumi/actions step";

export interface FailureContext {
  stack: string;
  action: string;
  backendUrl: string;
}

const MAX_REASON = 400;

/**
 * The one-line reason for a failed run. Order matters: the most specific explanation wins, and a
 * resource named by the engine beats a generic "update failed".
 */
export function classifyFailure(err: unknown, events: EventLog | undefined, ctx: FailureContext): string {
  return clip(classify(err, events, ctx));
}

function classify(err: unknown, events: EventLog | undefined, ctx: FailureContext): string {
  if (err instanceof OperatorError) return err.message;
  const text = errorText(err);

  if (isCliMissing(err)) return CLI_MISSING;
  if (/Minimum version requirement failed|Major version mismatch/.test(text)) {
    return `Pulumi CLI version not supported by the Automation API (${firstLine(stripCommandNoise(text))}): install a current CLI with \`curl -fsSL https://get.pulumi.com | sh\``;
  }

  const violation = events?.policyViolations[0];
  if (violation) {
    const where = violation.urn ? ` on ${describeUrn(violation.urn)}` : "";
    return `policy violation: ${violation.policyPack}/${violation.policyName}${where}: ${cleanMessage(violation.message)}`;
  }

  if (errorName(err) === "ConcurrentUpdateError" || /currently locked|conflict: another update/i.test(text)) {
    return `stack ${ctx.stack} is locked by another update: wait for it to finish; if none is running, run \`pulumi cancel --stack ${ctx.stack}\` (file backends: delete the lock file under .pulumi/locks in the backend)`;
  }
  if (/incorrect passphrase|failed to decrypt/i.test(text)) {
    return `PULUMI_CONFIG_PASSPHRASE does not decrypt stack ${ctx.stack}: use the passphrase the stack was created with`;
  }
  if (/passphrase must be set|PULUMI_CONFIG_PASSPHRASE/i.test(text)) {
    return `stack ${ctx.stack} needs PULUMI_CONFIG_PASSPHRASE: export it (in CI, from a secret)`;
  }
  if (errorName(err) === "StackNotFoundError" || /no stack named/i.test(text)) {
    return `stack ${ctx.stack} does not exist in ${ctx.backendUrl}: create it with \`npm run deploy -- ${ctx.stack} --up\`, or point PULUMI_BACKEND_URL at the backend that holds it`;
  }
  if (/no changes were expected but changes were proposed|expected no changes/i.test(text)) {
    return driftReason(events, ctx);
  }

  const resourceError = events?.errors.find((d) => !isStackUrn(d.urn) && !isGenericFailure(d.message));
  const failed = events?.failedResources[0];
  if (resourceError?.urn) {
    return `${ctx.action} failed on ${describeUrn(resourceError.urn)}: ${cleanMessage(resourceError.message)}`;
  }
  if (failed) {
    const detail = events?.errors.find((d) => !isGenericFailure(d.message));
    return `${ctx.action} failed on ${describeUrn(failed.urn)}${detail ? `: ${cleanMessage(detail.message)}` : ""}`;
  }

  if (/NoCredentialProviders|no valid credential sources|failed to refresh cached credentials/i.test(text)) {
    return AWS_CREDENTIALS_MISSING;
  }
  if (/ExpiredToken/i.test(text)) return AWS_CREDENTIALS_EXPIRED;

  const programError = events?.errors.find((d) => !isGenericFailure(d.message));
  if (programError)
    return `the Pulumi program failed during ${ctx.action}: ${cleanMessage(programError.message)}`;

  return `${ctx.action} failed: ${firstLine(stripCommandNoise(text)) || "unknown error (see the output above)"}`;
}

function driftReason(events: EventLog | undefined, ctx: FailureContext): string {
  const changes = events?.changes ?? [];
  if (changes.length === 0) return `drift: stack ${ctx.stack} would change (see the output above)`;
  const shown = changes.slice(0, 5).map((c) => `${c.op} ${describeUrn(c.urn)}`);
  const more = changes.length > shown.length ? `, and ${changes.length - shown.length} more` : "";
  return `drift: stack ${ctx.stack} has ${changes.length} pending change(s): ${shown.join(", ")}${more}`;
}

export function isCliMissing(err: unknown): boolean {
  const text = errorText(err);
  const inner = (err as { commandResult?: { err?: { code?: unknown } } } | undefined)?.commandResult?.err;
  if (inner?.code === "ENOENT") return true;
  return /spawn \S*pulumi(\.exe)? ENOENT|ENOENT: pulumi version/.test(text);
}

function isGenericFailure(message: string): boolean {
  return /^(error:\s*)?(update|preview|refresh|destroy) failed\s*$/i.test(stripAnsi(message).trim());
}

/** First meaningful line of an engine diagnostic, without colour codes or a leading "error:". */
export function cleanMessage(message: string): string {
  const lines = stripAnsi(message)
    .split(/\r?\n/)
    .map((l) =>
      l
        .trim()
        .replace(/^error:\s*/i, "")
        .replace(/^\*\s*/, ""),
    )
    .filter((l) => l !== "" && !/^\d+ errors? occurred:?$/i.test(l));
  return lines[0] ?? "";
}

/**
 * The first meaningful line of what the CLI said: CommandError messages start with
 * "code: …\n stdout: …\n stderr: …", so the stderr part when there is one.
 */
export function stripCommandNoise(text: string): string {
  const stderr = /stderr:\s*([\s\S]*?)(\n\s*err\?:|$)/.exec(text);
  const body = stderr?.[1]?.trim() ? stderr[1] : text;
  return cleanMessage(body);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

function clip(reason: string): string {
  const one = reason.replace(/\s*\r?\n\s*/g, " ");
  return one.length > MAX_REASON ? `${one.slice(0, MAX_REASON - 1)}…` : one;
}
