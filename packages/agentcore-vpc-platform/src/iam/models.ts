/**
 * Maps Bedrock model ids to the resources `bedrock:InvokeModel*` must be granted on.
 *
 * | input                                       | resources granted                                                 |
 * |---------------------------------------------|-------------------------------------------------------------------|
 * | `anthropic.claude-3-haiku-20240307-v1:0`    | `arn:<p>:bedrock:*::foundation-model/<id>`                        |
 * | `us.anthropic.claude-sonnet-4-…` (profile)  | `arn:<p>:bedrock:<region>:<account>:inference-profile/<id>` and   |
 * |                                             | `arn:<p>:bedrock:*::foundation-model/<id without the geo prefix>` |
 * | a full `arn:…:bedrock:…` ARN                | that ARN unchanged (application inference profiles, provisioned)  |
 *
 * A system-defined cross-region inference profile is invoked in the caller's region but routes each request
 * to the foundation model in any region of its geography, and IAM checks the model ARN of the region that
 * serves it; hence the region wildcard on the foundation-model ARN. `*` also matches the empty region of the
 * `arn:<p>:bedrock:::foundation-model/<id>` ARN that `global.` profiles are authorized against.
 */
import type { AwsEnvironment } from "./policy";

/** Geography prefixes of system-defined cross-region inference profiles (`us.anthropic.…`). */
export const INFERENCE_PROFILE_PREFIXES = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"] as const;

// Model ids: provider.name[-version][:n]; no wildcards, so a typo cannot widen the grant.
const MODEL_ID = /^[a-z0-9-]+\.[a-zA-Z0-9._-]+(:[0-9a-z]+)*$/;
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:[0-9]{0,12}:[a-z-]+\/[a-zA-Z0-9._:/-]+$/;

/** @returns the problem with one configured model id, or undefined when it is usable. */
export function modelIdProblem(id: string): string | undefined {
  if (id.startsWith("arn:")) {
    return BEDROCK_ARN.test(id) && !id.includes("*")
      ? undefined
      : `"${id}" is not a Bedrock model or inference-profile ARN without wildcards.`;
  }
  return MODEL_ID.test(id)
    ? undefined
    : `"${id}" is not a Bedrock model id (provider.model-name-version, e.g. anthropic.claude-3-haiku-20240307-v1:0) or inference-profile id (e.g. us.anthropic.…); wildcards are not accepted.`;
}

/** Splits `us.anthropic.claude-…` into its geography and foundation-model id; undefined for plain model ids. */
export function parseInferenceProfileId(id: string): { geography: string; modelId: string } | undefined {
  const dot = id.indexOf(".");
  const geography = id.slice(0, dot);
  const isProfile = dot > 0 && (INFERENCE_PROFILE_PREFIXES as readonly string[]).includes(geography);
  return isProfile ? { geography, modelId: id.slice(dot + 1) } : undefined;
}

/**
 * The resource ARNs to grant `bedrock:InvokeModel` / `InvokeModelWithResponseStream` on, sorted and
 * deduplicated, for ids {@link modelIdProblem} accepts.
 */
export function bedrockModelResourceArns(env: AwsEnvironment, modelIds: readonly string[]): string[] {
  const arns = new Set<string>();
  const foundationModel = (id: string) => `arn:${env.partition}:bedrock:*::foundation-model/${id}`;
  for (const id of modelIds) {
    if (id.startsWith("arn:")) {
      arns.add(id);
      continue;
    }
    const profile = parseInferenceProfileId(id);
    if (profile) {
      arns.add(`arn:${env.partition}:bedrock:${env.region}:${env.accountId}:inference-profile/${id}`);
      arns.add(foundationModel(profile.modelId));
    } else {
      arns.add(foundationModel(id));
    }
  }
  return [...arns].sort();
}
