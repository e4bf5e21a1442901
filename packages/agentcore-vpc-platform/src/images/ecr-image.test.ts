import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, it, expect } from "vitest";
import { MOCK_ACCOUNT_ID, type ResourceRecorder, installMocks, isKnown, outputOf } from "../testing/mocks";
import { EcrImage } from "./ecr-image";

const IMAGE = "docker:index/image:Image";
const REPO = "aws:ecr/repository:Repository";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const DIGEST_URI = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

const contextDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-image-"));
fs.writeFileSync(path.join(contextDir, "Dockerfile"), "FROM public.ecr.aws/docker/library/node:22-slim\n");
fs.writeFileSync(path.join(contextDir, "server.js"), "console.log('hi')\n");
afterAll(() => fs.rmSync(contextDir, { recursive: true, force: true }));

/** One program run: installs fresh mocks, builds the image component, returns what was registered. */
async function run(options: { preview?: boolean; retainOnDelete?: boolean } = {}) {
  const rec = await installMocks({ preview: options.preview ?? false });
  const image = new EcrImage("p-executor", {
    source: { kind: "build", context: contextDir },
    retainOnDelete: options.retainOnDelete ?? false,
    tags: { env: "test" },
  });
  await rec.settle();
  return { rec, image, dockerImage: rec.one(IMAGE, "p-executor-image") };
}

describe("EcrImage build (update mode)", () => {
  it("creates a mutable, scanned, lifecycle-managed repository and an arm64 build tagged by content", async () => {
    const { rec, image, dockerImage } = await run();
    const repo = rec.one(REPO, "p-executor");
    // Mutable: a retried update re-pushes the same content tag, which ECR refuses for immutable tags.
    expect(repo.inputs).toMatchObject({
      imageTagMutability: "MUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      forceDelete: true,
      tags: { env: "test" },
    });
    expect(repo.retainOnDelete).toBe(false);
    const policy = JSON.parse(String(rec.one(LIFECYCLE, "p-executor-lifecycle").inputs["policy"]));
    expect(policy.rules[0].selection.countNumber).toBe(20);

    const repoUrl = `${MOCK_ACCOUNT_ID}.dkr.ecr.us-east-1.amazonaws.com/p-executor`;
    expect(image.imageTag).toMatch(/^[0-9a-f]{16}$/);
    expect(dockerImage.inputs["imageName"]).toBe(`${repoUrl}:${image.imageTag}`);
    const build = dockerImage.inputs["build"] as Record<string, unknown>;
    expect(build["platform"]).toBe("linux/arm64");
    expect(path.resolve(String(build["context"]))).toBe(contextDir);
    expect(path.isAbsolute(String(build["context"]))).toBe(false);
    expect(path.resolve(String(build["dockerfile"]))).toBe(path.join(contextDir, "Dockerfile"));
    const registry = dockerImage.inputs["registry"] as Record<string, unknown>;
    expect(registry["server"]).toBe(repoUrl);
    expect(registry["username"]).toBe("AWS");
    expect(registry["password"]).toBe("mock-ecr-password");
    expect(dockerImage.secretInputs).toEqual(["registry"]);
    expect(
      rec.calls.find((c) => c.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken")?.inputs,
    ).toEqual({
      registryId: MOCK_ACCOUNT_ID,
    });

    const uri = await outputOf(image.imageUri);
    expect(uri).toMatch(DIGEST_URI);
    expect(uri.startsWith(`${repoUrl}@sha256:`)).toBe(true);
    expect(await outputOf(image.repositoryArn)).toBe(
      `arn:aws:ecr:us-east-1:${MOCK_ACCOUNT_ID}:repository/p-executor`,
    );
  });

  it("unchanged sources give identical docker.Image inputs across runs; one changed file gives a new tag", async () => {
    const first = await run();
    const second = await run();
    expect(second.dockerImage.inputs).toEqual(first.dockerImage.inputs);
    expect(await outputOf(second.image.imageUri)).toBe(await outputOf(first.image.imageUri));

    const file = path.join(contextDir, "server.js");
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, "console.log('changed')\n");
    try {
      const changed = await run();
      expect(changed.image.imageTag).not.toBe(first.image.imageTag);
      expect(changed.dockerImage.inputs["imageName"]).not.toBe(first.dockerImage.inputs["imageName"]);
      expect(await outputOf(changed.image.imageUri)).not.toBe(await outputOf(first.image.imageUri));
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("retains the repository, its lifecycle policy and images when asked", async () => {
    const { rec } = await run({ retainOnDelete: true });
    expect(rec.one(REPO, "p-executor").retainOnDelete).toBe(true);
    expect(rec.one(REPO, "p-executor").inputs["forceDelete"]).toBe(false);
    expect(rec.one(LIFECYCLE, "p-executor-lifecycle").retainOnDelete).toBe(true);
  });
});

describe("EcrImage build (preview)", () => {
  it("registers the same graph with an arm64 build; the digest is unknown until pushed", async () => {
    const { rec, image, dockerImage } = await run({ preview: true });
    expect(rec.byType(REPO)).toHaveLength(1);
    expect((dockerImage.inputs["build"] as Record<string, unknown>)["platform"]).toBe("linux/arm64");
    expect(await isKnown(image.imageUri)).toBe(false);
    expect(image.imageTag).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("EcrImage with an existing image", () => {
  async function existing(rec: ResourceRecorder, uri: string) {
    const image = new EcrImage("p-agent", {
      source: { kind: "existing", image: uri },
      retainOnDelete: false,
      tags: {},
    });
    await rec.settle();
    expect(rec.byType(REPO)).toEqual([]);
    expect(rec.byType(IMAGE)).toEqual([]);
    return image;
  }

  it("pins a tag to its digest (also in preview) and derives the repository ARN", async () => {
    const rec = await installMocks({ preview: true });
    const image = await existing(rec, "111122223333.dkr.ecr.us-west-2.amazonaws.com/team/agent:v7");
    const uri = await outputOf(image.imageUri);
    expect(uri).toMatch(DIGEST_URI);
    expect(uri.startsWith("111122223333.dkr.ecr.us-west-2.amazonaws.com/team/agent@sha256:")).toBe(true);
    expect(rec.calls.find((c) => c.token === "aws:ecr/getImage:getImage")?.inputs).toEqual({
      registryId: "111122223333",
      repositoryName: "team/agent",
      imageTag: "v7",
    });
    expect(await outputOf(image.repositoryArn)).toBe(
      "arn:aws:ecr:us-west-2:111122223333:repository/team/agent",
    );
  });

  it("passes a digest URI through without lookups", async () => {
    const rec = await installMocks();
    const uri = `111122223333.dkr.ecr.us-west-2.amazonaws.com/agent@sha256:${"b".repeat(64)}`;
    const image = await existing(rec, uri);
    expect(await outputOf(image.imageUri)).toBe(uri);
    expect(rec.calls.filter((c) => c.token === "aws:ecr/getImage:getImage")).toEqual([]);
  });

  it("fails the run when an image given as an Output resolves to a URI that is not ECR's", async () => {
    await installMocks({ preview: true });
    const image = new EcrImage("p-agent", {
      source: { kind: "existing", image: pulumi.output("python:3.12") },
      retainOnDelete: false,
      tags: {},
    });
    await expect(outputOf(image.imageUri)).rejects.toThrow(/image: "python:3\.12" is not an ECR image URI/);
  });
});
