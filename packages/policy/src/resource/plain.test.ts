import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { policyProps } from "../testing/args";
import { asList, at, containsUnknown, plain, plainProps, UNKNOWN } from "./plain";

const unknown = pulumi.runtime.unknownValue;

describe("plainProps", () => {
  it("turns each unknown behind the SDK's proxy into UNKNOWN, at any depth, and keeps the rest", () => {
    const props = policyProps({
      known: "a",
      top: unknown,
      nested: { list: ["x", unknown], inner: { deep: unknown, flag: false } },
    });
    expect(() => props["top"]).toThrow();
    expect(plainProps(props)).toEqual({
      known: "a",
      top: UNKNOWN,
      nested: { list: ["x", UNKNOWN], inner: { deep: UNKNOWN, flag: false } },
    });
  });

  it("unwraps secrets as the SDK does", () => {
    const secret = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "s3cret" };
    expect(plainProps(policyProps({ password: secret }))).toEqual({ password: "s3cret" });
  });

  it("reads the wire marker itself as UNKNOWN when there is no proxy", () => {
    expect(plain({ a: [unknown] })).toEqual({ a: [UNKNOWN] });
  });
});

describe("helpers", () => {
  it("at() walks objects, stopping at unknown or missing parts", () => {
    expect(at({ a: { b: 1 } }, "a", "b")).toBe(1);
    expect(at({ a: UNKNOWN }, "a", "b")).toBe(UNKNOWN);
    expect(at({ a: "text" }, "a", "b")).toBeUndefined();
  });

  it("asList() and containsUnknown()", () => {
    expect(asList(undefined)).toEqual([]);
    expect(asList("one")).toEqual(["one"]);
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: 2 }] })).toBe(false);
  });
});
