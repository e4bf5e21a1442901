import { z } from "zod";
import { HttpError } from "./errors";

export const createSessionBody = z
  .object({
    sessionId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, "sessionId may use letters, digits, _ and - (max 128)")
      .optional(),
  })
  .strict();

export function executeBody(maxTimeoutSeconds: number) {
  return z
    .object({
      code: z.string().min(1, "code must not be empty"),
      language: z.enum(["python", "bash"]).default("python"),
      timeoutSeconds: z
        .number()
        .positive("timeoutSeconds must be positive")
        .max(maxTimeoutSeconds, `timeoutSeconds must be at most ${maxTimeoutSeconds}`)
        .optional(),
    })
    .strict();
}

export const syncBody = z
  .object({
    direction: z.enum(["pull", "push"]),
    s3Uri: z.string().startsWith("s3://", "s3Uri must start with s3://"),
    /** Session-relative directory: pull target (default data) or push source (default artifacts). */
    path: z.string().min(1).optional(),
  })
  .strict();

/** Parses with zod; a failure becomes a 400 that names every problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
    .join("; ");
  throw new HttpError(400, "INVALID_REQUEST", `invalid request body: ${problems}`);
}
