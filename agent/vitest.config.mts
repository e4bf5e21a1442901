import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Pinned so that `vitest run --config agent/vitest.config.mts` from the repository root finds the tests too.
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    name: "agent",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
