// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/coverage/**",
      ".pulumi-state/**",
      "packages/agentcore-vpc-platform/contexts/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Dynamic-provider methods load the AWS SDK with require() on purpose: closure serialization would capture a
    // module-level import (see the component README, "Serialized providers").
    files: [
      "packages/agentcore-vpc-platform/src/runtime/**/*.ts",
      "packages/agentcore-vpc-platform/src/testing/**/*.ts",
    ],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Run inside a program outside the repository by the packaging test: plain CommonJS, as a user's may be.
    files: ["packages/local-engine/src/scenarios/consumer-check.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The web console's page scripts run in the browser, with no build step.
    files: ["packages/console/public/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
