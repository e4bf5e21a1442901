import net from "node:net";
import { FrameDecoder } from "./framing";
import { workerHello } from "./protocol";

export interface WorkerConnection {
  socket: net.Socket;
  decoder: FrameDecoder;
  pid: number;
}

/**
 * Unix-socket server the forked workers connect back to, in a folder only root (the server's user) may
 * enter. A worker proves who it is with the one-time token the server handed to the zygote for that fork;
 * anything else is dropped.
 */
export class WorkerHub {
  private server: net.Server | null = null;
  private readonly waiting = new Map<string, (conn: WorkerConnection) => void>();

  constructor(
    readonly socketPath: string,
    private readonly maxFrameBytes: number,
  ) {}

  async listen(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.socketPath, () => resolve());
    });
  }

  private accept(socket: net.Socket): void {
    const decoder = new FrameDecoder(this.maxFrameBytes);
    const timer = setTimeout(() => socket.destroy(), 10_000);
    socket.on("error", () => {});
    const onData = (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      if (messages.length === 0) return;
      clearTimeout(timer);
      socket.off("data", onData);
      const hello = workerHello.safeParse(messages[0]);
      const waiter = hello.success ? this.waiting.get(hello.data.token) : undefined;
      // A worker says hello and waits: anything after it in the same read is a protocol error.
      if (!hello.success || !waiter || messages.length > 1) {
        socket.destroy();
        return;
      }
      this.waiting.delete(hello.data.token);
      waiter({ socket, decoder, pid: hello.data.pid });
    };
    socket.on("data", onData);
  }

  /** Resolves when the worker holding `token` connects; rejects after `timeoutMs` or on `cancel`. */
  expect(
    token: string,
    timeoutMs: number,
  ): { connection: Promise<WorkerConnection>; cancel: (reason: string) => void } {
    let cancel = (_reason: string) => {};
    const connection = new Promise<WorkerConnection>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new Error(`worker did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(token, (conn) => {
        clearTimeout(timer);
        resolve(conn);
      });
      cancel = (reason: string) => {
        clearTimeout(timer);
        this.waiting.delete(token);
        reject(new Error(reason));
      };
    });
    return { connection, cancel };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
