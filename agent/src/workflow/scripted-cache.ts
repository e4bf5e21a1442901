/** A deterministic token count for text the scripted model did not really tokenize: ≈ 4 characters a token. */
export function tokenEstimate(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The token sizes of one request's parts, in the order Bedrock processes them. */
export interface RequestTokens {
  tools: number;
  system: number;
  /** Tokens per conversation message. */
  messages: number[];
  /** Index of the last user message (where the conversation's cache point goes), or -1. */
  lastUserIndex: number;
}

/**
 * The shortest prefix a cache point caches: 1,024 tokens for the Claude Sonnet models the scripted model
 * stands in for by default ("Minimum tokens per cache checkpoint",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html); a shorter prefix is billed as
 * plain input.
 */
export const MIN_CACHE_CHECKPOINT_TOKENS = 1024;

export interface SimulatedUsage {
  usage: { inputTokens: number; cacheReadInputTokens: number; cacheWriteInputTokens: number };
  /** Tokens of the longest cached prefix after this request. */
  cachedAfter: number;
}

/**
 * Bedrock's input accounting for a request whose cache points follow the tool specs, the system prompt and the
 * last user message (where the Bedrock model provider puts them): the prefix up to the last cache point is
 * read from the cache as far as an earlier request of the same conversation wrote it, and written beyond
 * that; tokens after the last cache point are plain input. A conversation only grows, so the earlier cached
 * prefix is always a prefix of this request. Without cache points, or with a prefix shorter than the minimum,
 * every token is plain input.
 */
export function simulateCache(
  request: RequestTokens,
  caching: boolean,
  cachedBefore: number,
  minimum = MIN_CACHE_CHECKPOINT_TOKENS,
): SimulatedUsage {
  const conversation = request.messages.reduce((sum, n) => sum + n, 0);
  const total = request.tools + request.system + conversation;
  const upToLastUser = request.messages.slice(0, request.lastUserIndex + 1).reduce((sum, n) => sum + n, 0);
  const cacheable = request.tools + request.system + upToLastUser;
  if (!caching || cacheable < minimum) {
    return {
      usage: { inputTokens: total, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 },
      cachedAfter: cachedBefore,
    };
  }
  const read = Math.min(cachedBefore, cacheable);
  return {
    usage: {
      inputTokens: total - cacheable,
      cacheReadInputTokens: read,
      cacheWriteInputTokens: cacheable - read,
    },
    cachedAfter: Math.max(cachedBefore, cacheable),
  };
}
