import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { ErrorResourceInitFailed } from "@pulumi/pulumi/proto/provider_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { describe, expect, it } from "vitest";
import { providerErrorFrom } from "./dynamic-host";
import { toStruct } from "../wire/values";

function serviceError(details: string, metadata = new grpc.Metadata()): grpc.ServiceError {
  return Object.assign(new Error(`2 UNKNOWN: ${details}`), { code: grpc.status.UNKNOWN, details, metadata });
}

describe("providerErrorFrom", () => {
  it("keeps the provider's message", () => {
    const error = providerErrorFrom(serviceError("AgentCore rejected the request"));
    expect(error.message).toBe("AgentCore rejected the request");
    expect(error.initFailure).toBeUndefined();
  });

  it("unpacks ErrorResourceInitFailed: the id and partial state of a half-created resource", () => {
    const failed = new ErrorResourceInitFailed();
    failed.setId("rt-123");
    failed.setProperties(toStruct({ status: "CREATE_FAILED", __provider: "text" }));
    failed.setReasonsList(["image pull failed"]);
    const any = new Any();
    any.pack(failed.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    const error = providerErrorFrom(serviceError("runtime did not become READY", metadata));
    expect(error.initFailure).toEqual({
      id: "rt-123",
      outputs: { status: "CREATE_FAILED", __provider: "text" },
      reasons: ["image pull failed"],
    });
  });
});
