/**
 * The runtime's environment is a secret end to end: the program sends it as a secret (inputs) and asks for
 * it back as one (outputs), the engine answers with it secret, and the checkpoint holds only ciphertext.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { RUNTIME_ENV } from "agentcore-vpc-platform-contract";
import { RUNTIME_TYPE, expectThat, onlyResource } from "./checks";
import type { RunResult } from "../engine/run-result";
import type { LocalEngine } from "../local-engine";
import { PROVIDER_PROPERTY } from "../providers/dynamic-host";
import { isSecret } from "../wire/values";

/** The property of the runtime that holds its environment. */
export const ENVIRONMENT_PROPERTY = "environmentVariables";

interface StoredResource {
  urn: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** Whether a value at rest is a sealed secret: the secret signature and ciphertext, no value. */
function isSealed(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return (
    typeof fields.ciphertext === "string" &&
    !("value" in fields) &&
    fields[specialSigKey] === specialSecretSig
  );
}

/** Checks the runtime registration of `up` and the checkpoint it left. */
export function expectSecretEnvironment(engine: LocalEngine, up: RunResult): void {
  const registration = up.registrations.find((r) => r.type === RUNTIME_TYPE);
  expectThat(registration !== undefined, "no AgentCore runtime was registered");
  expectThat(
    registration.secretInputs.includes(ENVIRONMENT_PROPERTY),
    `the runtime's ${ENVIRONMENT_PROPERTY} input arrived without a secret marker (secret inputs: ${
      registration.secretInputs.join(", ") || "none"
    })`,
  );
  expectThat(
    registration.additionalSecretOutputs.includes(ENVIRONMENT_PROPERTY),
    `the runtime registration does not ask for ${ENVIRONMENT_PROPERTY} as a secret output`,
  );
  expectThat(
    isSecret(registration.outputs?.[ENVIRONMENT_PROPERTY]),
    `the engine answered the runtime's ${ENVIRONMENT_PROPERTY} output without a secret marker`,
  );

  const runtime = onlyResource(engine.store.load(), RUNTIME_TYPE);
  expectThat(
    isSecret(runtime.inputs[ENVIRONMENT_PROPERTY]) && isSecret(runtime.outputs[ENVIRONMENT_PROPERTY]),
    `state holds the runtime's ${ENVIRONMENT_PROPERTY} in inputs or outputs without a secret marker`,
  );
  const checkpoint = JSON.parse(engine.store.rawCheckpoint()) as { resources: StoredResource[] };
  const stored = checkpoint.resources.find((r) => r.urn === runtime.urn) as StoredResource;
  expectThat(
    isSealed(stored.inputs[ENVIRONMENT_PROPERTY]) && isSealed(stored.outputs[ENVIRONMENT_PROPERTY]),
    `the checkpoint does not hold the runtime's ${ENVIRONMENT_PROPERTY} as ciphertext`,
  );
  const { [PROVIDER_PROPERTY]: _inputProvider, ...inputs } = stored.inputs;
  const { [PROVIDER_PROPERTY]: _outputProvider, ...outputs } = stored.outputs;
  const text = JSON.stringify({ inputs, outputs });
  const clear = Object.values(RUNTIME_ENV).filter((name) => text.includes(name));
  expectThat(
    clear.length === 0,
    `the checkpoint shows runtime environment names in clear: ${clear.join(", ")}`,
  );
}
