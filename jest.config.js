/** Transpile-only (swc): type-checking is `npm run typecheck`, done once, not per test file. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // The Flux models are ES modules only (constructs/kubernetes/flux-models.ts): compiled to CommonJS for Jest.
    "/node_modules/@kubernetes-models/flux-cd/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["^(?!.*/node_modules/@kubernetes-models/flux-cd/).*/node_modules/"],
  resolver: "<rootDir>/test/flux-models-resolver.js",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
