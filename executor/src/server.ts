import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { S3Client } from "@aws-sdk/client-s3";
import type { ExecutorConfig } from "./config/config";
import { HttpError } from "./errors";
import { fileRoutes } from "./routes/files";
import { metaRoutes } from "./routes/meta";
import { renderRoutes } from "./routes/render";
import { sessionRoutes } from "./routes/sessions";
import { syncRoutes } from "./routes/sync";
import { createS3Client } from "./s3/client";
import { SessionManager } from "./sessions/manager";

declare module "fastify" {
  interface FastifyInstance {
    executor: SessionManager;
    /** Stop taking work, let running executions finish (up to graceMs), then close the server. */
    drain(graceMs: number): Promise<void>;
  }
}

export interface BuildOptions {
  /** Injected S3 client (tests); by default one is built from config.s3. */
  s3Client?: S3Client;
  /** Where the JSON log lines go (tests read them back); by default standard output. */
  logDestination?: { write(line: string): void };
}

/** "body.code: code must not be empty; body.language: …" from a schema validation error. */
function describeValidation(err: FastifyError): string {
  const where = err.validationContext ?? "request";
  return (err.validation ?? [])
    .map((issue) => `${where}${issue.instancePath.replaceAll("/", ".").replace(/\.$/, "")}: ${issue.message}`)
    .join("; ");
}

/**
 * Builds the executor's Fastify app. Every route declares its request and response schemas from the
 * contract package (fastify-type-provider-zod): requests are validated, and a response that does not match
 * its schema is a 500, never a surprise for the client. The Python zygote starts in `onReady` (so
 * `listen()`/`ready()` starts it) and every session is freed in `onClose`.
 */
export function buildServer(config: ExecutorConfig, options: BuildOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logDestination
      ? { level: config.logLevel, stream: options.logDestination }
      : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // A long execution must not be cut by the server's own timeouts (the ALB idle timeout is 3600 s).
    requestTimeout: 0,
    connectionTimeout: 0,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const manager = new SessionManager(config, app.log);
  app.decorate("executor", manager);
  app.decorate("drain", async (graceMs: number) => {
    await manager.drain(graceMs);
    await app.close();
  });
  app.decorateRequest("executorSession", null);
  app.addHook("onReady", async () => manager.start());
  app.addHook("onClose", async () => manager.close());

  // JSON bodies; an empty body counts as "no body" (POST /sessions without a payload).
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, "INVALID_JSON", "request body is not valid JSON"), undefined);
    }
  });

  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      return reply.status(err.statusCode).send({ error: err.message, code: err.code });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply
        .status(400)
        .send({ error: `invalid request: ${describeValidation(err)}`, code: "INVALID_REQUEST" });
    }
    if (isResponseSerializationError(err) || !(err.statusCode && err.statusCode < 500)) {
      request.log.error({ err }, "request failed");
      return reply.status(500).send({ error: `internal error: ${err.message}`, code: "INTERNAL" });
    }
    if (err.statusCode === 413) {
      return reply.status(413).send({
        error: `request body is larger than the limit (${config.bodyLimitBytes} bytes)`,
        code: "BODY_TOO_LARGE",
      });
    }
    return reply.status(400).send({ error: err.message, code: "REQUEST_REJECTED" });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: `no route ${request.method} ${request.url}`, code: "ROUTE_NOT_FOUND" }),
  );

  const s3 = options.s3Client ?? createS3Client(config.s3);
  app.register(metaRoutes(manager));
  app.register(sessionRoutes(manager));
  app.register(fileRoutes(manager));
  app.register(syncRoutes(manager, s3));
  app.register(renderRoutes(manager));
  return app as unknown as FastifyInstance;
}
