/**
 * A local stand-in for the CloudWatch Logs calls the adopted-log-group provider makes (CreateLogGroup,
 * DescribeLogGroups, PutRetentionPolicy, TagResource, UntagResource, DeleteLogGroup), speaking the service's
 * JSON protocol over HTTP on 127.0.0.1 for `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. It keeps the groups it holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One log group the fake holds. */
export interface FakeLogGroup {
  retentionInDays?: number;
  tags: Record<string, string>;
}

export class FakeCloudWatchLogs {
  /** Groups by name. */
  readonly groups = new Map<string, FakeLogGroup>();
  /** Operation names, in the order they came. */
  readonly operations: string[] = [];

  private constructor(
    private readonly server: Server,
    /** Base URL for `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. */
    readonly url: string,
    private readonly arnPrefix: string,
  ) {}

  static async start(region = "us-east-1", accountId = "123456789012"): Promise<FakeCloudWatchLogs> {
    // The handler needs the instance, which needs the bound port: fill the slot after listen().
    const slot: { fake?: FakeCloudWatchLogs } = {};
    const server = createServer((req, res) => void slot.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeCloudWatchLogs(
      server,
      `http://127.0.0.1:${port}`,
      `arn:aws:logs:${region}:${accountId}:log-group:`,
    );
    slot.fake = fake;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private arn(name: string): string {
    return `${this.arnPrefix}${name}`;
  }

  private nameOf(arn: string): string | undefined {
    return arn.startsWith(this.arnPrefix) ? arn.slice(this.arnPrefix.length) : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const operation = String(req.headers["x-amz-target"] ?? "").replace(/^Logs_20140328\./, "");
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    this.operations.push(operation);
    const send = (status: number, payload: Record<string, unknown>) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string) => send(400, { __type: type, message });
    const name = String(body["logGroupName"] ?? "");
    const byArn = this.nameOf(String(body["resourceArn"] ?? ""));
    switch (operation) {
      case "CreateLogGroup":
        if (this.groups.has(name))
          return fail("ResourceAlreadyExistsException", "The specified log group already exists");
        this.groups.set(name, { tags: { ...((body["tags"] as Record<string, string>) ?? {}) } });
        return send(200, {});
      case "PutRetentionPolicy": {
        const group = this.groups.get(name);
        if (!group) return fail("ResourceNotFoundException", "The specified log group does not exist.");
        group.retentionInDays = Number(body["retentionInDays"]);
        return send(200, {});
      }
      case "DescribeLogGroups": {
        const prefix = String(body["logGroupNamePrefix"] ?? "");
        const logGroups = [...this.groups]
          .filter(([groupName]) => groupName.startsWith(prefix))
          .map(([groupName, group]) => ({
            logGroupName: groupName,
            arn: `${this.arn(groupName)}:*`,
            logGroupArn: this.arn(groupName),
            ...(group.retentionInDays ? { retentionInDays: group.retentionInDays } : {}),
          }));
        return send(200, { logGroups });
      }
      case "TagResource":
      case "UntagResource": {
        const group = byArn === undefined ? undefined : this.groups.get(byArn);
        if (!group) return fail("ResourceNotFoundException", "The specified resource does not exist.");
        if (operation === "TagResource") Object.assign(group.tags, body["tags"] as Record<string, string>);
        else for (const key of body["tagKeys"] as string[]) delete group.tags[key];
        return send(200, {});
      }
      case "DeleteLogGroup":
        if (!this.groups.delete(name))
          return fail("ResourceNotFoundException", "The specified log group does not exist.");
        return send(200, {});
      default:
        return fail("UnknownOperationException", `this fake does not answer ${operation || "that request"}`);
    }
  }
}
