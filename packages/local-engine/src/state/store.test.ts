import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decryptValue, encryptValue, newSecretsKey } from "./secrets";
import type { ResourceState } from "./resource-state";
import { StateStore } from "./store";
import { isSecret, makeSecret } from "../wire/values";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-test-"));
  dirs.push(dir);
  return dir;
}

const runtime: ResourceState = {
  urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::rt",
  type: "pulumi-nodejs:dynamic:Resource",
  custom: true,
  id: "rt-1",
  parent: undefined,
  provider: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default::uuid",
  inputs: { environmentVariables: makeSecret({ API_KEY: "hunter2-value" }), name: "rt" },
  outputs: { environmentVariables: makeSecret({ API_KEY: "hunter2-value" }), name: "rt", version: "1" },
  dependencies: [],
  propertyDependencies: {},
  retainOnDelete: false,
  protect: false,
  deletedWith: undefined,
  additionalSecretOutputs: ["environmentVariables"],
  initErrors: [],
};

describe("StateStore", () => {
  it("is empty before the first save", () => {
    expect(new StateStore(tempDir(), "p", "dev").load()).toEqual([]);
  });

  it("round-trips resources and keeps secrets secret, sealed at rest", () => {
    const store = new StateStore(tempDir(), "p", "dev");
    store.save([runtime]);
    const [loaded] = store.load();
    expect(loaded).toEqual(runtime);
    expect(isSecret(loaded?.inputs.environmentVariables)).toBe(true);
    const raw = store.rawCheckpoint();
    expect(raw).not.toContain("hunter2-value");
    expect(raw).not.toContain("API_KEY");
    expect(raw).toContain("ciphertext");
  });

  it("cannot open secrets without its key", () => {
    const dir = tempDir();
    new StateStore(dir, "p", "dev").save([runtime]);
    fs.rmSync(path.join(dir, "dev.key"));
    expect(() => new StateStore(dir, "p", "dev").load()).toThrow(/dev.key is missing/);
  });
});

describe("secret sealing", () => {
  it("decrypts with the same key only, and detects tampering", () => {
    const key = newSecretsKey();
    const sealed = encryptValue({ a: [1, "two"] }, key);
    expect(decryptValue(sealed, key)).toEqual({ a: [1, "two"] });
    expect(() => decryptValue(sealed, newSecretsKey())).toThrow();
    const parts = sealed.split(":");
    const data = Buffer.from(parts[3] as string, "base64");
    data[0] = (data[0] as number) ^ 1;
    expect(() =>
      decryptValue([parts[0], parts[1], parts[2], data.toString("base64")].join(":"), key),
    ).toThrow();
    expect(() => decryptValue("v0:x", key)).toThrow(/unrecognised/);
  });
});
