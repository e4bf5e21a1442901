/** The program side: what the component's aws provider is configured with, for the dynamic providers. */
import * as pulumi from "@pulumi/pulumi";
import type { AssumeRoleSettings, AwsConnection } from "./types";

/** An `aws.Provider` as seen through its outputs (no import of its class: the program may load another copy). */
interface AwsProviderOutputs {
  readonly profile: pulumi.Output<string | undefined>;
  readonly accessKey: pulumi.Output<string | undefined>;
  readonly secretKey: pulumi.Output<string | undefined>;
  readonly token: pulumi.Output<string | undefined>;
}

type AssumeRoleConfig = { readonly roleArn?: string; readonly duration?: string } & Omit<
  AssumeRoleSettings,
  "roleArn" | "durationSeconds"
>;

const DURATION_UNITS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };

/**
 * Seconds in a Go duration as the aws provider's config takes it (`1h`, `15m`, `1h30m`, `900s`).
 * @throws Error naming the value when it is not one
 */
export function durationSeconds(value: string): number {
  const parts = [...value.matchAll(/(\d+)([hms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value) {
    throw new Error(`"${value}" is not a duration such as 1h, 15m or 1h30m`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (DURATION_UNITS[unit as string] ?? 0), 0);
}

/** `aws:assumeRoles` (or the older single `aws:assumeRole`) of the stack config, as AssumeRole settings. */
export function assumeRolesFromConfig(config: pulumi.Config): AssumeRoleSettings[] | undefined {
  const list =
    config.getObject<AssumeRoleConfig[]>("assumeRoles") ??
    (config.getObject<AssumeRoleConfig>("assumeRole")
      ? [config.getObject<AssumeRoleConfig>("assumeRole")]
      : undefined);
  return list?.map((role, i) => {
    if (!role?.roleArn) throw new Error(`aws:assumeRoles[${i}] has no roleArn`);
    const { duration, ...rest } = role;
    return {
      ...rest,
      roleArn: role.roleArn,
      ...(duration ? { durationSeconds: durationSeconds(duration) } : {}),
    };
  });
}

function isAwsProvider(
  provider: pulumi.ProviderResource | undefined,
): provider is pulumi.ProviderResource & AwsProviderOutputs {
  return (
    provider !== undefined && pulumi.Output.isInstance((provider as Partial<AwsProviderOutputs>).profile)
  );
}

/**
 * The identity of the aws provider `owner`'s AWS resources use: an explicit `aws.Provider` (its profile and
 * static keys; its assumed roles are not readable, so the account check catches a mismatch), or else the stack
 * config (`aws:profile`, `aws:assumeRoles`).
 * @param accountId the account that provider acts in (`aws.getCallerIdentityOutput` with `owner` as parent)
 */
export function awsConnection(
  owner: pulumi.Resource,
  accountId: pulumi.Input<string>,
): pulumi.Output<AwsConnection> {
  const provider = owner.getProvider("aws::");
  if (isAwsProvider(provider)) {
    return pulumi
      .all([accountId, provider.profile, provider.accessKey, provider.secretKey, provider.token])
      .apply(([account, profile, accessKeyId, secretAccessKey, sessionToken]) =>
        pulumi.secret(
          compact({
            accountId: account,
            profile,
            accessKeyId,
            secretAccessKey,
            sessionToken,
          }) as AwsConnection,
        ),
      );
  }
  const config = new pulumi.Config("aws");
  const profile = config.get("profile");
  const assumeRoles = assumeRolesFromConfig(config);
  return pulumi
    .output(accountId)
    .apply((account) =>
      pulumi.secret(compact({ accountId: account, profile, assumeRoles }) as AwsConnection),
    );
}

/** The object without its undefined members (they would reach state as nulls). */
function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== ""));
}
