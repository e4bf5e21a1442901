/**
 * A local, stateful fake of the AgentCore control-plane REST API (restJson1), for driving the real
 * `@aws-sdk/client-bedrock-agentcore-control` in tests. Routes, as the SDK sends them: PUT /runtimes/ (create),
 * PUT|GET|DELETE /runtimes/{id}/, POST /runtimes/ (list), GET|POST|DELETE /tags/{arn}.
 *
 * Status transitions advance on GetAgentRuntime calls, not on wall-clock time, so tests are deterministic.
 * Binds 127.0.0.1 only.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import {
  ERR,
  describeRuntime,
  readBody,
  route,
  sendError,
  sendJson,
  stripToken,
  summary,
  validateShape,
  withoutToken,
} from "./fake-wire";
import type {
  FakeControlPlaneOptions,
  FakeError,
  FakeOperation,
  FakeRuntime,
  NextOutcome,
  RecordedRequest,
} from "./fake-wire";

export { faults } from "./fake-wire";
export type {
  FakeControlPlaneOptions,
  FakeError,
  FakeOperation,
  FakeRuntime,
  RecordedRequest,
} from "./fake-wire";

export class FakeControlPlane {
  readonly runtimes = new Map<string, FakeRuntime>();
  readonly requests: RecordedRequest[] = [];
  /** Runtimes that were deleted (kept so idempotent create replays can point at them, as AWS may). */
  readonly deleted = new Map<string, FakeRuntime>();
  pollsPerTransition: number;
  /** When true, DeleteAgentRuntime on a missing id answers AccessDenied (as AWS does for a runtime that no longer exists), not NotFound. */
  accessDeniedOnMissingDelete = false;
  /**
   * Eventual consistency: after each update, this many Gets still describe the previous version as it
   * was (e.g. READY), before the fake moves on.
   */
  staleReadsAfterUpdate = 0;
  private readonly stale = new Map<string, { body: Record<string, unknown>; left: number }>();
  private readonly queued = new Map<FakeOperation, FakeError[]>();
  private readonly outcomes: { create: NextOutcome[]; update: NextOutcome[]; delete: NextOutcome[] } = {
    create: [],
    update: [],
    delete: [],
  };
  private readonly tokens = new Map<string, { body: string; response: Record<string, unknown> }>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly region: string,
    private readonly accountId: string,
    pollsPerTransition: number,
  ) {
    this.pollsPerTransition = pollsPerTransition;
  }

  /** Starts the fake on 127.0.0.1 with an OS-chosen port. */
  static async start(options: FakeControlPlaneOptions = {}): Promise<FakeControlPlane> {
    // The handler needs the instance, which needs the bound port: fill the slot after listen().
    const slot: { fake?: FakeControlPlane } = {};
    const server = createServer((req, res) => {
      void slot.fake?.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeControlPlane(
      server,
      `http://127.0.0.1:${port}`,
      options.region ?? "us-east-1",
      options.accountId ?? "123456789012",
      options.pollsPerTransition ?? 2,
    );
    slot.fake = fake;
    return fake;
  }

  /** Stops the server and drops keep-alive connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` calls of `operation` answer with `error` before any normal handling. */
  inject(operation: FakeOperation, error: FakeError, times = 1): void {
    const queue = this.queued.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(error);
    this.queued.set(operation, queue);
  }

  /** The next runtime created ends in CREATE_FAILED with `failureReason` (after the usual polls). */
  failNextCreate(failureReason: string): void {
    this.outcomes.create.push({ failureReason });
  }

  /** The next update ends in UPDATE_FAILED with `failureReason`. */
  failNextUpdate(failureReason: string): void {
    this.outcomes.update.push({ failureReason });
  }

  /** The next delete ends in DELETE_FAILED with `failureReason`. */
  failNextDelete(failureReason: string): void {
    this.outcomes.delete.push({ failureReason });
  }

  /** The next create/update/delete never leaves its transitional status. */
  stickNext(kind: "create" | "update" | "delete"): void {
    this.outcomes[kind].push({ stuck: true });
  }

  /** Removes a runtime as if someone deleted it in the console. */
  deleteOutOfBand(id: string): void {
    const rt = this.runtimes.get(id);
    if (rt) this.deleted.set(id, rt);
    this.runtimes.delete(id);
  }

  /** Requests for one operation, in order. */
  requestsFor(operation: FakeOperation): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", this.url);
    const path = url.pathname;
    const method = req.method ?? "GET";
    const { operation, id } = route(method, path);
    let body: Record<string, unknown> | undefined;
    try {
      body = raw.length > 0 ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    } catch {
      return sendError(res, ERR.validation("Cannot parse request body"));
    }
    const query = Object.fromEntries(url.searchParams.entries());
    this.requests.push({ operation, method, path, query, headers: req.headers, body });
    if (operation === "Unknown") {
      return sendError(res, { status: 404, type: "UnknownOperationException", message: path });
    }
    const injected = this.queued.get(operation)?.shift();
    if (injected) return sendError(res, injected);
    const result = this.dispatch(operation, id, body ?? {}, raw, url.searchParams);
    if ("code" in result) return sendJson(res, result.code, result.body);
    return sendError(res, result);
  }

  private dispatch(
    op: FakeOperation,
    id: string,
    body: Record<string, unknown>,
    raw: string,
    query: URLSearchParams,
  ): FakeError | { code: number; body?: Record<string, unknown> } {
    switch (op) {
      case "CreateAgentRuntime":
        return this.create(body, raw);
      case "UpdateAgentRuntime":
        return this.update(id, body);
      case "GetAgentRuntime":
        return this.get(id);
      case "DeleteAgentRuntime":
        return this.delete(id);
      case "ListAgentRuntimes":
        return { code: 200, body: { agentRuntimes: [...this.runtimes.values()].map(summary) } };
      case "ListTagsForResource":
      case "TagResource":
      case "UntagResource":
        return this.tagging(op, id, body, query);
    }
  }

  private create(
    body: Record<string, unknown>,
    raw: string,
  ): FakeError | { code: number; body: Record<string, unknown> } {
    const token = typeof body.clientToken === "string" ? body.clientToken : undefined;
    const replay = token ? this.tokens.get(token) : undefined;
    if (replay) {
      // Idempotent replay: same token + same request → the original response, even if that runtime is gone.
      if (replay.body !== stripToken(raw)) {
        return {
          ...ERR.validation("Idempotent parameter mismatch"),
          extra: { reason: "IdempotentParameterMismatchException" },
        };
      }
      return { code: 202, body: replay.response };
    }
    const invalid = validateShape(body);
    if (invalid) return ERR.validation(invalid);
    const name = String(body.agentRuntimeName);
    const clash = [...this.runtimes.values()].find((r) => r.agentRuntimeName === name);
    if (clash) return ERR.conflict(`An agent runtime with the name ${name} already exists`);
    const id = `${name}-${randomBytes(8).toString("hex").slice(0, 10)}`;
    const now = new Date().toISOString();
    const outcome = this.outcomes.create.shift();
    const rt: FakeRuntime = {
      agentRuntimeId: id,
      agentRuntimeArn: `arn:aws:bedrock-agentcore:${this.region}:${this.accountId}:runtime/${id}`,
      agentRuntimeName: name,
      agentRuntimeVersion: "1",
      status: "CREATING",
      createdAt: now,
      lastUpdatedAt: now,
      config: withoutToken(body),
      tags: { ...((body.tags as Record<string, string> | undefined) ?? {}) },
      pollsLeft: outcome?.stuck ? Infinity : this.pollsPerTransition,
      next: outcome?.failureReason
        ? { status: "CREATE_FAILED", failureReason: outcome.failureReason }
        : { status: "READY" },
    };
    this.runtimes.set(id, rt);
    const response = {
      agentRuntimeArn: rt.agentRuntimeArn,
      agentRuntimeId: id,
      agentRuntimeVersion: "1",
      createdAt: now,
      status: "CREATING",
    };
    if (token) this.tokens.set(token, { body: stripToken(raw), response });
    return { code: 202, body: response };
  }

  private update(
    id: string,
    body: Record<string, unknown>,
  ): FakeError | { code: number; body: Record<string, unknown> } {
    const rt = this.runtimes.get(id);
    if (!rt) return ERR.notFound(id);
    if (["CREATING", "UPDATING", "DELETING"].includes(rt.status)) {
      return ERR.conflict(`AgentRuntime ${id} is in status ${rt.status}`);
    }
    const invalid = validateShape({ ...body, agentRuntimeName: rt.agentRuntimeName });
    if (invalid) return ERR.validation(invalid);
    const outcome = this.outcomes.update.shift();
    if (this.staleReadsAfterUpdate > 0) {
      this.stale.set(id, { body: describeRuntime(rt), left: this.staleReadsAfterUpdate });
    }
    rt.agentRuntimeVersion = String(Number(rt.agentRuntimeVersion) + 1);
    rt.config = { ...withoutToken(body), agentRuntimeName: rt.agentRuntimeName };
    rt.status = "UPDATING";
    delete rt.failureReason;
    rt.lastUpdatedAt = new Date().toISOString();
    rt.pollsLeft = outcome?.stuck ? Infinity : this.pollsPerTransition;
    rt.next = outcome?.failureReason
      ? { status: "UPDATE_FAILED", failureReason: outcome.failureReason }
      : { status: "READY" };
    return {
      code: 202,
      body: {
        agentRuntimeArn: rt.agentRuntimeArn,
        agentRuntimeId: id,
        agentRuntimeVersion: rt.agentRuntimeVersion,
        createdAt: rt.createdAt,
        lastUpdatedAt: rt.lastUpdatedAt,
        status: "UPDATING",
      },
    };
  }

  private get(id: string): FakeError | { code: number; body: Record<string, unknown> } {
    const rt = this.runtimes.get(id);
    if (!rt) return ERR.notFound(id);
    // Answer with the current status, then advance: the first Get after a write still sees the transition.
    const stale = this.stale.get(id);
    if (stale && stale.left > 0) {
      stale.left -= 1;
      return { code: 200, body: stale.body };
    }
    const body = describeRuntime(rt);
    if (rt.next && rt.pollsLeft !== Infinity) {
      rt.pollsLeft -= 1;
      if (rt.pollsLeft <= 0) {
        if (rt.next === "gone") {
          this.deleted.set(id, rt);
          this.runtimes.delete(id);
        } else {
          rt.status = rt.next.status;
          if (rt.next.failureReason) rt.failureReason = rt.next.failureReason;
        }
        delete rt.next;
      }
    }
    return { code: 200, body };
  }

  private delete(id: string): FakeError | { code: number; body: Record<string, unknown> } {
    const rt = this.runtimes.get(id);
    if (!rt)
      return this.accessDeniedOnMissingDelete ? ERR.accessDenied("DeleteAgentRuntime") : ERR.notFound(id);
    if (rt.status === "DELETING") return { code: 202, body: { status: "DELETING", agentRuntimeId: id } };
    const outcome = this.outcomes.delete.shift();
    rt.status = "DELETING";
    rt.pollsLeft = outcome?.stuck ? Infinity : this.pollsPerTransition;
    rt.next = outcome?.failureReason
      ? { status: "DELETE_FAILED", failureReason: outcome.failureReason }
      : "gone";
    return { code: 202, body: { status: "DELETING", agentRuntimeId: id } };
  }

  private tagging(
    op: "ListTagsForResource" | "TagResource" | "UntagResource",
    arn: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): FakeError | { code: number; body?: Record<string, unknown> } {
    const rt = [...this.runtimes.values()].find((r) => r.agentRuntimeArn === arn);
    if (!rt) return ERR.notFound(arn);
    if (op === "ListTagsForResource") return { code: 200, body: { tags: rt.tags } };
    if (op === "TagResource") {
      Object.assign(rt.tags, body.tags as Record<string, string>);
      return { code: 204 };
    }
    for (const key of query.getAll("tagKeys")) delete rt.tags[key];
    return { code: 204 };
  }
}
