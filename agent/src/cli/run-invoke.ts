import { type AgentEvent, type EventOf, SseDecoder } from "agentcore-vpc-platform-contract";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { InvocationBody, Target } from "../client/targets.js";
import { uploadProgressPrinter } from "./progress.js";
import { renderEvent } from "./render.js";
import { StatusLine } from "./status.js";

export interface InvokeIo {
  write(text: string): void;
  /** Output is a terminal: a ticking status line and an in-place progress bar. @default false */
  tty?: boolean;
  /** Aborted on Ctrl-C: the CLI stops following (and with cancelOnExit cancels the run). */
  interrupt?: AbortSignal;
}

export interface FollowOptions {
  /** Artifacts of a `done` run are downloaded to `<outDir>/<run id>/`. */
  readonly outDir: string;
  /** Print heartbeats, whole tool inputs and outputs. @default false */
  readonly verbose?: boolean;
  /** On Ctrl-C, cancel the run instead of leaving it running. @default false */
  readonly cancelOnExit?: boolean;
}

export interface InvokeRequest extends FollowOptions {
  readonly prompt: string;
  /** A local CSV (uploaded first) or an s3:// URI. */
  readonly data?: string;
  readonly language?: "ko" | "en";
}

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/**
 * One run from the command line: upload the data, stream the run as readable progress, download the
 * artifacts of a `done` event. Returns the exit code: 0 after `done`, 1 after `error` or a stream that ended
 * without either, 130 after Ctrl-C (the run goes on, unless cancelOnExit).
 */
export async function runInvoke(request: InvokeRequest, target: Target, io: InvokeIo): Promise<number> {
  let dataUri: string | undefined;
  if (request.data !== undefined) {
    if (request.data.startsWith("s3://")) dataUri = request.data;
    else if (existsSync(request.data)) {
      const progress = uploadProgressPrinter(
        `uploading ${path.basename(request.data)}`,
        io.write,
        io.tty ?? false,
      );
      dataUri = await target.upload(request.data, progress.onProgress, io.interrupt);
      progress.end();
    } else throw new Error(`--data ${request.data}: no such file`);
    io.write(`data: ${dataUri}\n`);
  }
  const body: InvocationBody = {
    prompt: request.prompt,
    ...(dataUri ? { data: { s3Uri: dataUri } } : {}),
    ...(request.language ? { language: request.language } : {}),
  };
  return follow(body, target, io, request);
}

/** `--attach <session>`: the session's run from its first event, followed live to its end. */
export function attachInvoke(target: Target, io: InvokeIo, options: FollowOptions): Promise<number> {
  io.write(`attaching to session ${target.sessionId}\n`);
  return follow({ attach: true }, target, io, options);
}

/** `--cancel <session>`: stops the session's running run; 0 once it has stopped or when none was running. */
export async function cancelInvoke(target: Target, io: InvokeIo): Promise<number> {
  const events = await collect(await target.invoke({ cancel: true }));
  for (const event of events) io.write(renderEvent(event));
  const last = events[events.length - 1];
  return last?.type === "cancel" && last.state !== "requested" ? 0 : 1;
}

async function follow(
  body: InvocationBody,
  target: Target,
  io: InvokeIo,
  options: FollowOptions,
): Promise<number> {
  const status = new StatusLine(io.write, { tty: io.tty ?? false });
  const reading = new AbortController();
  const interrupted = () => reading.abort();
  io.interrupt?.addEventListener("abort", interrupted, { once: true });
  let final: AgentEvent | undefined;
  let runId: string | undefined;
  status.start();
  try {
    const stream = await target.invoke(body, reading.signal);
    const decoder = new SseDecoder();
    const text = new TextDecoder();
    for await (const chunk of stream) {
      for (const event of decoder.push(
        typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }),
      )) {
        status.observe(event);
        status.write(renderEvent(event, options.verbose ?? false));
        if (event.type === "start") runId = event.runId;
        if (event.type === "done" || event.type === "error") final = event;
      }
    }
  } catch (err) {
    if (!reading.signal.aborted) throw err;
  } finally {
    status.stop();
    io.interrupt?.removeEventListener("abort", interrupted);
  }
  if (reading.signal.aborted && !final) return leave(target, io, options);
  if (final?.type !== "done") {
    if (!final) io.write("\n✘ the stream ended without a done or error event\n");
    return 1;
  }
  await download(final, target, path.join(options.outDir, runId ?? "run"), io);
  return 0;
}

/** After Ctrl-C: cancel the run (cancelOnExit) or say how to come back to it. */
async function leave(target: Target, io: InvokeIo, options: FollowOptions): Promise<number> {
  if (options.cancelOnExit) {
    io.write("\ncancelling the run (--cancel-on-exit) …\n");
    await cancelInvoke(target, io);
  } else {
    io.write(
      `\ndetached: the run goes on. Follow it again with: npm run invoke -- --attach ${target.sessionId}\n` +
        `(or stop it: npm run invoke -- --cancel ${target.sessionId})\n`,
    );
  }
  return INTERRUPTED;
}

async function download(done: EventOf<"done">, target: Target, outDir: string, io: InvokeIo): Promise<void> {
  if (done.artifacts.length === 0) return;
  mkdirSync(outDir, { recursive: true });
  for (const artifact of done.artifacts) {
    await target.download(artifact, path.join(outDir, artifact.path.replace(/^artifacts\//, "")));
  }
  io.write(`\nartifacts downloaded to ${outDir}\n`);
}

async function collect(stream: AsyncIterable<Uint8Array | string>): Promise<AgentEvent[]> {
  const decoder = new SseDecoder();
  const text = new TextDecoder();
  const events: AgentEvent[] = [];
  for await (const chunk of stream)
    events.push(...decoder.push(typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true })));
  return events;
}
