/**
 * Smoke check of the compiled package (after `npm run build`), in plain Node as another repository loads it: what
 * `npm pack` would ship, the entry point through the package's own `exports` map, and the files the constructs read
 * from the package root (vendor/, notebooks/). `node scripts/package-smoke.js`; .ci/run runs it after the build.
 */
const { execFileSync } = require("node:child_process");
const assert = require("node:assert/strict");

const packed = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" }))[0].files.map((f) => f.path);
for (const file of ["dist/index.js", "dist/index.d.ts", "vendor/gateway-api/v1.6.1/standard.json", "notebooks/medallion_runner.py"]) {
  assert.ok(packed.includes(file), `npm pack would not ship ${file}`);
}
const unexpected = packed.filter((f) => !/^(dist|vendor|notebooks)\/|^(package\.json|README\.md)$/.test(f) || /(^|\/)test_[^/]*\.py$/.test(f));
assert.deepEqual(unexpected, [], "npm pack would ship files outside dist/, vendor/ and notebooks/");

// Self-reference: resolved through package.json `exports`, as `require("azure-platform-iac")` in another repository.
const pkg = require("azure-platform-iac");
assert.ok(require.resolve("azure-platform-iac").endsWith("/dist/index.js"), "the entry point is not dist/index.js");
for (const name of ["MedallionPlatform", "DataLake", "AksCluster", "AksNetwork", "PolicyAspect", "evaluateStack", "stackView", "ReachabilityAnalyzer"]) {
  assert.equal(typeof pkg[name], "function", `${name} is not exported`);
}
assert.ok(pkg.ALL_RULES.length > 0, "ALL_RULES is empty");
assert.equal(typeof pkg.reachability.clusterModel, "function", "reachability.clusterModel is not exported");
for (const name of ["propError", "fluxModels", "renderContainer", "loadGatewayApiBundle"]) assert.equal(pkg[name], undefined, `${name} is internal`);

// The constructs that read files find them from dist/: the Gateway API CRDs (vendor/) and the notebooks.
const { Testing } = require("cdktf");
const source = {
  name: "sales",
  format: "csv",
  trigger: { type: "fileDrop" },
  silver: { columns: { id: "BIGINT", amount: "DOUBLE" }, keys: ["id"], required: ["id"] },
  gold: { groupBy: [], measures: { amount: "sum" } },
  goldTable: { schema: "gold", table: "sales" },
};
const out = JSON.parse(
  Testing.synthScope((scope) => {
    new pkg.GatewayApiCrds(scope, "Crds");
    new pkg.TransformationWorkspace(scope, "Workspace", {
      applicationId: "00000000-0000-0000-0000-000000000001",
      displayName: "id-transform",
      sources: [source],
    });
  }),
);
assert.ok(Object.keys(out.resource.kubernetes_manifest).length > 0, "no Gateway API CRD synthesized");
assert.ok(Object.keys(out.resource.databricks_notebook).length > 0, "no notebook synthesized");

const { Construct } = require("constructs");
const constructs = Object.values(pkg).filter((v) => typeof v === "function" && v.prototype instanceof Construct);
console.log(
  `dist/index.js: ${Object.keys(pkg).length} exports, ${constructs.length} construct classes; ${packed.length} files packed; vendor/ and notebooks/ found`,
);
