import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing, TerraformStack } from "cdktf";
import { preloadFluxModels } from "../../constructs/kubernetes/flux-models";
import { renderedEnvironments } from "../../stacks/flux-rendering";
import { addPlatform, PLATFORM_OUTPUTS } from "../../stacks/platform";
import { builtStackNames, selectiveSynthNotice, selectStacks, SynthRequest } from "../../stacks/selection";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { addShippedEnvironment, shippedPlatform } from "./shipped-platform";

/** The shipped platform built for a request, as main.ts builds it (constructed, not synthesized). */
function build(r: Partial<SynthRequest>): App {
  const app = Testing.app({ stackTraces: false });
  addPlatform(app, shippedPlatform, selectStacks(shippedPlatform, { environments: [], stacks: [], help: false, ...r }));
  return app;
}
const dependenciesOf = (app: App, name: string) => (app.node.findChild(name) as TerraformStack).dependencies.map((d) => d.node.id);
const dev = shippedPlatform.environments.find((e) => e.environment === "dev")!;

beforeAll(() => preloadFluxModels());

describe("selective build: what is asked and what it depends on", () => {
  test("--stack dev-databricks brings dev-data, which it depends on, and nothing else", () => {
    const app = build({ stacks: ["dev-databricks"] });
    expect(builtStackNames(app)).toEqual(["dev-data", "dev-databricks"]);
    expect(dependenciesOf(app, "dev-databricks")).toEqual(["dev-data"]);
  });

  test("--stack dev-k8s-config brings dev-k8s-addons, dev-aks and dev-data, in deployment order, and not dev-databricks", () => {
    const app = build({ stacks: ["dev-k8s-config"] });
    expect(builtStackNames(app)).toEqual(["dev-data", "dev-aks", "dev-k8s-addons", "dev-k8s-config"]);
    expect(dependenciesOf(app, "dev-k8s-config")).toEqual(["dev-k8s-addons"]);
    expect(dependenciesOf(app, "dev-k8s-addons")).toEqual(["dev-aks"]);
  });

  test("--stack dev-k8s-addons brings dev-k8s-config too: the policy pack judges the two together (K8S-010)", () => {
    expect(builtStackNames(build({ stacks: ["dev-k8s-addons"] }))).toEqual(["dev-data", "dev-aks", "dev-k8s-addons", "dev-k8s-config"]);
  });

  test("--stack prod-k8s-addons (Flux): both rendered stacks, one rendered environment (one folder), prod-aks and prod-data", () => {
    const app = build({ stacks: ["prod-k8s-addons"] });
    expect(builtStackNames(app)).toEqual(["prod-data", "prod-aks", "prod-k8s-addons", "prod-k8s-config"]);
    expect(app.node.children.map((c) => c.node.id)).toEqual(["prod-data", "prod-aks"]);
    expect(renderedEnvironments(app).map((e) => [e.environment, e.stacks.map((s) => s.node.id)])).toEqual([["prod", ["prod-k8s-addons", "prod-k8s-config"]]]);
  });

  test("--stack prod-aks (Flux): no rendered environment, so no GitOps folder is written", () => {
    const app = build({ stacks: ["prod-aks"] });
    expect(builtStackNames(app)).toEqual(["prod-data", "prod-aks"]);
    expect(renderedEnvironments(app)).toEqual([]);
  });

  test("--env dev --stack bootstrap,staging-data: every dev stack, bootstrap first as in a full synth, and staging-data", () => {
    expect(builtStackNames(build({ environments: ["dev"], stacks: ["bootstrap", "staging-data"] }))).toEqual([
      "bootstrap",
      "dev-data",
      "dev-databricks",
      "dev-aks",
      "dev-k8s-addons",
      "dev-k8s-config",
      "staging-data",
    ]);
  });

  test("a stack built without the stacks after it is the stack of a full build: none of them changes it", () => {
    const full = addShippedEnvironment(Testing.app({ stackTraces: false }), dev);
    const alone = build({ stacks: ["dev-aks"] });
    expect(Testing.synth(alone.node.findChild("dev-data") as TerraformStack)).toEqual(Testing.synth(full.data));
    expect(Testing.synth(alone.node.findChild("dev-aks") as TerraformStack)).toEqual(Testing.synth(full.aks));
  });
});

describe("selective synth: the output directory", () => {
  const newOutdir = () => join(mkdtempSync(join(tmpdir(), "selective-")), "cdktf.out");
  const synth = (outdir: string, stacks: string[]) =>
    synthesizeAtomically(outdir, (a) => addPlatform(a, shippedPlatform, selectStacks(shippedPlatform, { environments: [], stacks, help: false })), {
      context: { policyDate: "2026-11-26" },
      afterSynth: PLATFORM_OUTPUTS,
    });

  test("holds exactly what was built (manifest, stacks, policy results, SQL setup) and replaces the previous output", () => {
    const outdir = newOutdir();
    mkdirSync(join(outdir, "stacks", "staging-data"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "staging-data", "cdk.tf.json"), "{}");
    const app = synth(outdir, ["dev-databricks"]);
    expect(readdirSync(outdir).sort()).toEqual(["manifest.json", "policy", "sql", "stacks"]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["dev-data", "dev-databricks"]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.fromEntries(Object.entries<{ dependencies: string[] }>(manifest.stacks).map(([name, s]) => [name, s.dependencies]))).toEqual({
      "dev-data": [],
      "dev-databricks": ["dev-data"],
    });
    expect(readdirSync(join(outdir, "policy")).sort()).toEqual(["dev-data.json", "dev-databricks.json"]);
    expect(readdirSync(join(outdir, "sql"))).toEqual(["dev"]);
    expect(selectiveSynthNotice(builtStackNames(app), "cdktf.out")).toMatch(/^Selective synth: cdktf\.out now holds only dev-data, dev-databricks \(/);
  });

  test("the policy pack judges an in-cluster stack with its pair, as a full synth does: --stack dev-k8s-addons is not refused", () => {
    const outdir = newOutdir();
    synth(outdir, ["dev-k8s-addons"]);
    expect(readdirSync(join(outdir, "policy")).sort()).toEqual(["dev-aks.json", "dev-data.json", "dev-k8s-addons.json", "dev-k8s-config.json"]);
    expect(readdirSync(join(outdir, "manifests"))).toEqual(["dev"]);
  });
});
