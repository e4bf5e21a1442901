import { z } from "zod";

/** USD per million tokens, by token kind (Bedrock reports and bills the four apart). */
export const price = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheRead: z.number().nonnegative(),
    cacheWrite: z.number().nonnegative(),
  })
  .strict();
export type Price = z.infer<typeof price>;

/**
 * Prices by a part of the model id, matched anywhere in it (so one entry covers the `global.`, `us.` and bare
 * ids of a model); the longest matching part wins. Cache writes are the 5-minute ones, the only TTL the agent
 * uses. Anthropic's list prices (https://platform.claude.com/docs/en/about-claude/pricing); Bedrock bills by
 * its own table (https://aws.amazon.com/bedrock/pricing/), so these are estimates: AGENT_PRICES replaces or
 * adds entries.
 */
export const DEFAULT_PRICES: Readonly<Record<string, Price>> = {
  "claude-opus-4-5": { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  "claude-opus-4-1": { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  "claude-sonnet-4": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-3-7-sonnet": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
};

/** The AGENT_PRICES format: `{ "<part of a model id>": { input, output, cacheRead, cacheWrite } }`. */
export const priceTable = z.record(z.string().min(1), price);
export type PriceTable = z.infer<typeof priceTable>;

/** The price of a model id, or undefined when no entry's key occurs in it. */
export function priceFor(modelId: string, table: PriceTable): Price | undefined {
  let best: [string, Price] | undefined;
  for (const entry of Object.entries(table)) {
    if (modelId.includes(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}
