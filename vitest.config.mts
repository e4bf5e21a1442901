import { defineConfig } from "vitest/config";

// One run over every workspace: each workspace keeps its own vitest.config.mts beside its tests.
export default defineConfig({
  test: {
    reporters: ["default", "./vitest.summary-reporter.mts"],
    projects: [
      "packages/contract",
      "packages/agentcore-vpc-platform",
      "packages/policy",
      "packages/local-engine",
      "stacks",
      "packages/ops",
      "executor",
      "agent",
      "packages/console",
    ],
    // A component argument that fails at preview (an unsupported AZ ID, say) rejects every resource whose
    // inputs depend on it; the Pulumi language host fails the run on those rejections, and the tests assert
    // the error itself. Only these expected copies ("error serializing property …" wrapping our own
    // PlatformArgumentError) are ignored; any other unhandled error still fails the run.
    onUnhandledError(error) {
      const expected =
        error.name === "PlatformArgumentError" && /error serializing property/.test(error.message ?? "");
      return expected ? false : undefined;
    },
  },
});
