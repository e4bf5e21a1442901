import { SseDecoder, type AgentEvent } from "agentcore-vpc-platform-contract";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { renderEvent } from "./render.js";
import type { Target } from "./targets.js";

export interface InvokeRequest {
  readonly prompt: string;
  /** A local CSV (uploaded first) or an s3:// URI. */
  readonly data?: string;
  readonly language?: "ko" | "en";
  /** Where artifacts are downloaded. */
  readonly outDir: string;
  /** Print heartbeats too. @default false */
  readonly verbose?: boolean;
}

/**
 * One invocation from the command line: upload the data, stream the run as readable progress, download the
 * artifacts of a `done` event. Returns the exit code: 0 after `done`, 1 after `error` or a stream that ended
 * without either.
 */
export async function runInvoke(
  request: InvokeRequest,
  target: Target,
  write: (text: string) => void,
): Promise<number> {
  let dataUri: string | undefined;
  if (request.data !== undefined) {
    if (request.data.startsWith("s3://")) dataUri = request.data;
    else if (existsSync(request.data)) dataUri = await target.upload(request.data);
    else throw new Error(`--data ${request.data}: no such file`);
    write(`data: ${dataUri}\n`);
  }
  const payload = {
    prompt: request.prompt,
    ...(dataUri ? { data: { s3Uri: dataUri } } : {}),
    ...(request.language ? { language: request.language } : {}),
  };
  const stream = await target.events(new TextEncoder().encode(JSON.stringify(payload)));
  const decoder = new SseDecoder();
  const text = new TextDecoder();
  let final: AgentEvent | undefined;
  for await (const chunk of stream) {
    for (const event of decoder.push(
      typeof chunk === "string" ? chunk : text.decode(chunk, { stream: true }),
    )) {
      write(renderEvent(event, request.verbose ?? false));
      if (event.type === "done" || event.type === "error") final = event;
    }
  }
  if (final?.type !== "done") {
    if (!final) write("\n✘ the stream ended without a done or error event\n");
    return 1;
  }
  if (final.artifacts.length > 0) {
    mkdirSync(request.outDir, { recursive: true });
    for (const artifact of final.artifacts) {
      const to = path.join(request.outDir, artifact.path.replace(/^artifacts\//, ""));
      mkdirSync(path.dirname(to), { recursive: true });
      await target.download(artifact, to);
    }
    write(`\nartifacts downloaded to ${request.outDir}\n`);
  }
  return 0;
}
