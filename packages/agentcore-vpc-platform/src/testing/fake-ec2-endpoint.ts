/**
 * A local stand-in for the one EC2 call the sweep marker makes (CreateTags), speaking EC2's query protocol
 * over HTTP on 127.0.0.1, so the real SDK in another process can be pointed at it with
 * `AWS_ENDPOINT_URL_EC2`. Requests are recorded; ids listed in `gone` answer as EC2 does for a deleted resource.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One CreateTags call: the resource ids and the tags written. */
export interface TagCall {
  readonly resources: string[];
  readonly tags: Record<string, string>;
}

const NOT_FOUND_CODES: Readonly<Record<string, string>> = {
  vpc: "InvalidVpcID.NotFound",
  subnet: "InvalidSubnetID.NotFound",
  sg: "InvalidGroup.NotFound",
};

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function error(res: ServerResponse, code: string, message: string): void {
  xml(
    res,
    400,
    `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors>` +
      "<RequestID>fake-request</RequestID></Response>",
  );
}

export class FakeEc2Endpoint {
  /** Every CreateTags call, in order. */
  readonly tagCalls: TagCall[] = [];
  /** Resource ids that no longer exist. */
  readonly gone = new Set<string>();

  private constructor(
    private readonly server: Server,
    /** Base URL for `AWS_ENDPOINT_URL_EC2`. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakeEc2Endpoint> {
    // The handler needs the instance, which needs the bound port: fill the slot after listen().
    const slot: { fake?: FakeEc2Endpoint } = {};
    const server = createServer((req, res) => void slot.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeEc2Endpoint(server, `http://127.0.0.1:${port}`);
    slot.fake = fake;
    return fake;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const params = new URLSearchParams(body);
    if (params.get("Action") !== "CreateTags") {
      error(
        res,
        "InvalidAction",
        `this fake answers CreateTags only, not ${params.get("Action") ?? "nothing"}`,
      );
      return;
    }
    const resources = [...params.entries()].filter(([k]) => /^ResourceId\.\d+$/.test(k)).map(([, v]) => v);
    const tags: Record<string, string> = {};
    for (const [key, value] of params.entries()) {
      const match = /^Tag\.(\d+)\.Key$/.exec(key);
      if (match) tags[value] = params.get(`Tag.${match[1]}.Value`) ?? "";
    }
    const missing = resources.find((id) => this.gone.has(id));
    if (missing) {
      error(
        res,
        NOT_FOUND_CODES[missing.split("-")[0] ?? ""] ?? "InvalidID",
        `The ID '${missing}' does not exist`,
      );
      return;
    }
    this.tagCalls.push({ resources, tags });
    xml(
      res,
      200,
      '<CreateTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
        "<requestId>fake-request</requestId><return>true</return></CreateTagsResponse>",
    );
  }
}
