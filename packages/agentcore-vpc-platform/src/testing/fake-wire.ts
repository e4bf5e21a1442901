/**
 * Wire-level pieces of the fake control plane: types, canned errors, routing, the service-side checks
 * it mirrors, response shapes, and restJson1 error framing.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Operation names as the SDK spells them. */
export type FakeOperation =
  | "CreateAgentRuntime"
  | "UpdateAgentRuntime"
  | "GetAgentRuntime"
  | "DeleteAgentRuntime"
  | "ListAgentRuntimes"
  | "TagResource"
  | "UntagResource"
  | "ListTagsForResource";

/** An error the fake answers with, shaped as restJson1 expects (x-amzn-errortype header + JSON body). */
export interface FakeError {
  status: number;
  type: string;
  message: string;
  /** Extra body members, e.g. ValidationException's `reason`. */
  extra?: Record<string, unknown>;
}

/** One request as received, with its parsed JSON body. */
export interface RecordedRequest {
  operation: FakeOperation | "Unknown";
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
}

/** A runtime as the fake stores it. */
export interface FakeRuntime {
  agentRuntimeId: string;
  agentRuntimeArn: string;
  agentRuntimeName: string;
  agentRuntimeVersion: string;
  status: string;
  failureReason?: string;
  /** RFC 3339: this API's timestamps are date-time strings, not epoch numbers. */
  createdAt: string;
  lastUpdatedAt: string;
  /** The last create/update request body (the configuration of the current version). */
  config: Record<string, unknown>;
  tags: Record<string, string>;
  /** Gets left before the pending transition happens; Infinity = stuck. */
  pollsLeft: number;
  /** Where the runtime goes when pollsLeft reaches 0. */
  next?: { status: string; failureReason?: string } | "gone";
}

/** Options for {@link FakeControlPlane.start}. */
export interface FakeControlPlaneOptions {
  /** Gets a runtime spends in CREATING/UPDATING/DELETING before moving on. @default 2 */
  pollsPerTransition?: number;
  /** Region baked into ARNs. @default "us-east-1" */
  region?: string;
  /** Account id baked into ARNs. @default "123456789012" */
  accountId?: string;
}

export const ERR = {
  throttling: (): FakeError => ({ status: 429, type: "ThrottlingException", message: "Rate exceeded" }),
  internal: (): FakeError => ({
    status: 500,
    type: "InternalServerException",
    message: "An internal error occurred",
  }),
  notFound: (id: string): FakeError => ({
    status: 404,
    type: "ResourceNotFoundException",
    message: `AgentRuntime ${id} not found`,
  }),
  validation: (message: string): FakeError => ({
    status: 400,
    type: "ValidationException",
    message,
    extra: { reason: "FieldValidationFailed" },
  }),
  conflict: (message: string): FakeError => ({ status: 409, type: "ConflictException", message }),
  accessDenied: (op: string): FakeError => ({
    status: 403,
    type: "AccessDeniedException",
    message: `User: arn:aws:sts::123456789012:assumed-role/deployer/x is not authorized to perform: bedrock-agentcore:${op}`,
  }),
};

/** Canned faults for {@link FakeControlPlane.inject}. */
export const faults = {
  ...ERR,
  serviceUnavailable: (): FakeError => ({
    status: 503,
    type: "ServiceUnavailableException",
    message: "Service unavailable",
  }),
  roleValidation: (): FakeError =>
    ERR.validation(
      "Role validation failed for role arn:aws:iam::123456789012:role/agent. Please verify the role.",
    ),
  ecrAccess: (uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/agent:v1"): FakeError =>
    ERR.validation(
      `Access denied while validating ECR URI '${uri}'. The execution role requires permissions for ` +
        "ecr:GetAuthorizationToken, ecr:BatchGetImage, and ecr:GetDownloadUrlForLayer operations.",
    ),
};

/** The stateful fake. Create with {@link FakeControlPlane.start}; always `stop()` it. */
export interface NextOutcome {
  failureReason?: string;
  stuck?: boolean;
}

export function route(method: string, path: string): { operation: FakeOperation | "Unknown"; id: string } {
  if (path === "/runtimes/") {
    if (method === "PUT") return { operation: "CreateAgentRuntime", id: "" };
    if (method === "POST") return { operation: "ListAgentRuntimes", id: "" };
  }
  const runtime = /^\/runtimes\/([^/]+)\/$/.exec(path);
  if (runtime?.[1]) {
    const id = decodeURIComponent(runtime[1]);
    if (method === "PUT") return { operation: "UpdateAgentRuntime", id };
    if (method === "GET") return { operation: "GetAgentRuntime", id };
    if (method === "DELETE") return { operation: "DeleteAgentRuntime", id };
  }
  const tags = /^\/tags\/(.+)$/.exec(path);
  if (tags?.[1]) {
    const arn = decodeURIComponent(tags[1]);
    if (method === "GET") return { operation: "ListTagsForResource", id: arn };
    if (method === "POST") return { operation: "TagResource", id: arn };
    if (method === "DELETE") return { operation: "UntagResource", id: arn };
  }
  return { operation: "Unknown", id: "" };
}

/** The service-side checks the fake mirrors (the ones the provider must never trip). */
export function validateShape(body: Record<string, unknown>): string | undefined {
  const name = body.agentRuntimeName;
  if (typeof name !== "string" || !/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/.test(name)) {
    return "1 validation error detected: Value at 'agentRuntimeName' failed to satisfy constraint";
  }
  const net = body.networkConfiguration as
    { networkMode?: string; networkModeConfig?: Record<string, unknown> } | undefined;
  if (net?.networkMode === "VPC" && !net.networkModeConfig)
    return "NetworkModeConfig is required for VPC mode";
  if (net?.networkModeConfig && "requireServiceS3Endpoint" in net.networkModeConfig) {
    return "requireServiceS3Endpoint cannot be set for this agent runtime";
  }
  const artifact = body.agentRuntimeArtifact as
    { containerConfiguration?: { containerUri?: string } } | undefined;
  if (!artifact?.containerConfiguration?.containerUri) return "agentRuntimeArtifact is required";
  if (typeof body.roleArn !== "string") return "roleArn is required";
  return undefined;
}

export function describeRuntime(rt: FakeRuntime): Record<string, unknown> {
  const c = rt.config;
  return {
    agentRuntimeArn: rt.agentRuntimeArn,
    agentRuntimeName: rt.agentRuntimeName,
    agentRuntimeId: rt.agentRuntimeId,
    agentRuntimeVersion: rt.agentRuntimeVersion,
    createdAt: rt.createdAt,
    lastUpdatedAt: rt.lastUpdatedAt,
    roleArn: c.roleArn,
    networkConfiguration: c.networkConfiguration,
    status: rt.status,
    lifecycleConfiguration: c.lifecycleConfiguration ?? {
      idleRuntimeSessionTimeout: 900,
      maxLifetime: 28800,
    },
    ...(rt.failureReason ? { failureReason: rt.failureReason } : {}),
    ...(c.description !== undefined ? { description: c.description } : {}),
    agentRuntimeArtifact: c.agentRuntimeArtifact,
    protocolConfiguration: c.protocolConfiguration ?? { serverProtocol: "HTTP" },
    ...(c.environmentVariables !== undefined ? { environmentVariables: c.environmentVariables } : {}),
  };
}

export function summary(rt: FakeRuntime): Record<string, unknown> {
  return {
    agentRuntimeArn: rt.agentRuntimeArn,
    agentRuntimeId: rt.agentRuntimeId,
    agentRuntimeVersion: rt.agentRuntimeVersion,
    agentRuntimeName: rt.agentRuntimeName,
    description: rt.config.description ?? "",
    lastUpdatedAt: rt.lastUpdatedAt,
    status: rt.status,
  };
}

export function withoutToken(body: Record<string, unknown>): Record<string, unknown> {
  const { clientToken: _token, ...rest } = body;
  return rest;
}

export function stripToken(raw: string): string {
  return JSON.stringify(withoutToken(JSON.parse(raw) as Record<string, unknown>));
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendError(res: ServerResponse, err: FakeError): void {
  sendJson(res, err.status, { message: err.message, ...(err.extra ?? {}) }, { "x-amzn-errortype": err.type });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown> | undefined,
  extraHeaders: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}
