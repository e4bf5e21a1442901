/**
 * A loopback fake of the EC2 query API, enough for the sweep marker's delete: `CreateTags` on resources
 * the fake cloud holds, answering as EC2 does (XML; `Invalid…ID.NotFound` when one id does not exist, in
 * which case nothing is tagged). Binds 127.0.0.1 only.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { FakeCloud } from "./fake-cloud";

/** One request the fake received. */
export interface Ec2Request {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The EC2 error code for a missing resource, by id prefix. */
export function notFoundCode(id: string): string {
  if (id.startsWith("vpc-")) return "InvalidVpcID.NotFound";
  if (id.startsWith("subnet-")) return "InvalidSubnetID.NotFound";
  if (id.startsWith("sg-")) return "InvalidGroup.NotFound";
  return "InvalidID";
}

/** Values of `<prefix>.1`, `<prefix>.2`, … in order (EC2's list encoding). */
export function listParameter(params: Readonly<Record<string, string>>, prefix: string): string[] {
  const values: string[] = [];
  for (let i = 1; params[`${prefix}.${i}`] !== undefined; i++)
    values.push(params[`${prefix}.${i}`] as string);
  return values;
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendError(res: ServerResponse, code: string, message: string): void {
  res.writeHead(400, { "content-type": "text/xml;charset=UTF-8" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code>` +
      `<Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`,
  );
}

export class FakeEc2 {
  /** Every request, in order. */
  readonly requests: Ec2Request[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Starts the fake on an OS-chosen loopback port, answering from `cloud`. */
  static async start(cloud: FakeCloud): Promise<FakeEc2> {
    const slot: { fake?: FakeEc2 } = {};
    const server = createServer((req, res) => {
      void slot.fake?.handle(cloud, req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    slot.fake = new FakeEc2(server, `http://127.0.0.1:${port}`);
    return slot.fake;
  }

  /** Requests for one action. */
  requestsFor(action: string): Ec2Request[] {
    return this.requests.filter((r) => r.action === action);
  }

  private async handle(cloud: FakeCloud, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const action = params["Action"] ?? "";
    this.requests.push({ action, params });
    if (action !== "CreateTags") {
      return sendError(res, "InvalidAction", `The action ${action} is not valid for this web service.`);
    }
    const ids = listParameter(params, "ResourceId");
    const missing = ids.find((id) => !cloud.find(id));
    if (missing) {
      return sendError(res, notFoundCode(missing), `The ID '${missing}' does not exist`);
    }
    const tags: Record<string, string> = {};
    for (let i = 1; params[`Tag.${i}.Key`] !== undefined; i++) {
      tags[params[`Tag.${i}.Key`] as string] = params[`Tag.${i}.Value`] ?? "";
    }
    for (const id of ids) Object.assign(cloud.find(id)?.addedTags ?? {}, tags);
    res.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">` +
        `<requestId>${randomUUID()}</requestId><return>true</return></CreateTagsResponse>`,
    );
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
