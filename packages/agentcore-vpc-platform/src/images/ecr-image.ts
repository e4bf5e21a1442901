/**
 * One container image in ECR: either built from a context and pushed under a content-hash tag, or an existing
 * ECR image. Either way `imageUri` is `repo@sha256:…`, so consumers change exactly when the image does.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { PlatformArgumentError } from "../errors";
import { contentTag, hashBuildContext } from "./context-hash";
import {
  IMAGE_PLATFORM,
  digestImageUri,
  ecrImageProblems,
  ecrImageUriProblem,
  ecrLifecyclePolicy,
  ecrRepositoryArn,
  parseEcrImageUri,
} from "./ecr";

export interface EcrImageArgs {
  /**
   * Build context folder with a Dockerfile (absolute, or relative to the working directory). Plain, because
   * it is hashed when the program runs. Exactly one of `context` and `image`.
   */
  readonly context?: string;
  /** Dockerfile path relative to `context`. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** Docker build arguments (part of the content tag). @default {} */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /**
   * An existing ECR image (`…/repo:tag` or `…/repo@sha256:…`); skips the repository and the build. A tag is
   * resolved to its digest (at preview too). Exactly one of `context` and `image`.
   */
  readonly image?: pulumi.Input<string>;
  /** Images kept by the repository's lifecycle policy. @default 20 */
  readonly keepImages?: number;
  /**
   * Keep the repository and its images when the stack is destroyed (prod); when false the repository is
   * deleted with its images.
   * @default false
   */
  readonly retainOnDelete?: boolean;
  /** Tags for the repository. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

// The repository is autonamed from the component name (plus a random suffix), so the name must suit ECR.
const ECR_REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const ECR_IMAGE_DEFAULTS = {
  dockerfile: "Dockerfile",
  keepImages: 20,
  retainOnDelete: false,
} as const;

/**
 * Paths as docker.Image inputs, relative to the working directory: absolute paths would differ between
 * checkouts, and any input change rebuilds and re-pushes the same tag, which an immutable repository rejects.
 */
function stablePath(absolute: string): string {
  return path.relative(process.cwd(), absolute) || ".";
}

/** ECR repository plus image build, or an existing image (type `agentcore-vpc-platform:images:EcrImage`). */
export class EcrImage extends pulumi.ComponentResource {
  /** The image by digest: `<account>.dkr.ecr.<region>.amazonaws.com/<repo>@sha256:<hex>`. */
  readonly imageUri: pulumi.Output<string>;
  /** `<registry>/<repo>`, without tag or digest. */
  readonly repositoryUrl: pulumi.Output<string>;
  /** Repository ARN, to scope pull permissions. */
  readonly repositoryArn: pulumi.Output<string>;
  /** The content-hash tag pushed (builds only). */
  readonly imageTag: string | undefined;

  constructor(name: string, args: EcrImageArgs, opts?: pulumi.ComponentResourceOptions) {
    const keepImages = args.keepImages ?? ECR_IMAGE_DEFAULTS.keepImages;
    const problems = ecrImageProblems({
      context: args.context,
      hasImage: args.image !== undefined,
      keepImages,
    });
    const uriProblem = typeof args.image === "string" ? ecrImageUriProblem(args.image) : undefined;
    if (uriProblem) problems.push({ path: "image", reason: uriProblem });
    const dockerfile = path.resolve(args.context ?? ".", args.dockerfile ?? ECR_IMAGE_DEFAULTS.dockerfile);
    if (args.context !== undefined && args.image === undefined && !fs.existsSync(dockerfile)) {
      problems.push({ path: "dockerfile", reason: `${dockerfile} does not exist.` });
    }
    if (args.image === undefined && !ECR_REPOSITORY_NAME.test(name)) {
      problems.push({
        path: "name",
        reason: `"${name}" names the ECR repository, which allows lowercase letters, digits and . _ - between them.`,
      });
    }
    // Validated before super() so invalid arguments register nothing.
    if (problems.length > 0) throw new PlatformArgumentError(name, problems);
    super("agentcore-vpc-platform:images:EcrImage", name, {}, opts);

    if (args.image !== undefined) {
      const existing = this.existingImage(name, args.image);
      this.imageUri = existing.imageUri;
      this.repositoryUrl = existing.repositoryUrl;
      this.repositoryArn = existing.repositoryArn;
      this.imageTag = undefined;
    } else {
      const built = this.buildImage(name, args, path.resolve(args.context ?? "."), keepImages);
      this.imageUri = built.imageUri;
      this.repositoryUrl = built.repositoryUrl;
      this.repositoryArn = built.repositoryArn;
      this.imageTag = built.tag;
    }
    this.registerOutputs({
      imageUri: this.imageUri,
      repositoryUrl: this.repositoryUrl,
      repositoryArn: this.repositoryArn,
    });
  }

  private buildImage(name: string, args: EcrImageArgs, context: string, keepImages: number) {
    const dockerfile = args.dockerfile ?? ECR_IMAGE_DEFAULTS.dockerfile;
    const buildArgs = args.buildArgs ?? {};
    const tag = contentTag(hashBuildContext(context, { dockerfile, platform: IMAGE_PLATFORM, buildArgs }));
    const retainOnDelete = args.retainOnDelete ?? ECR_IMAGE_DEFAULTS.retainOnDelete;

    const repository = new aws.ecr.Repository(
      name,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        forceDelete: !retainOnDelete,
        tags: args.tags,
      },
      { parent: this, retainOnDelete },
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-lifecycle`,
      { repository: repository.name, policy: ecrLifecyclePolicy(keepImages) },
      { parent: this, retainOnDelete },
    );
    const token = aws.ecr.getAuthorizationTokenOutput(
      { registryId: repository.registryId },
      { parent: this },
    );
    const image = new docker.Image(
      `${name}-image`,
      {
        imageName: pulumi.interpolate`${repository.repositoryUrl}:${tag}`,
        build: {
          context: stablePath(context),
          dockerfile: stablePath(path.resolve(context, dockerfile)),
          platform: IMAGE_PLATFORM,
          args: buildArgs,
        },
        registry: {
          server: repository.repositoryUrl,
          username: token.userName,
          password: pulumi.secret(token.password),
        },
      },
      { parent: this },
    );
    return {
      tag,
      imageUri: image.repoDigest,
      repositoryUrl: repository.repositoryUrl,
      repositoryArn: repository.arn,
    };
  }

  private existingImage(name: string, image: pulumi.Input<string>) {
    const ref = pulumi.output(image).apply((uri) => {
      const parsed = parseEcrImageUri(uri);
      if (!parsed)
        throw new PlatformArgumentError(name, [{ path: "image", reason: String(ecrImageUriProblem(uri)) }]);
      return parsed;
    });
    // A tag is resolved now, so later pushes to it (mutable repositories) cannot change what runs.
    const digest = ref.apply((r) =>
      r.digest !== undefined
        ? pulumi.output(r.digest)
        : aws.ecr.getImageOutput(
            { registryId: r.registryId, repositoryName: r.repositoryName, imageTag: r.tag },
            { parent: this },
          ).imageDigest,
    );
    return {
      imageUri: pulumi.all([ref, digest]).apply(([r, d]) => digestImageUri(r.repositoryUrl, d)),
      repositoryUrl: ref.repositoryUrl,
      repositoryArn: ref.apply(ecrRepositoryArn),
    };
  }
}
