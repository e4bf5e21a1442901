/**
 * A local stand-in for the two STS calls the dynamic providers make (GetCallerIdentity to check the account,
 * AssumeRole for `aws:assumeRoles`), speaking STS's query protocol over HTTP on 127.0.0.1 for
 * `AWS_ENDPOINT_URL_STS`. Each call is recorded with the access key id that signed it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One STS call: its action, the key that signed it, and the role for AssumeRole. */
export interface StsCall {
  readonly action: string;
  readonly accessKeyId: string | undefined;
  readonly roleArn?: string;
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

/** The access key id in a SigV4 Authorization header (`Credential=<key>/<date>/…`). */
export function signingKeyId(authorization: string | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(authorization ?? "")?.[1];
}

export class FakeSts {
  readonly calls: StsCall[] = [];
  /** The account each access key id belongs to; unknown keys act in `accountId`. */
  readonly accountsByKey = new Map<string, string>();

  private constructor(
    private readonly server: Server,
    /** Base URL for `AWS_ENDPOINT_URL_STS`. */
    readonly url: string,
    /** The account of the caller, unless `accountsByKey` says otherwise. */
    public accountId: string,
  ) {}

  static async start(accountId = "123456789012"): Promise<FakeSts> {
    // The handler needs the instance, which needs the bound port: fill the slot after listen().
    const slot: { fake?: FakeSts } = {};
    const server = createServer((req, res) => void slot.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSts(server, `http://127.0.0.1:${port}`, accountId);
    slot.fake = fake;
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const params = new URLSearchParams(body);
    const action = params.get("Action") ?? "";
    const accessKeyId = signingKeyId(req.headers.authorization);
    const account = (accessKeyId && this.accountsByKey.get(accessKeyId)) || this.accountId;
    if (action === "GetCallerIdentity") {
      this.calls.push({ action, accessKeyId });
      xml(
        res,
        200,
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          `<Arn>arn:aws:iam::${account}:user/${accessKeyId ?? "anonymous"}</Arn><UserId>AIDAFAKE</UserId>` +
          `<Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>fake</RequestId>` +
          "</ResponseMetadata></GetCallerIdentityResponse>",
      );
      return;
    }
    if (action === "AssumeRole") {
      const roleArn = params.get("RoleArn") ?? "";
      this.calls.push({ action, accessKeyId, roleArn });
      // The role's session gets a key of its own, in the role's account.
      const key = `ASIA${Buffer.from(roleArn).toString("hex").slice(-16).toUpperCase()}`;
      this.accountsByKey.set(key, /arn:aws[^:]*:iam::(\d{12}):/.exec(roleArn)?.[1] ?? account);
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      xml(
        res,
        200,
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
          `<AccessKeyId>${key}</AccessKeyId><SecretAccessKey>fake-session-secret</SecretAccessKey>` +
          `<SessionToken>fake-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `<AssumedRoleUser><Arn>${roleArn}/session</Arn><AssumedRoleId>AROAFAKE:session</AssumedRoleId>` +
          "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata>" +
          "</AssumeRoleResponse>",
      );
      return;
    }
    xml(
      res,
      400,
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${action}</Message></Error></ErrorResponse>`,
    );
  }
}
