import { describe, expect, it } from "vitest";
import type { ResourceState } from "./resource-state";
import { deleteOrder, dependencyOrder, dependencyUrns } from "./resource-state";

function resource(urn: string, fields: Partial<ResourceState> = {}): ResourceState {
  return {
    urn,
    type: "t:m:T",
    custom: true,
    id: urn,
    parent: undefined,
    provider: undefined,
    inputs: {},
    outputs: {},
    dependencies: [],
    propertyDependencies: {},
    retainOnDelete: false,
    protect: false,
    deletedWith: undefined,
    additionalSecretOutputs: [],
    initErrors: [],
    ...fields,
  };
}

describe("dependencyUrns", () => {
  it("counts dependencies, parent, provider, property dependencies and deletedWith, not itself", () => {
    const r = resource("u:r", {
      dependencies: ["u:a", "u:r"],
      parent: "u:p",
      provider: "urn:pulumi:s::p::pulumi:providers:aws::default::id-1",
      propertyDependencies: { x: ["u:b"] },
      deletedWith: "u:c",
    });
    expect(dependencyUrns(r).sort()).toEqual(
      ["u:a", "u:b", "u:c", "u:p", "urn:pulumi:s::p::pulumi:providers:aws::default"].sort(),
    );
  });
});

describe("ordering", () => {
  const vpc = resource("vpc");
  const subnet = resource("subnet", { dependencies: ["vpc"] });
  const runtime = resource("runtime", { propertyDependencies: { subnetIds: ["subnet"] } });

  it("puts dependencies first, whatever the listed order", () => {
    expect(dependencyOrder([runtime, subnet, vpc]).map((r) => r.urn)).toEqual(["vpc", "subnet", "runtime"]);
  });

  it("deletes dependents first, also through resources that stay", () => {
    const doomed = new Set(["vpc", "runtime"]);
    expect(deleteOrder([vpc, subnet, runtime], doomed).map((r) => r.urn)).toEqual(["runtime", "vpc"]);
  });

  it("refuses a cycle", () => {
    expect(() =>
      dependencyOrder([resource("a", { dependencies: ["b"] }), resource("b", { dependencies: ["a"] })]),
    ).toThrow(/cycle/);
  });
});
