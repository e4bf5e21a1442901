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

/** Every body `/invocations` accepts. */
export const requestPayload = z.union([healthCheckPayload, invocationPayload]);
export type RequestPayload = z.infer<typeof requestPayload>;

/**
 * Validates a request body against the one schema it means (a union's errors would list both), so every
 * message names a field of that schema.
 */
export function parseRequestPayload(body: unknown) {
  const isHealthCheck = typeof body === "object" && body !== null && "healthCheck" in body;
  return (isHealthCheck ? healthCheckPayload : invocationPayload).safeParse(body);
}

export function isHealthCheck(payload: RequestPayload): payload is HealthCheckPayload {
  return "healthCheck" in payload;
}
