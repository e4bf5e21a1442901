import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "stacks",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**"],
    testTimeout: 60_000,
  },
});
