import type { AgentName } from "agentcore-vpc-platform-contract";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** agent/prompts/, found from this module in src/ (tsx, vitest) and dist/ (node) alike: both are two levels down. */
export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

export type PromptName =
  | "planner"
  | "coder"
  | "validator"
  | "reporter"
  | "planner-task"
  | "planner-reminder"
  | "coder-task"
  | "coder-step"
  | "coder-direct"
  | "coder-revision"
  | "validator-task"
  | "validator-step"
  | "validator-recheck"
  | "reporter-task"
  | "direct-report-ko"
  | "direct-report-en"
  | "language-ko"
  | "language-en";

const cache = new Map<PromptName, string>();

export function loadPrompt(name: PromptName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${PROMPTS_DIR}${name}.md`, "utf8").trim();
    cache.set(name, text);
  }
  return text;
}

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug in the caller, so it throws. */
export function renderPrompt(name: PromptName, values: Record<string, string>): string {
  return loadPrompt(name).replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt ${name} needs a value for {{${key}}}`);
    return value;
  });
}

/** An agent's system prompt: the same text on every call, so the prompt cache can serve it. */
export function systemPrompt(agent: AgentName, language: "ko" | "en"): string {
  return `${loadPrompt(agent)}\n\n${loadPrompt(language === "ko" ? "language-ko" : "language-en")}`;
}
