/** Transpile-only (swc): type-checking is `npm run typecheck`, done once, not per test file. */
module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker fewer than the cores, which on a 2-core machine runs every file in one process.
  maxWorkers: "100%",
  // `npm run jest` starts Jest with --max-semi-space-size=64 (MB), which its workers inherit: test files allocate
  // freely (every file builds its own module graph and stacks), and a larger young generation collects less often;
  // the whole suite took 7 to 10% less time (45.9 and 44.4 s against 51.0 and 47.8 s, load average 3.6 to 4.7).
  // After the stack tests a worker's heap is around 1 GB, and on a busy machine exiting takes it longer than Jest's
  // default 500 ms: the run's results are in by then, so wait rather than kill it and warn of a leak there is not.
  workerGracefulExitTimeout: 5000,
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // test/cluster needs the test API server: npm run validate:cluster runs it (test/cluster/jest.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/cluster/"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }],
    // The Flux models are ES modules only (constructs/kubernetes/flux-models.ts): compiled to CommonJS for Jest.
    "/node_modules/@kubernetes-models/flux-cd/.+\\.js$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["^(?!.*/node_modules/@kubernetes-models/flux-cd/).*/node_modules/"],
  resolver: "<rootDir>/test/flux-models-resolver.js",
  // The examples and tests import the package by name, as another repository does: its entry point's source (no build).
  moduleNameMapper: { "^azure-platform-iac$": "<rootDir>/index.ts" },
  // Jest's runtime, compiling each module once per worker rather than once per test file (test/jest-runtime.js).
  runtime: "<rootDir>/test/jest-runtime.js",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The shipped config is synthesized once per run, not once per test file that reads it (test/stacks/synthesized-app.ts).
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
