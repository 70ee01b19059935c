import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { ALL_RULES } from "../../policies/rules";
import { exportManifests } from "../../stacks/outputs";
import { synthesizeAtomically } from "../../stacks/synthesize";
import { synthesizeShippedOutput } from "../review/review-fixture";
import { addShippedEnvironment, shippedPlatform } from "./shipped-platform";

const outdir = synthesizeShippedOutput();

describe("synth outputs besides Terraform JSON", () => {
  test("exports every in-cluster object of Terraform-delivered clusters as YAML, one folder per environment and namespace", () => {
    // prod's objects are delivered by Flux: they are in cdktf.out/gitops/prod (test/stacks/flux-rendering.test.ts).
    expect(readdirSync(join(outdir, "manifests")).sort()).toEqual(["dev", "staging"]);
    expect(readdirSync(join(outdir, "manifests", "staging")).sort()).toEqual(["_cluster", "cert-manager", "envoy-gateway-system", "gateway", "shop"]);
    expect(readdirSync(join(outdir, "manifests", "staging", "_cluster"))).toEqual(expect.arrayContaining(["customresourcedefinition-httproutes.gateway.networking.k8s.io.yaml", "gatewayclass-envoy.yaml"]));
    expect(readdirSync(join(outdir, "manifests", "staging", "shop"))).toEqual(expect.arrayContaining(["deployment-frontend.yaml", "statefulset-database.yaml", "networkpolicy-default-deny-all.yaml"]));
  });

  test("exported YAML equals the manifest Terraform applies", () => {
    const yaml = parse(readFileSync(join(outdir, "manifests", "staging", "shop", "deployment-frontend.yaml"), "utf8"));
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "staging-k8s-config", "cdk.tf.json"), "utf8"));
    const applied = Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.kind === "Deployment" && r.manifest.metadata.name === "frontend").manifest;
    expect(yaml).toEqual(applied);
  });

  test("a CRD is exported as JSON (valid YAML, fast to write) equal to what Terraform applies", () => {
    const file = join(outdir, "manifests", "staging", "_cluster", "customresourcedefinition-httproutes.gateway.networking.k8s.io.yaml");
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "staging-k8s-addons", "cdk.tf.json"), "utf8"));
    const applied = Object.values<any>(tf.resource.kubernetes_manifest).find((r) => r.manifest.metadata.name === "httproutes.gateway.networking.k8s.io").manifest;
    expect(parse(readFileSync(file, "utf8"))).toEqual(applied);
  });

  test("every manifest in the Terraform JSON has an exported YAML file", () => {
    for (const env of ["dev", "staging"]) {
      const exported = readdirSync(join(outdir, "manifests", env), { recursive: true }).filter((f) => String(f).endsWith(".yaml")).length;
      const applied = ["k8s-addons", "k8s-config"]
        .map((k) => JSON.parse(readFileSync(join(outdir, "stacks", `${env}-${k}`, "cdk.tf.json"), "utf8")))
        .reduce((n, tf) => n + Object.keys(tf.resource.kubernetes_manifest ?? {}).length, 0);
      expect(exported).toBe(applied);
    }
  });

  test("writes the policy results of every stack, rendered ones included", () => {
    expect(readdirSync(join(outdir, "policy")).sort()).toEqual(
      ["bootstrap", ...["dev", "prod", "staging"].flatMap((e) => ["aks", "data", "databricks", "k8s-addons", "k8s-config"].map((k) => `${e}-${k}`))].map((s) => `${s}.json`).sort(),
    );
    const dev = JSON.parse(readFileSync(join(outdir, "policy", "dev-data.json"), "utf8"));
    expect(dev).toMatchObject({ stack: "dev-data", violations: [], rulesEvaluated: ALL_RULES.length });
    expect(dev.waived.map((f: any) => f.ruleId).sort()).toEqual(["ADF-001", "DBW-004", "STG-004"]);
  });
});

describe("exported manifests with values known only at apply", () => {
  test("show Terraform references, listed in the header, never unresolved tokens", () => {
    // prod is the environment with DNS-01 (a workload identity's client id); here delivered by Terraform.
    const prod = shippedPlatform.environments.find((e) => e.environment === "prod")!;
    const terraformProd = { ...prod, kubernetes: { ...prod.kubernetes, delivery: "terraform" as const } };
    const out = join(mkdtempSync(join(tmpdir(), "manifests-")), "cdktf.out");
    synthesizeAtomically(out, (app) => addShippedEnvironment(app, terraformProd), { context: { policyDate: "2026-11-26" }, afterSynth: [exportManifests] });
    const text = readFileSync(join(out, "manifests", "prod", "_cluster", "clusterissuer-letsencrypt-prod.yaml"), "utf8");
    expect(text).not.toContain("TfToken");
    expect(text).toContain("# Filled in by Terraform at apply time: spec.acme.solvers[0].dns01.azureDNS.managedIdentity.clientID");
    expect(text).toContain("clientID: ${data.azurerm_user_assigned_identity.CertManagerIdentity.client_id}");
  });
});
