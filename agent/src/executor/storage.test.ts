import { CopyObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import type { SyncRequest, SyncResponse } from "agentcore-vpc-platform-contract";
import { describe, expect, it } from "vitest";
import type { ExecutorClient } from "./client.js";
import { S3Storage } from "./storage.js";

/** Records the sync requests an executor would get and answers like one. */
function fakeExecutor(files: { path: string; type: "file" }[] = []) {
  const syncs: SyncRequest[] = [];
  const client = {
    sync: async (_id: string, request: SyncRequest): Promise<SyncResponse> => {
      syncs.push(request);
      const key =
        request.direction === "pull"
          ? request.s3Uri.replace(/^s3:\/\/[^/]+\//, "")
          : "sessions/e1/artifacts/r.md";
      const path = request.direction === "pull" ? "data/in.csv" : "artifacts/r.md";
      return {
        direction: request.direction,
        s3Uri: request.s3Uri ?? "s3://b/x",
        files: [{ path, key, size: 3 }],
        count: 1,
        bytes: 3,
      };
    },
    listFiles: async () => files.map((f) => ({ ...f, size: 3, modified: "" })),
  };
  return { client: client as unknown as ExecutorClient, syncs };
}

describe("S3 storage for the executor's sessions", () => {
  it("pulls inputs under data/ directly", async () => {
    const { client, syncs } = fakeExecutor();
    const s3 = mockClient(S3Client);
    await new S3Storage("data-bucket", new S3Client({})).loadData(
      client,
      "e1",
      "s3://data-bucket/data/run/sales.csv",
    );
    expect(syncs).toEqual([{ direction: "pull", s3Uri: "s3://data-bucket/data/run/sales.csv" }]);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    s3.restore();
  });

  it("copies an object elsewhere in the bucket into the session's own prefix first", async () => {
    const { client, syncs } = fakeExecutor();
    const s3 = mockClient(S3Client);
    s3.on(CopyObjectCommand).resolves({});
    const files = await new S3Storage("data-bucket", new S3Client({})).loadData(
      client,
      "e1",
      "s3://data-bucket/uploads/매출 2024.csv",
    );
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: "data-bucket",
      Key: "sessions/e1/inputs/매출 2024.csv",
      CopySource: `data-bucket/uploads/${encodeURIComponent("매출 2024.csv")}`,
    });
    expect(syncs).toEqual([
      { direction: "pull", s3Uri: "s3://data-bucket/sessions/e1/inputs/매출 2024.csv" },
    ]);
    expect(files).toEqual([{ path: "data/in.csv", size: 3 }]);
    s3.restore();
  });

  it("refuses another bucket, or a prefix outside the scope, saying where to upload", async () => {
    const { client } = fakeExecutor();
    const storage = new S3Storage("data-bucket", new S3Client({}));
    await expect(storage.loadData(client, "e1", "s3://other-bucket/data/x.csv")).rejects.toThrow(
      /upload inputs under s3:\/\/data-bucket\/data\//,
    );
    await expect(storage.loadData(client, "e1", "s3://data-bucket/uploads/")).rejects.toThrow(
      /outside what the executor may read/,
    );
  });

  it("lets the executor choose where artifacts go, and reports each file's S3 URI", async () => {
    const { client, syncs } = fakeExecutor([{ path: "artifacts/r.md", type: "file" }]);
    const saved = await new S3Storage("data-bucket").saveArtifacts(client, "e1", "run-1");
    expect(syncs).toEqual([{ direction: "push" }]);
    expect(saved).toEqual([
      { path: "artifacts/r.md", size: 3, uri: "s3://data-bucket/sessions/e1/artifacts/r.md" },
    ]);
    const none = fakeExecutor([]);
    expect(await new S3Storage("data-bucket").saveArtifacts(none.client, "e1", "run-1")).toEqual([]);
  });
});
