import { defineConfig } from "vitest/config";

// One run over every workspace: each workspace keeps its own vitest.config.ts beside its tests.
export default defineConfig({
  test: {
    projects: ["packages/agentcore-vpc-platform", "stacks", "executor"],
  },
});
