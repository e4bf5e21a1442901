/**
 * A stack's state on disk: `<dir>/<stack>.json` (a checkpoint: every resource with its inputs, outputs,
 * provider reference and dependencies, secrets sealed) and `<dir>/<stack>.key` (the key that opens them).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceState } from "./resource-state";
import { newSecretsKey, openSecrets, sealSecrets } from "./secrets";
import type { PropertyMap } from "../wire/values";

/** Format marker of the checkpoint file. */
export const CHECKPOINT_VERSION = 1;

interface CheckpointFile {
  version: number;
  stack: string;
  project: string;
  resources: ResourceState[];
}

export class StateStore {
  /**
   * @param dir folder holding the checkpoint and key files (created on first save)
   * @param project project name recorded in the checkpoint
   * @param stack stack name: the file names
   */
  constructor(
    readonly dir: string,
    readonly project: string,
    readonly stack: string,
  ) {}

  /** The checkpoint file's path. */
  get checkpointPath(): string {
    return path.join(this.dir, `${this.stack}.json`);
  }

  private get keyPath(): string {
    return path.join(this.dir, `${this.stack}.key`);
  }

  private key(create: boolean): Buffer | undefined {
    if (fs.existsSync(this.keyPath))
      return Buffer.from(fs.readFileSync(this.keyPath, "utf8").trim(), "base64");
    if (!create) return undefined;
    const key = newSecretsKey();
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.keyPath, key.toString("base64"), { mode: 0o600 });
    return key;
  }

  /** The resources in state, secrets opened; empty when the stack has never been updated. */
  load(): ResourceState[] {
    if (!fs.existsSync(this.checkpointPath)) return [];
    const file = JSON.parse(fs.readFileSync(this.checkpointPath, "utf8")) as CheckpointFile;
    if (file.version !== CHECKPOINT_VERSION) {
      throw new Error(
        `${this.checkpointPath}: checkpoint version ${file.version}, expected ${CHECKPOINT_VERSION}`,
      );
    }
    const key = this.key(false);
    if (!key && file.resources.length > 0)
      throw new Error(`${this.keyPath} is missing: state secrets cannot be read`);
    return file.resources.map((r) =>
      key
        ? {
            ...r,
            inputs: openSecrets(r.inputs, key) as PropertyMap,
            outputs: openSecrets(r.outputs, key) as PropertyMap,
          }
        : r,
    );
  }

  /** Replaces the checkpoint with these resources, secrets sealed. */
  save(resources: readonly ResourceState[]): void {
    const key = this.key(true) as Buffer;
    const file: CheckpointFile = {
      version: CHECKPOINT_VERSION,
      stack: this.stack,
      project: this.project,
      resources: resources.map((r) => ({
        ...r,
        inputs: sealSecrets(r.inputs, key) as PropertyMap,
        outputs: sealSecrets(r.outputs, key) as PropertyMap,
      })),
    };
    fs.mkdirSync(this.dir, { recursive: true });
    const temporary = `${this.checkpointPath}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
    fs.renameSync(temporary, this.checkpointPath);
  }

  /** The checkpoint file as written (sealed), for checks on what is at rest. */
  rawCheckpoint(): string {
    return fs.readFileSync(this.checkpointPath, "utf8");
  }
}
