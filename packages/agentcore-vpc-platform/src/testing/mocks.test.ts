import { describe, it, expect } from "vitest";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT_ID, installMocks, isKnown, outputOf } from "./mocks";

class Holder extends pulumi.ComponentResource {
  readonly bucketArn: pulumi.Output<string>;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Holder", name, {}, opts);
    const bucket = new aws.s3.Bucket(
      `${name}-data`,
      { bucket: `${name}-data` },
      { parent: this, retainOnDelete: true },
    );
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketArn: this.bucketArn });
  }
}

describe("installMocks", () => {
  it("records type, name, inputs, parent and retainOnDelete, and resolves outputs in update mode", async () => {
    const rec = await installMocks();
    const holder = new Holder("h");
    await rec.settle();
    const bucket = rec.one("aws:s3/bucket:Bucket", "h-data");
    expect(bucket.inputs["bucket"]).toBe("h-data");
    expect(bucket.retainOnDelete).toBe(true);
    expect(bucket.parent).toBe(rec.one("test:index:Holder", "h").urn);
    expect(await outputOf(holder.bucketArn)).toBe("arn:aws:s3:::h-data");
    expect(() => rec.one("aws:s3/bucket:Bucket", "missing")).toThrow(
      /no aws:s3\/bucket:Bucket named "missing"/,
    );
  });

  it("reports computed outputs as unknown in preview and answers default calls", async () => {
    const rec = await installMocks({ preview: true });
    const holder = new Holder("p");
    const identity = aws.getCallerIdentityOutput();
    await rec.settle();
    expect(rec.byType("aws:s3/bucket:Bucket")).toHaveLength(1);
    expect(await isKnown(holder.bucketArn)).toBe(false);
    await expect(outputOf(holder.bucketArn)).rejects.toThrow(/unknown/);
    expect(await outputOf(identity.accountId)).toBe(MOCK_ACCOUNT_ID);
    expect(rec.calls.map((c) => c.token)).toContain("aws:index/getCallerIdentity:getCallerIdentity");
  });

  it("merges per-test outputs over the defaults", async () => {
    const rec = await installMocks({
      outputs: (a) => (a.type === "aws:s3/bucket:Bucket" ? { arn: "arn:aws:s3:::override" } : undefined),
    });
    const holder = new Holder("o");
    await rec.settle();
    expect(await outputOf(holder.bucketArn)).toBe("arn:aws:s3:::override");
  });

  it("settle rejects with a registration error instead of waiting forever", async () => {
    const rec = await installMocks();
    class Broken extends pulumi.ComponentResource {
      constructor() {
        super("test:index:Broken", "broken", {});
        const failing = pulumi.output("x").apply((): string => {
          throw new Error("boom");
        });
        const bucket = new aws.s3.Bucket("broken", { bucket: failing }, { parent: this });
        this.registerOutputs({ arn: bucket.arn });
      }
    }
    new Broken();
    await expect(rec.settle()).rejects.toThrow(/boom/);
    expect(String(rec.errors[0])).toMatch(/boom/);
  });
});
