import { describe, expect, it } from "vitest";
import { allowedEnvironment, sessionEnvironment, zygoteEnvironment } from "./environment";

/** What the executor's container environment looks like on ECS (values made up). */
const SERVER_ENV = {
  PATH: "/usr/local/bin:/usr/bin",
  LANG: "C.UTF-8",
  HOME: "/root",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIAEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_SESSION_TOKEN: "token",
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/abc",
  ECS_CONTAINER_METADATA_URI_V4: "http://169.254.170.2/v4/abc",
  DATA_BUCKET: "the-data-bucket",
  EXECUTOR_WORK_DIR: "/work",
  NODE_OPTIONS: "--max-old-space-size=512",
  PYTHONHASHSEED: "0",
  OPENBLAS_CORETYPE: "ARMV8",
  LC_ALL: "C.UTF-8",
  OMP_NUM_THREADS: "2",
};

describe("the Python side's environment", () => {
  it("passes only allow-listed names: nothing of AWS, ECS, the bucket or the server", () => {
    expect(Object.keys(allowedEnvironment(SERVER_ENV)).sort()).toEqual(
      ["LANG", "LC_ALL", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE", "PATH", "PYTHONHASHSEED"].sort(),
    );
  });

  it("gives the zygote a private home and the settings the Python side needs", () => {
    const env = zygoteEnvironment(SERVER_ENV, { home: "/work/zygote", mplConfigDir: "/work/mplconfig" });
    expect(env).toMatchObject({
      HOME: "/work/zygote",
      TMPDIR: "/work/zygote",
      MPLBACKEND: "Agg",
      MPLCONFIGDIR: "/work/mplconfig",
      OMP_NUM_THREADS: "2",
      OPENBLAS_NUM_THREADS: "1",
      PYTHONHASHSEED: "0",
    });
    for (const name of Object.keys(env)) expect(name).not.toMatch(/^(AWS_|ECS_|DATA_BUCKET|EXECUTOR_|NODE_)/);
  });

  it("gives every session its own HOME and TMPDIR", () => {
    const zygote = zygoteEnvironment({}, { home: "/work/zygote", mplConfigDir: "/m" });
    const env = sessionEnvironment(zygote, { id: "s1", dir: "/work/sessions/s1", tmpDir: "/work/tmp/s1" });
    expect(env).toMatchObject({ HOME: "/work/tmp/s1", TMPDIR: "/work/tmp/s1", PWD: "/work/sessions/s1" });
    expect(env.PATH).toMatch(/\/usr\/bin/);
  });
});
