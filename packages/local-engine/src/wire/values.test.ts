import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { describe, expect, it } from "vitest";
import {
  UNKNOWN,
  annotateSecrets,
  containsSecret,
  containsUnknown,
  deepEqual,
  fromStruct,
  isSecret,
  makeSecret,
  markSecret,
  toStruct,
  unwrapSecrets,
} from "./values";

describe("secret envelopes", () => {
  it("wrap once and unwrap everywhere", () => {
    const secret = makeSecret(makeSecret("s3cr3t"));
    expect(isSecret(secret)).toBe(true);
    expect(secret.value).toBe("s3cr3t");
    const nested = { env: { KEY: makeSecret("v") }, list: [makeSecret(1), 2] };
    expect(containsSecret(nested)).toBe(true);
    expect(containsSecret({ env: { KEY: "v" } })).toBe(false);
    expect(unwrapSecrets(nested)).toEqual({ env: { KEY: "v" }, list: [1, 2] });
  });

  it("finds the unknown sentinel at any depth", () => {
    expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
    expect(containsUnknown({ a: [1, { b: "known" }] })).toBe(false);
  });
});

describe("annotateSecrets (the engine's rule for providers that refuse secrets)", () => {
  it("marks an output secret when its input was, or held, a secret", () => {
    const inputs = { password: makeSecret("p"), env: makeSecret({ A: "1" }), tags: { owner: "me" } };
    const outputs = { password: "p", env: { A: "1" }, tags: { owner: "me" }, arn: "arn:x" };
    const annotated = annotateSecrets(outputs, inputs);
    expect(isSecret(annotated.password)).toBe(true);
    expect(isSecret(annotated.env)).toBe(true);
    expect(annotated.tags).toEqual({ owner: "me" });
    expect(annotated.arn).toBe("arn:x");
  });

  it("walks plain objects key by key, so only the secret member becomes secret", () => {
    const annotated = annotateSecrets({ env: { A: "1", B: "2" } }, { env: { A: makeSecret("1"), B: "2" } });
    const env = annotated.env as Record<string, unknown>;
    expect(isSecret(env.A)).toBe(true);
    expect(env.B).toBe("2");
  });

  it("leaves outputs without a matching input alone, and marks additional secret outputs", () => {
    const outputs = markSecret(annotateSecrets({ id: "x", key: "k" }, { other: makeSecret("s") }), [
      "key",
      "missing",
    ]);
    expect(outputs.id).toBe("x");
    expect(isSecret(outputs.key)).toBe(true);
    expect("missing" in outputs).toBe(false);
  });
});

describe("deepEqual", () => {
  it("ignores key order and secretness, not values", () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual({ a: makeSecret("x") }, { a: "x" })).toBe(true);
    expect(deepEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
});

describe("Struct conversion", () => {
  it("round-trips wire values and drops undefined members", () => {
    const value = { s: makeSecret("x"), u: UNKNOWN, n: 1.5, list: [true, null, undefined], gone: undefined };
    const back = fromStruct(Struct.deserializeBinary(toStruct(value).serializeBinary()));
    expect(back).toEqual({ s: makeSecret("x"), u: UNKNOWN, n: 1.5, list: [true, null, null] });
    expect(fromStruct(undefined)).toEqual({});
  });
});
