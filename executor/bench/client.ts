import net from "node:net";

/**
 * A lean HTTP/1.1 keep-alive client for benchmarks: one request at a time per connection, Content-Length
 * bodies only (what Fastify sends for JSON). Cheaper than fetch, so the 2 cores go to the executor, not
 * the client.
 */

export interface Response {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export class Connection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiter: { resolve: (r: Response) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly port: number) {}

  private connect(): net.Socket {
    const socket = net.connect({ host: "127.0.0.1", port: this.port, noDelay: true });
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      this.socket = null;
      const waiter = this.waiter;
      this.waiter = null;
      waiter?.reject(err);
    };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf("\r\n\r\n");
    if (end < 0 || !this.waiter) return;
    const head = this.buffer.subarray(0, end).toString("latin1");
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.waiter.reject(new Error(`response without content-length: ${head}`));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (this.buffer.length < total) return;
    const body = this.buffer.subarray(end + 4, total).toString("utf8");
    this.buffer = this.buffer.subarray(total);
    const waiter = this.waiter;
    this.waiter = null;
    waiter.resolve({ status: Number(head.slice(9, 12)), json: body ? JSON.parse(body) : undefined });
  }

  request(method: string, route: string, body?: unknown, token?: string): Promise<Response> {
    if (this.waiter) throw new Error("one request at a time per connection");
    const socket = this.socket ?? this.connect();
    const payload = body === undefined ? "" : JSON.stringify(body);
    const head =
      `${method} ${route} HTTP/1.1\r\nhost: 127.0.0.1\r\n` +
      (token ? `authorization: Bearer ${token}\r\n` : "") +
      (payload ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` : "") +
      "\r\n";
    return new Promise<Response>((resolve, reject) => {
      this.waiter = { resolve, reject };
      socket.write(head + payload);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
