// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/coverage/**", ".pulumi-state/**"] },
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
    // Dynamic-provider methods load the AWS SDK with require() on purpose (see DESIGN.md).
    files: ["packages/agentcore-vpc-platform/src/runtime/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
