import { type Attributes, type Span, SpanStatusCode, trace } from "@opentelemetry/api";

/**
 * The agent's spans, through OpenTelemetry's global API. Nothing here registers a tracer provider: deployed,
 * the image preloads the ADOT Node.js distribution (`NODE_OPTIONS=--require
 * @aws/aws-distro-opentelemetry-node-autoinstrumentation/register`), which registers one and exports to X-Ray
 * when the runtime sets AGENT_OBSERVABILITY_ENABLED=true; locally no provider is registered, so every span is
 * a no-op unless a run is started with that preload (see the agent README). The Strands SDK makes its own
 * spans (`invoke_agent`, `execute_agent_loop_cycle`, `chat` per model call, `execute_tool` per tool call)
 * through the same API; they nest under the active span, so a run is one tree:
 *
 *   invocation → stage <agent> → step <n> → invoke_agent <agent> → execute_agent_loop_cycle → chat | execute_tool <tool>
 */
export const TRACER_NAME = "agentcore-vpc-platform.agent";

/** Span names the agent itself creates (the SDK's are listed above). */
export const SPAN = {
  invocation: "invocation",
  stage: (agent: string) => `stage ${agent}`,
  step: (n: number) => `step ${n}`,
} as const;

/**
 * Attribute keys: OpenTelemetry's GenAI semantic conventions where one fits
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/), `session.id` as AgentCore's
 * observability groups spans by it, and the platform's own under `agentcore_vpc_platform.`.
 */
export const ATTR = {
  sessionId: "session.id",
  agentName: "gen_ai.agent.name",
  requestModel: "gen_ai.request.model",
  inputTokens: "gen_ai.usage.input_tokens",
  outputTokens: "gen_ai.usage.output_tokens",
  cacheReadTokens: "gen_ai.usage.cache_read_input_tokens",
  cacheWriteTokens: "gen_ai.usage.cache_write_input_tokens",
  route: "agentcore_vpc_platform.route",
  round: "agentcore_vpc_platform.round",
  language: "agentcore_vpc_platform.language",
  stepKind: "agentcore_vpc_platform.step.kind",
  stepTitle: "agentcore_vpc_platform.step.title",
  costUsd: "agentcore_vpc_platform.cost_usd",
} as const;

/**
 * Runs `fn` inside a new active span (children made in it, the SDK's included, nest under it); the span ends
 * when `fn` settles, with an error status and the exception recorded if it throws.
 */
export function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      throw err;
    } finally {
      span.end();
    }
  });
}
