/**
 * The stack's secrets provider: a passphrase, from the environment or asked for on a terminal.
 */
import type { Env } from "../environment";
import { OperatorError } from "../errors";

/** Secrets provider of new stacks (no cloud KMS or Pulumi Cloud account needed). */
export const SECRETS_PROVIDER = "passphrase";

export type PassphrasePlan = { kind: "from-env" } | { kind: "prompt" } | { kind: "missing"; message: string };

/**
 * The passphrase provider needs PULUMI_CONFIG_PASSPHRASE (or …_FILE). An empty value is a valid passphrase
 * to Pulumi, so "set" means defined. On a terminal outside CI we ask; otherwise we refuse.
 */
export function planPassphrase(env: Env, interactive: boolean): PassphrasePlan {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined || env.PULUMI_CONFIG_PASSPHRASE_FILE) {
    return { kind: "from-env" };
  }
  if (interactive) return { kind: "prompt" };
  return {
    kind: "missing",
    message:
      "PULUMI_CONFIG_PASSPHRASE is not set: the stack's secrets are encrypted with a passphrase; " +
      "in CI pass it from a secret (env: PULUMI_CONFIG_PASSPHRASE: ${{ secrets.PULUMI_CONFIG_PASSPHRASE }}), " +
      "locally export it or run on a terminal to be asked",
  };
}

export interface StackSecrets {
  /** Extra environment for the CLI: the typed passphrase, or nothing when it comes from the environment. */
  envVars: Record<string, string>;
  source: "environment" | "entered";
}

/**
 * The passphrase for a stack's secrets: taken from the environment, or asked for on a terminal.
 * @throws OperatorError saying how to pass it when it is missing and nobody can be asked
 */
export async function stackSecrets(
  stack: string,
  env: Env,
  terminal: { interactive: boolean; askSecret(question: string): Promise<string> },
): Promise<StackSecrets> {
  const plan = planPassphrase(env, terminal.interactive);
  if (plan.kind === "missing") throw new OperatorError(plan.message);
  if (plan.kind === "from-env") return { envVars: {}, source: "environment" };
  const passphrase = await terminal.askSecret(
    `Passphrase for the secrets of stack ${stack} (PULUMI_CONFIG_PASSPHRASE): `,
  );
  return { envVars: { PULUMI_CONFIG_PASSPHRASE: passphrase }, source: "entered" };
}
