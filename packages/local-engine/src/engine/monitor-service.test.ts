import { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { describe, expect, it } from "vitest";
import { SUPPORTED_FEATURES, goalFrom } from "./monitor-service";
import { makeSecret, toStruct } from "../wire/values";

describe("goalFrom", () => {
  it("decodes a registration's type, options and inputs (secrets kept)", () => {
    const req = new RegisterResourceRequest();
    req.setType("aws:s3/bucket:Bucket");
    req.setName("data");
    req.setParent("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
    req.setCustom(true);
    req.setObject(toStruct({ bucket: "data-1", policy: makeSecret("{}") }));
    req.setVersion("7.48.0");
    req.setDependenciesList(["urn:a"]);
    const deps = new RegisterResourceRequest.PropertyDependencies();
    deps.setUrnsList(["urn:b"]);
    req.getPropertydependenciesMap().set("policy", deps);
    req.setRetainondelete(true);
    req.setAdditionalsecretoutputsList(["arn"]);
    req.setIgnorechangesList(["tags"]);
    req.setAcceptsecrets(true);
    req.setDeletedwith("urn:c");
    expect(goalFrom(req)).toEqual({
      type: "aws:s3/bucket:Bucket",
      name: "data",
      parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
      custom: true,
      inputs: { bucket: "data-1", policy: makeSecret("{}") },
      provider: undefined,
      version: "7.48.0",
      dependencies: ["urn:a"],
      propertyDependencies: { policy: ["urn:b"] },
      retainOnDelete: true,
      protect: false,
      deleteBeforeReplace: false,
      ignoreChanges: ["tags"],
      replaceOnChanges: [],
      additionalSecretOutputs: ["arn"],
      deletedWith: "urn:c",
      acceptSecrets: true,
    });
  });

  it("supports secrets and resource references, so secrets travel as secrets", () => {
    expect([...SUPPORTED_FEATURES]).toEqual(expect.arrayContaining(["secrets", "resourceReferences"]));
    expect(SUPPORTED_FEATURES.has("outputValues")).toBe(false);
  });
});
