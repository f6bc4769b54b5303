// Lint configuration: typescript-eslint's recommended rules on every TypeScript file.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "dist-*/**",
      "src-*/**",
      "node_modules/**",
      "src/.observablehq/**",
      "work/**",
      "docs/screenshots/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["npm:*", "http:*", "https:*"], message: "Pages must work offline: import from node_modules." },
          ],
        },
      ],
    },
  },
  {
    files: ["core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "@duckdb/*", "../loaders/*", "../cli/*"],
              message: "core/ is pure: no I/O.",
            },
          ],
        },
      ],
    },
  },
);
