import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Construct } from "constructs";
import * as pkg from "azure-platform-iac";

const ROOT = join(__dirname, "..", "..");
const exported = pkg as unknown as Record<string, unknown>;

/** The TypeScript files under a folder of the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("the package entry point (index.ts)", () => {
  test("exports the main constructs, the policy pack and the reachability analyzer", () => {
    for (const name of [
      "DataLake",
      "DataFactory",
      "SqlServing",
      "MedallionPlatform",
      "DataNetwork",
      "AksNetwork",
      "AksCluster",
      "KubeObject",
      "Workload",
      "TaggingAspect",
    ]) {
      expect([name, typeof exported[name]]).toEqual([name, "function"]);
    }
    expect(pkg.ALL_RULES.length).toBeGreaterThan(50);
    expect(typeof pkg.evaluateStack).toBe("function");
    expect(typeof pkg.stackView).toBe("function");
    expect(typeof pkg.PolicyAspect).toBe("function");
    expect(pkg.ReachabilityAnalyzer).toBe(pkg.reachability.ReachabilityAnalyzer);
    expect(typeof pkg.reachability.clusterModel).toBe("function");
  });

  test("keeps the internals private: validation helpers, vendored-schema loaders, rendering and naming helpers", () => {
    const internal = [
      // constructs/core/validation.ts and the props validators
      "propError",
      "checkRange",
      "checkPattern",
      "warnOptOut",
      "validateAksClusterProps",
      "validateSqlServingProps",
      // vendored schemas and files
      "envoySchemaPath",
      "validateVendoredObject",
      "gatewayApiBundlePath",
      "loadGatewayApiBundle",
      "packageFile",
      // rendering
      "renderModel",
      "renderContainer",
      "fluxModels",
      "fluxHelmRelease",
      "bronzeToSilverSql",
      "workerPipelineDefinition",
      // shared plumbing of the constructs and the rules
      "addDiagnosticSettings",
      "assignRole",
      "addLock",
      "chartLocation",
      "resourceRule",
      "ofType",
    ];
    expect(internal.filter((name) => name in exported)).toEqual([]);
  });

  /** Defaults of an internal helper's parameters (which diagnostic categories a resource type accepts), not of props. */
  const HELPER_DEFAULTS = ["NETWORK_DIAGNOSTIC_DEFAULTS", "NSG_DIAGNOSTIC_DEFAULTS", "STORAGE_METRIC_DEFAULTS"];

  test("every construct class and props *_DEFAULTS object a file under constructs/ exports is public", () => {
    const missing: string[] = [];
    for (const file of sources("constructs")) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- every module, by path
      for (const [name, value] of Object.entries<unknown>(require(join(ROOT, file)))) {
        const isConstruct = typeof value === "function" && value.prototype instanceof Construct;
        const isDefaults = name.endsWith("_DEFAULTS") && !HELPER_DEFAULTS.includes(name);
        if ((isConstruct || isDefaults) && exported[name] !== value) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
