import { z } from "zod";

/** The AgentCore session id header the runtime forwards to the container (local clients send it too). */
export const SESSION_HEADER = "x-amzn-bedrock-agentcore-runtime-session-id";

/**
 * The invocation payload. Every message names its field: the runtime SDK answers a failed parse with 400
 * `{ error, details: issues }`, and the issue message is what a client reads.
 */
export const invocationPayload = z
  .object({
    prompt: z
      .string({ error: "prompt is required and must be a string" })
      .trim()
      .min(1, "prompt must not be empty")
      .max(20_000, "prompt must be at most 20000 characters"),
    data: z
      .object(
        {
          s3Uri: z
            .string({ error: "data.s3Uri is required and must be a string" })
            .regex(
              /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/,
              "data.s3Uri must look like s3://bucket/key or s3://bucket/prefix/",
            ),
        },
        { error: "data must be an object: { s3Uri }" },
      )
      .strict()
      .optional(),
    language: z.enum(["ko", "en"], { error: 'language must be "ko" or "en"' }).optional(),
    /** The runtime SDK also accepts the session id in the body when the header is absent. */
    sessionId: z.string({ error: "sessionId must be a string" }).min(1).optional(),
  })
  .strict();
export type InvocationPayload = z.infer<typeof invocationPayload>;

/**
 * `{ "healthCheck": true }`: answered at once, without a model, by checking that the executor answers through
 * the internal ALB. It proves the runtime's container started and its VPC path works.
 */
export const healthCheckPayload = z
  .object({
    healthCheck: z.literal(true, { error: "healthCheck must be true" }),
    sessionId: z.string({ error: "sessionId must be a string" }).min(1).optional(),
  })
  .strict();
export type HealthCheckPayload = z.infer<typeof healthCheckPayload>;

/**
 * `{ "attach": true }` with the session id of a run: replays the run's events from its log and follows it
 * live to its end (the latest run of the session when none is running).
 */
export const attachPayload = z
  .object({
    attach: z.literal(true, { error: "attach must be true" }),
    sessionId: z.string({ error: "sessionId must be a string" }).min(1).optional(),
  })
  .strict();
export type AttachPayload = z.infer<typeof attachPayload>;

/** `{ "cancel": true }`: stops the session's running run (its executing cell at once) and frees its executor session. */
export const cancelPayload = z
  .object({
    cancel: z.literal(true, { error: "cancel must be true" }),
    sessionId: z.string({ error: "sessionId must be a string" }).min(1).optional(),
  })
  .strict();
export type CancelPayload = z.infer<typeof cancelPayload>;

/** Every body `/invocations` accepts. */
export const requestPayload = z.union([healthCheckPayload, attachPayload, cancelPayload, invocationPayload]);
export type RequestPayload = z.infer<typeof requestPayload>;

/** The key that marks a control payload, and its schema; a body without one is a run. */
const CONTROL_PAYLOADS = [
  ["healthCheck", healthCheckPayload],
  ["attach", attachPayload],
  ["cancel", cancelPayload],
] as const;

/**
 * Validates a request body against the one schema it means (a union's errors would list every member), so
 * every message names a field of that schema.
 */
export function parseRequestPayload(body: unknown) {
  const isObject = typeof body === "object" && body !== null;
  const control = CONTROL_PAYLOADS.find(([key]) => isObject && key in body);
  return (control?.[1] ?? invocationPayload).safeParse(body);
}

export function isHealthCheck(payload: RequestPayload): payload is HealthCheckPayload {
  return "healthCheck" in payload;
}

export function isAttach(payload: RequestPayload): payload is AttachPayload {
  return "attach" in payload;
}

export function isCancel(payload: RequestPayload): payload is CancelPayload {
  return "cancel" in payload;
}
