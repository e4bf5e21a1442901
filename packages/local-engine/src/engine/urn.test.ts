import { describe, expect, it } from "vitest";
import {
  defaultProviderName,
  isDynamicType,
  isProviderType,
  makeUrn,
  nameOf,
  packageOf,
  parseProviderReference,
  providerReference,
  qualifiedTypeOf,
  typeOf,
} from "./urn";

describe("makeUrn", () => {
  const stack = makeUrn("dev", "proj", "pulumi:pulumi:Stack", "proj-dev", undefined);

  it("spells the stack's URN and leaves the stack out of its children's type chain", () => {
    expect(stack).toBe("urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev");
    expect(makeUrn("dev", "proj", "my:index:Component", "c", stack)).toBe(
      "urn:pulumi:dev::proj::my:index:Component::c",
    );
  });

  it("chains parent types with $", () => {
    const component = makeUrn("dev", "proj", "my:index:Component", "c", stack);
    const child = makeUrn("dev", "proj", "aws:s3/bucket:Bucket", "b", component);
    expect(child).toBe("urn:pulumi:dev::proj::my:index:Component$aws:s3/bucket:Bucket::b");
    expect(qualifiedTypeOf(child)).toBe("my:index:Component$aws:s3/bucket:Bucket");
    expect(typeOf(child)).toBe("aws:s3/bucket:Bucket");
    expect(nameOf("urn:pulumi:dev::proj::t:m:T::name::with::colons")).toBe("name::with::colons");
  });

  it("refuses what is not a URN", () => {
    expect(() => typeOf("not-a-urn")).toThrow(/not a URN/);
  });
});

describe("default providers", () => {
  it("are named after the requested version, as the engine names them", () => {
    expect(defaultProviderName(undefined)).toBe("default");
    expect(defaultProviderName("7.48.0")).toBe("default_7_48_0");
    expect(defaultProviderName("v1.2.3")).toBe("default_1_2_3");
    expect(defaultProviderName("1.0.0-alpha.1+build.5")).toBe("default_1_0_0_alpha_1_build_5");
    expect(() => defaultProviderName("latest")).toThrow(/not a semantic version/);
  });

  it("are referenced as <urn>::<id>", () => {
    const urn = "urn:pulumi:dev::proj::pulumi:providers:aws::default_7_48_0";
    expect(parseProviderReference(providerReference(urn, "abc-123"))).toEqual({ urn, id: "abc-123" });
    expect(() => parseProviderReference("nope")).toThrow(/not a provider reference/);
  });
});

describe("type tokens", () => {
  it("name their package and kind", () => {
    expect(packageOf("aws:s3/bucket:Bucket")).toBe("aws");
    expect(packageOf("pulumi:providers:docker")).toBe("docker");
    expect(isProviderType("pulumi:providers:aws")).toBe(true);
    expect(isProviderType("aws:index:Provider")).toBe(false);
    expect(isDynamicType("pulumi-nodejs:dynamic:Resource")).toBe(true);
    expect(isDynamicType("pulumi-nodejs:dynamic/agentcore:AgentCoreRuntime")).toBe(true);
    expect(isDynamicType("pulumi:providers:pulumi-nodejs")).toBe(false);
  });
});
