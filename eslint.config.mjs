import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "dist/", "coverage/", "**/*.d.ts", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Deep imports only: the package root loads all 1,527 azurerm resources (~10x slower synth).
      "no-restricted-imports": [
        "error",
        {
          paths: ["@cdktf/provider-azurerm", "@cdktf/provider-databricks", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"].map((name) => ({
            name,
            message: `Import by deep path (${name}/lib/<resource>), never the package root.`,
          })),
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests, policy rules and the review read synthesized JSON (cdk.tf.json, manifests) that has no static type:
    // `any` is the honest type there.
    files: ["test/**/*.ts", "policies/**/*.ts", "review/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
