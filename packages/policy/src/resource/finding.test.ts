import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { resourceArgs } from "../testing/args";
import { customResource } from "../testing/mutate";
import { validateResourceWith, violationMessage } from "./finding";

describe("violationMessage", () => {
  it("names the resource by type, name and URN, then the problem and the fix", () => {
    const subject = {
      type: "aws:s3/bucket:Bucket",
      name: "data",
      urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::data",
    };
    expect(violationMessage(subject, { problem: "it is public", fix: "make it private" })).toBe(
      'aws:s3/bucket:Bucket "data" (urn:pulumi:dev::p::aws:s3/bucket:Bucket::data): it is public. Fix: make it private.',
    );
  });
});

describe("validateResourceWith", () => {
  const validation = validateResourceWith([
    { resource: aws.s3.Bucket, check: () => [{ problem: "by class", fix: "f" }] },
    {
      recognise: (type, props) => type.startsWith("x:") && props["flag"] === true,
      check: () => [{ problem: "by props", fix: "f" }],
    },
  ]);
  const run = (type: string, inputs: Record<string, unknown>) => {
    const messages: string[] = [];
    void validation(resourceArgs(customResource(type, "r", inputs)), (message) => messages.push(message));
    return messages.map((m) => m.slice(m.indexOf("): ") + 3));
  };

  it("runs a check on the resources of its class, or those its test recognises", () => {
    expect(run("aws:s3/bucket:Bucket", {})).toEqual(["by class. Fix: f."]);
    expect(run("x:y:Z", { flag: true })).toEqual(["by props. Fix: f."]);
    expect(run("x:y:Z", { flag: false })).toEqual([]);
    expect(run("aws:s3/bucketV2:BucketV2", {})).toEqual([]);
  });
});
