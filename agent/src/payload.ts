import type { InvocationPayload } from "agentcore-vpc-platform-contract";

/** Korean when asked, or when the prompt is mostly written in Hangul. */
export function resolveLanguage(payload: InvocationPayload): "ko" | "en" {
  if (payload.language) return payload.language;
  return /[\uac00-\ud7a3]/.test(payload.prompt) ? "ko" : "en";
}
