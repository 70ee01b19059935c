import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { FLUX_LAYERS, FLUX_NAMESPACE, FLUX_VARIABLES, workloadClientIdVariable } from "../../constructs/aks/flux-gitops";
import { fluxModels } from "../../constructs/kubernetes/flux-models";
import { KubeManifest } from "../../constructs/kubernetes/kube-object";
import { fluxVariables } from "../../stacks/flux-rendering";
import { shippedApp } from "./synthesized-app";

const app = shippedApp();
const root = join(app.outdir, "gitops", "prod");
const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml")).sort();
const read = (file: string) => readFileSync(join(root, file), "utf8");
const objects = files.map((file) => ({ file, layer: file.split("/")[0], manifest: parse(read(file)) as KubeManifest }));
const manifestsOf = (stack: string): KubeManifest[] => Object.values<any>(app.stack(stack).resource?.kubernetes_manifest ?? {}).map((r) => r.manifest);
const key = (m: KubeManifest) => `${m.apiVersion}/${m.kind}/${m.metadata.namespace ?? ""}/${m.metadata.name}`;

describe("the rendered Flux folder of prod (cdktf.out/gitops/prod)", () => {
  test("has one folder per layer, as the cluster's Flux configuration applies them", () => {
    expect(readdirSync(root).sort()).toEqual(Object.keys(FLUX_LAYERS).sort());
    const aks = app.stack("prod-aks");
    const [configuration] = Object.values<any>(aks.resource.azurerm_kubernetes_flux_configuration);
    expect(configuration.kustomizations.map((k: any) => [k.name, k.path, k.depends_on])).toEqual([
      ["crds", "./crds", []],
      ["controllers", "./controllers", ["crds"]],
      ["config", "./config", ["controllers"]],
    ]);
  });

  test("holds exactly the objects of the rendered stacks: CRDs first, then the add-ons' objects, then the config's", () => {
    const addons = manifestsOf("prod-k8s-addons");
    const config = manifestsOf("prod-k8s-config");
    const byLayer = (layer: string) =>
      objects
        .filter((o) => o.layer === layer && o.manifest.metadata.namespace !== FLUX_NAMESPACE)
        .map((o) => key(o.manifest))
        .sort();
    expect(byLayer("crds")).toEqual(
      addons
        .filter((m) => m.kind === "CustomResourceDefinition")
        .map(key)
        .sort(),
    );
    expect(byLayer("controllers")).toEqual(
      addons
        .filter((m) => m.kind !== "CustomResourceDefinition")
        .map(key)
        .sort(),
    );
    expect(byLayer("config")).toEqual(config.map(key).sort());
    expect(objects.find((o) => o.manifest.kind === "Deployment" && o.manifest.metadata.name === "frontend")?.manifest).toEqual(
      config.find((m) => m.kind === "Deployment" && m.metadata.name === "frontend"),
    );
  });

  test("the Helm releases become OCIRepository + HelmRelease in Flux's namespace, with the pinned versions and the same values", () => {
    const releases = Object.values<any>(app.stack("prod-k8s-addons").resource.helm_release);
    const flux = objects.filter((o) => o.manifest.metadata.namespace === FLUX_NAMESPACE);
    expect(flux.every((o) => o.layer === "controllers")).toBe(true);
    expect(flux.map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`).sort()).toEqual(
      releases.flatMap((r) => [`HelmRelease/${r.name}`, `OCIRepository/${r.name}`]).sort(),
    );
    for (const r of releases) {
      const hr = flux.find((o) => o.manifest.kind === "HelmRelease" && o.manifest.metadata.name === r.name)!.manifest as any;
      const source = flux.find((o) => o.manifest.kind === "OCIRepository" && o.manifest.metadata.name === r.name)!.manifest as any;
      expect(source.spec).toMatchObject({ url: `${r.repository}/${r.chart}`, ref: { tag: r.version } });
      expect(hr.spec).toMatchObject({
        releaseName: r.name,
        targetNamespace: r.namespace,
        storageNamespace: r.namespace,
        chartRef: { kind: "OCIRepository", name: r.name },
      });
      expect(hr.spec.values).toEqual(r.values.reduce((acc: any, v: string) => ({ ...acc, ...parse(v) }), {}));
      expect(hr.spec.upgrade.crds).toBe("Skip");
    }
  });

  test("every object validates against its schema (Flux objects against the Flux CRD schemas)", () => {
    const { HelmRelease, OCIRepository } = fluxModels();
    for (const { manifest } of objects) {
      if (manifest.kind === "HelmRelease") new HelmRelease(manifest as never).validate();
      if (manifest.kind === "OCIRepository") new OCIRepository(manifest as never).validate();
    }
    expect(objects.filter((o) => o.manifest.kind === "HelmRelease")).toHaveLength(2);
  });

  test("values only Azure knows are Flux variables the configuration substitutes, named in the file's header", () => {
    const aks = app.stack("prod-aks");
    const [configuration] = Object.values<any>(aks.resource.azurerm_kubernetes_flux_configuration);
    const substituted = (layer: string) => Object.keys(configuration.kustomizations.find((k: any) => k.name === layer).post_build?.substitute ?? {});
    const used = objects.filter((o) => read(o.file).includes("${"));
    expect(used.map((o) => relative(root, join(root, o.file))).sort()).toEqual([
      "config/_cluster/clusterissuer-letsencrypt-prod.yaml",
      "config/_cluster/clusterissuer-letsencrypt-staging.yaml",
      "config/shop/cronjob-database-backup.yaml",
      "config/shop/secretproviderclass-database-keyvault.yaml",
      "controllers/flux-system/helmrelease-cert-manager.yaml",
    ]);
    for (const o of used) {
      const variables = fluxVariables(o.manifest, o.file);
      expect(variables).toEqual([o.file.includes("/shop/") ? workloadClientIdVariable("shop", "database") : FLUX_VARIABLES.certManagerClientId]);
      for (const v of variables) expect(substituted(o.layer)).toContain(v);
      expect(read(o.file)).toContain(`# Filled in by the cluster's Flux configuration (post-build substitution): ${variables.join(", ")}`);
    }
  });

  test("fails on a ${...} that Flux would replace with an empty string", () => {
    const manifest = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "${HOME}" } } as KubeManifest;
    expect(() => fluxVariables(manifest, "prod-k8s-config/X")).toThrow(
      "prod-k8s-config/X: ConfigMap x contains ${HOME}, which Flux's post-build substitution would replace with an empty string. Fix: use a variable of FLUX_VARIABLES (CERT_MANAGER_CLIENT_ID) or WORKLOAD_CLIENT_ID_<APP>_<WORKLOAD>, or escape it as $${...}.",
    );
    expect(fluxVariables({ ...manifest, data: { a: "$${HOME}" } } as KubeManifest, "x")).toEqual([]);
  });

  test("the source file names the container the deploy workflow publishes to", () => {
    expect(JSON.parse(readFileSync(join(app.outdir, "gitops", "prod.source.json"), "utf8"))).toMatchObject({
      storageAccountName: "stmedalgitopsweu",
      containerName: "gitops-prod",
      url: "https://stmedalgitopsweu.blob.core.windows.net/gitops-prod",
    });
  });

  test("Terraform-delivered environments have no folder; the Flux environment's in-cluster stacks are not Terraform stacks", () => {
    expect(readdirSync(join(app.outdir, "gitops")).sort()).toEqual(["prod", "prod.source.json"]);
    expect(Object.keys(app.manifest.stacks)).not.toContain("prod-k8s-config");
    expect(Object.keys(app.manifest.stacks)).toContain("dev-k8s-config");
  });
});
