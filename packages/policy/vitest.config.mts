import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "policy",
    include: ["src/**/*.test.ts"],
    // Recording a stack's graph evaluates the whole component under mocks; beside the other projects on two
    // cores that can take longer than vitest's 10 s default for a hook.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
