/** Classification of SDK errors and the wording of the errors this provider throws. */

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const asSdkError = (err: unknown): SdkErrorLike =>
  typeof err === "object" && err !== null ? (err as SdkErrorLike) : {};

/** The service error name (`ThrottlingException`, ...) or the Node error code for network failures. */
export function errorName(err: unknown): string {
  const e = asSdkError(err);
  return e.name && e.name !== "Error" ? e.name : (e.code ?? e.name ?? "Error");
}

/** The HTTP status of a service error, if any. */
export function httpStatus(err: unknown): number | undefined {
  return asSdkError(err).$metadata?.httpStatusCode;
}

/** The error's message, whatever was thrown. */
export function errorMessage(err: unknown): string {
  return asSdkError(err).message ?? String(err);
}

export const isNotFound = (err: unknown): boolean => errorName(err) === "ResourceNotFoundException";
export const isAccessDenied = (err: unknown): boolean => errorName(err) === "AccessDeniedException";
export const isConflict = (err: unknown): boolean => errorName(err) === "ConflictException";

/** What AWS's failureReason usually means, and where to fix it. Undefined when nothing is known. */
export function hintForFailure(failureReason: string): string | undefined {
  if (/unsupported availability zone/i.test(failureReason)) {
    return (
      "Hint: AgentCore VPC mode only works in listed AZ IDs, and AZ names map to different IDs in every account. " +
      "Pass supported IDs in `network.availabilityZoneIds` (the component checks them at preview) or let the " +
      "component pick them; see the supported-AZ table in the AgentCore VPC docs."
    );
  }
  if (/role validation failed|assume ?role|sts:AssumeRole/i.test(failureReason)) {
    return (
      "Hint: the execution role could not be used. A newly created role takes seconds to propagate in IAM " +
      "(run `pulumi up` again); otherwise check its trust policy allows bedrock-agentcore.amazonaws.com."
    );
  }
  if (/ecr|GetAuthorizationToken|BatchGetImage|GetDownloadUrlForLayer|image/i.test(failureReason)) {
    return (
      "Hint: the runtime could not pull its image. Check the execution role allows ecr:GetAuthorizationToken " +
      "(on *), ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repository, that the image exists for " +
      "linux/arm64, and that the subnets reach ECR and S3 (interface endpoints ecr.api/ecr.dkr, S3 gateway endpoint " +
      "or NAT). IAM changes can take a few seconds to propagate."
    );
  }
  if (/subnet|security ?group|network interface|\bENI\b/i.test(failureReason)) {
    return "Hint: check the subnets and security groups exist in this region and belong to the same VPC.";
  }
  return undefined;
}

/** The message for a runtime that ended in CREATE_FAILED / UPDATE_FAILED / DELETE_FAILED. */
export function failureMessage(args: {
  operation: "create" | "update" | "delete";
  name: string;
  id: string;
  region: string;
  status: string;
  failureReason: string | undefined;
  aftermath?: string;
}): string {
  const reason = args.failureReason ?? "(AWS gave no failureReason)";
  const lines = [
    `AgentCore runtime ${args.name} (id ${args.id}, ${args.region}) failed to ${args.operation}: status ${args.status}: ${reason}`,
  ];
  const hint = args.failureReason ? hintForFailure(args.failureReason) : undefined;
  if (hint) lines.push(hint);
  if (args.aftermath) lines.push(args.aftermath);
  return lines.join("\n");
}

/**
 * An error that tells the Pulumi engine a runtime exists although the operation failed: the dynamic
 * provider host reads `id` and `properties` and records the resource in state (ErrorResourceInitFailed),
 * so it is never left untracked.
 */
export class RuntimeInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
    this.name = "RuntimeInitError";
  }
}
