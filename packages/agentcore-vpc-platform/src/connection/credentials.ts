/**
 * The provider side: SDK client settings for an {@link AwsConnection}, and the check that it acts in the
 * account the component's aws provider does. The SDK modules are required on use (see provider-stub): programs
 * that only import the component never load them.
 */
import type * as CredentialProviders from "@aws-sdk/credential-providers";
import type * as Sts from "@aws-sdk/client-sts";
import type { AwsConnection } from "./types";

/** A credentials provider, as the SDK clients take it. */
type AwsCredentialIdentityProvider = Exclude<
  NonNullable<Sts.STSClientConfig["credentials"]>,
  { accessKeyId: string }
>;

/** Credentials for a connection: its keys or profile, then each role assumed in turn; undefined for the SDK's default chain. */
export function connectionCredentials(
  connection: AwsConnection | undefined,
  region: string,
): AwsCredentialIdentityProvider | undefined {
  if (!connection) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: see top of file
  const providers = require("@aws-sdk/credential-providers") as typeof CredentialProviders;
  let credentials: AwsCredentialIdentityProvider | undefined;
  const { accessKeyId, secretAccessKey, sessionToken, profile } = connection;
  if (accessKeyId && secretAccessKey) {
    const keys = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    credentials = async () => keys;
  } else if (profile) {
    credentials = providers.fromIni({ profile });
  }
  for (const role of connection.assumeRoles ?? []) {
    credentials = providers.fromTemporaryCredentials({
      params: {
        RoleArn: role.roleArn,
        RoleSessionName: role.sessionName ?? "agentcore-vpc-platform",
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
        ...(role.durationSeconds ? { DurationSeconds: role.durationSeconds } : {}),
        ...(role.policy ? { Policy: role.policy } : {}),
        ...(role.policyArns ? { PolicyArns: role.policyArns.map((arn) => ({ arn })) } : {}),
        ...(role.sourceIdentity ? { SourceIdentity: role.sourceIdentity } : {}),
        ...(role.tags ? { Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
        ...(role.transitiveTagKeys ? { TransitiveTagKeys: [...role.transitiveTagKeys] } : {}),
      },
      ...(credentials ? { masterCredentials: credentials } : {}),
      clientConfig: { region },
    });
  }
  return credentials;
}

/** Client settings (region and credentials) for a connection. */
export function clientSettings(
  connection: AwsConnection | undefined,
  region: string,
): { region: string; credentials?: AwsCredentialIdentityProvider } {
  const credentials = connectionCredentials(connection, region);
  return credentials ? { region, credentials } : { region };
}

/**
 * Why the connection cannot be used for this stack: its credentials act in another account than the
 * component's aws provider (or none resolve). Undefined when they match or no account is expected.
 */
export async function connectionProblem(
  connection: AwsConnection | undefined,
  region: string,
): Promise<string | undefined> {
  if (!connection?.accountId) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: see top of file
  const sts = require("@aws-sdk/client-sts") as typeof Sts;
  const client = new sts.STSClient(clientSettings(connection, region));
  try {
    const identity = await client.send(new sts.GetCallerIdentityCommand({}));
    if (identity.Account === connection.accountId) return undefined;
    return (
      `this provider would act in account ${identity.Account ?? "?"} (${identity.Arn ?? "unknown identity"}), but the ` +
      `component's aws provider uses account ${connection.accountId}. The provider process has only the CLI's ` +
      "environment plus the stack's aws:profile and aws:assumeRoles (or an explicit provider's profile and keys); " +
      "an explicit aws.Provider's assumeRoles cannot be read. Put the same settings in the stack config, or run " +
      "with credentials for that account."
    );
  } catch (error) {
    return `its AWS credentials do not resolve (${(error as Error).message}); they must reach account ${connection.accountId}.`;
  } finally {
    client.destroy();
  }
}
