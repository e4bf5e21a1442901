import { describe, expect, it } from "vitest";
import { deleteOrderViolations, expectChangedExactly, expectProvidersResolved, unsetOutputs } from "./checks";
import type { RunResult } from "../engine/run-result";
import type { ResourceState } from "../state/resource-state";
import { UNKNOWN, makeSecret } from "../wire/values";

const state = (urn: string, dependencies: string[] = []) =>
  ({ urn, dependencies, propertyDependencies: {} }) as unknown as ResourceState;

describe("deleteOrderViolations", () => {
  const before = [state("vpc"), state("subnet", ["vpc"]), state("runtime", ["subnet"])];

  it("accepts dependents before their dependencies", () => {
    expect(deleteOrderViolations(before, ["runtime", "subnet", "vpc"])).toEqual([]);
  });

  it("names each dependency deleted too early", () => {
    expect(deleteOrderViolations(before, ["vpc", "runtime", "subnet"])).toEqual([
      "vpc was deleted before subnet, which depends on it",
    ]);
  });
});

describe("unsetOutputs", () => {
  it("lists outputs missing, empty or unknown; secrets count by their value", () => {
    const outputs = { a: "x", b: "", c: UNKNOWN, d: [UNKNOWN], e: makeSecret("s"), f: makeSecret("") };
    expect(unsetOutputs(outputs, ["a", "b", "c", "d", "e", "f", "g"])).toEqual(["b", "c", "d", "f", "g"]);
  });
});

describe("expectChangedExactly", () => {
  const result = {
    steps: [
      {
        op: "update",
        urn: "urn:pulumi:s::p::docker:index/image:Image::agent-image",
        type: "docker:index/image:Image",
      },
      { op: "same", urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" },
    ],
  } as unknown as RunResult;

  it("passes on exactly the changed set and says what changed otherwise", () => {
    expect(() =>
      expectChangedExactly(result, ["urn:pulumi:s::p::docker:index/image:Image::agent-image"], "x"),
    ).not.toThrow();
    expect(() => expectChangedExactly(result, [], "second up")).toThrow(
      /second up: expected changes to exactly\n {2}\(nothing\)\nbut the engine changed\n {2}update urn:pulumi:s::p::docker/,
    );
  });
});

describe("expectProvidersResolved", () => {
  const provider = (pkg: string) =>
    ({
      urn: `urn:pulumi:s::p::pulumi:providers:${pkg}::default`,
      id: `${pkg}-id`,
      type: `pulumi:providers:${pkg}`,
    }) as ResourceState;
  const providers = ["aws", "docker", "pulumi-nodejs"].map(provider);

  it("accepts resources whose provider is in state", () => {
    const bucket = {
      urn: "urn:b",
      id: "b",
      type: "aws:s3/bucket:Bucket",
      provider: `${providers[0]!.urn}::aws-id`,
    } as ResourceState;
    expect(() => expectProvidersResolved([...providers, bucket])).not.toThrow();
  });

  it("names a dangling reference and a package without a provider", () => {
    const bucket = {
      urn: "urn:b",
      id: "b",
      type: "aws:s3/bucket:Bucket",
      provider: `${providers[0]!.urn}::other`,
    } as ResourceState;
    expect(() => expectProvidersResolved([...providers, bucket])).toThrow(/urn:b -> .*::other/);
    expect(() => expectProvidersResolved(providers.slice(0, 2))).toThrow(
      /no provider registered for: pulumi-nodejs/,
    );
  });
});
