import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "local-engine",
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
