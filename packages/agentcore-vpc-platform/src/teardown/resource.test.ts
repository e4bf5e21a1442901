import { CreateTagsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { installMocks, outputOf } from "../testing/mocks";
import type { ResourceRecorder } from "../testing/mocks";
import { sweepMarkerProvider } from "./provider";
import { SweepMarker } from "./resource";
import { loadSerializedProvider } from "../testing/serialized-provider";

const TYPE = "pulumi-nodejs:dynamic/agentcore:SweepMarker";
const args = {
  region: "us-east-1",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  subnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
  securityGroupIds: ["sg-0bbbbbbbbbbbbbbb1"],
};

let rec: ResourceRecorder;
let marker: SweepMarker;
let serialized: string;

beforeAll(async () => {
  rec = await installMocks();
  // The dynamic.Resource constructor serializes the provider; a captured client or module would fail here.
  marker = new SweepMarker("deep-insight-sweep-marker", args);
  await rec.settle();
  serialized = String(rec.one(TYPE, "deep-insight-sweep-marker").inputs.__provider);
});

describe("SweepMarker under Pulumi mocks", () => {
  it("registers as a dynamic resource with the retained ids and the default linger time", async () => {
    const inputs = rec.one(TYPE, "deep-insight-sweep-marker").inputs;
    expect(inputs).toMatchObject({ ...args, lingerHours: 8 });
    expect(await outputOf(marker.lingerHours)).toBe(8);
    expect(await outputOf(marker.subnetIds)).toEqual(args.subnetIds);
  });

  it("passes a given linger time through", async () => {
    new SweepMarker("custom", { ...args, lingerHours: 12 });
    await rec.settle();
    expect(rec.one(TYPE, "custom").inputs.lingerHours).toBe(12);
  });

  it("stores a stub that requires the provider from the installed package", () => {
    expect(serialized).toContain("exports.handler");
    expect(serialized).toContain('"sweep-marker-provider"');
    expect(serialized).not.toMatch(/client-ec2|stampSweepAfter|dist\/|middlewareStack/);
  });

  it("runs create and delete from its serialized text", async () => {
    const ec2 = mockClient(EC2Client);
    ec2.on(CreateTagsCommand).resolves({});
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const provider = loadSerializedProvider(serialized, __dirname);
      expect(provider).not.toBe(sweepMarkerProvider);
      const created = await provider.create({ ...args, lingerHours: 8 });
      expect(created.id).toBe("sweep-marker-vpc-0a1b2c3d4e5f60718");
      await provider.delete!(created.id, created.outs);
      expect(ec2.commandCalls(CreateTagsCommand)[0]?.args[0].input.Resources).toEqual([
        "vpc-0a1b2c3d4e5f60718",
        "subnet-0aaaaaaaaaaaaaaa1",
        "subnet-0aaaaaaaaaaaaaaa2",
        "sg-0bbbbbbbbbbbbbbb1",
      ]);
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(/tagged vpc-0a1b2c3d4e5f60718, .* sweep-after=/),
      );
    } finally {
      log.mockRestore();
      ec2.restore();
    }
  });
});
