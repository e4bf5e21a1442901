/** Pure ECR helpers: image-URI parsing, repository ARNs and the lifecycle policy. */

/** AgentCore runs only ARM64 containers; the executor runs on Fargate ARM64 to share one build. */
export const IMAGE_PLATFORM = "linux/arm64";

export interface EcrImageReference {
  readonly registryId: string;
  readonly region: string;
  readonly partition: string;
  readonly repositoryName: string;
  /** `<registry>/<repository>` without tag or digest. */
  readonly repositoryUrl: string;
  readonly tag?: string;
  readonly digest?: string;
}

// Repository names and tags follow the ECR API patterns; a digest is sha256 only (what ECR produces).
const ECR_IMAGE_URI =
  /^(?<registryId>\d{12})\.dkr\.ecr(?:-fips)?\.(?<region>[a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?<cn>\.cn)?\/(?<repositoryName>[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(?<digest>sha256:[a-f0-9]{64}))$/;

/** Parses `<acct>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>` or `…/<repo>@sha256:<hex>`; undefined otherwise. */
export function parseEcrImageUri(uri: string): EcrImageReference | undefined {
  const groups = ECR_IMAGE_URI.exec(uri)?.groups;
  if (!groups) return undefined;
  const { registryId = "", region = "", repositoryName = "", tag, digest, cn } = groups;
  const partition = cn ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  const registry = uri.slice(0, uri.indexOf("/"));
  return {
    registryId,
    region,
    partition,
    repositoryName,
    repositoryUrl: `${registry}/${repositoryName}`,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** @returns why `uri` is not usable as an existing image, or undefined. */
export function ecrImageUriProblem(uri: string): string | undefined {
  if (parseEcrImageUri(uri)) return undefined;
  const hint = /[:@]/.test(uri.slice(uri.lastIndexOf("/") + 1))
    ? ""
    : " It needs a `:tag` or `@sha256:` digest.";
  return `"${uri}" is not an ECR image URI such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag or …/repo@sha256:<64 hex>.${hint}`;
}

export function ecrRepositoryArn(ref: EcrImageReference): string {
  return `arn:${ref.partition}:ecr:${ref.region}:${ref.registryId}:repository/${ref.repositoryName}`;
}

/** `<repositoryUrl>@<digest>`: the form the runtime and the task definition must reference. */
export function digestImageUri(repositoryUrl: string, digest: string): string {
  return `${repositoryUrl}@${digest}`;
}

/**
 * Expires all but the newest `keepImages` images. Tags are content hashes, so "any" tag status is right:
 * there is no `latest` to protect, and the running image is always among the newest.
 */
export function ecrLifecyclePolicy(keepImages: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `Keep the last ${keepImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepImages },
        action: { type: "expire" },
      },
    ],
  });
}
