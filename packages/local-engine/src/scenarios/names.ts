/** The scenarios, in the order each builds on the state the previous one left. */
export const SCENARIO_NAMES = ["up", "unchanged", "agent-change", "provider-upgrade", "destroy"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
