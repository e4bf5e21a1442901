/**
 * One container image in ECR: either built from a context and pushed under a content-hash tag, or an existing
 * ECR image. Either way `imageUri` is `repo@sha256:…`, so consumers change exactly when the image does.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { ECR_IMAGE_DEFAULTS } from "../defaults";
import { PlatformArgumentError } from "../errors";
import type { ImageSource } from "../normalize";
import { contentTag, hashBuildContext } from "./context-hash";
import {
  IMAGE_PLATFORM,
  digestImageUri,
  ecrImageUriProblem,
  ecrLifecyclePolicy,
  ecrRepositoryArn,
  parseEcrImageUri,
} from "./ecr";

/** Where an image comes from and how its repository behaves; normalized by `normalizeArgs`. */
export interface EcrImageArgs {
  /** A build folder (absolute) or an existing ECR image. */
  readonly source: ImageSource;
  /** Keep the repository and its images when the stack is destroyed; otherwise they are deleted with it. */
  readonly retainOnDelete: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Paths as docker.Image inputs, relative to the working directory: absolute paths would differ between
 * checkouts, and any input change rebuilds and re-pushes the image.
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

  /**
   * @param name names the ECR repository (autonamed from it): it must suit ECR's name rule (see `./names`)
   */
  constructor(name: string, args: EcrImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("agentcore-vpc-platform:images:EcrImage", name, {}, opts);
    const image =
      args.source.kind === "existing"
        ? { ...this.existingImage(name, args.source.image), tag: undefined }
        : this.buildImage(name, args, args.source.context);
    this.imageUri = image.imageUri;
    this.repositoryUrl = image.repositoryUrl;
    this.repositoryArn = image.repositoryArn;
    this.imageTag = image.tag;
    this.registerOutputs({
      imageUri: this.imageUri,
      repositoryUrl: this.repositoryUrl,
      repositoryArn: this.repositoryArn,
    });
  }

  private buildImage(name: string, args: EcrImageArgs, context: string) {
    const { dockerfile, keepImages } = ECR_IMAGE_DEFAULTS;
    const tag = contentTag(
      hashBuildContext(context, { dockerfile, platform: IMAGE_PLATFORM, buildArgs: {} }),
    );
    const retainOnDelete = args.retainOnDelete;

    const repository = new aws.ecr.Repository(
      name,
      {
        // What runs is pinned by digest, so tags need not be immutable; and ECR refuses any re-push of an
        // immutable tag (even of the same digest), which would wedge a retried or re-homed update.
        imageTagMutability: "MUTABLE",
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
          args: {},
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
    // Known strings were checked by normalizeArgs; an Output is checked once it resolves.
    const ref = pulumi.output(image).apply((uri) => {
      const parsed = parseEcrImageUri(uri);
      if (!parsed) {
        throw new PlatformArgumentError(name, [
          { propertyPath: "image", reason: String(ecrImageUriProblem(uri)) },
        ]);
      }
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
