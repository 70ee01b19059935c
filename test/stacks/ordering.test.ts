import { AZURERM_REPLACEMENT } from "../../review/replacement";
import { shippedApp } from "./synthesized-app";

/**
 * Proves from the synthesized manifest.json and stack JSON that `cdktf deploy '<env>-*'` can work in one run on an
 * empty subscription: kubernetes_manifest needs a reachable API server and its CRD at plan time, so providers and
 * custom resources must sit in stacks applied after the cluster and the CRDs exist.
 */
const app = shippedApp();
const stacks = Object.keys(app.manifest.stacks);
const environments = [...new Set(stacks.filter((s) => s !== "bootstrap").map((s) => s.split("-")[0]))];

/** API groups whose objects need no CRD. */
const BUILT_IN_GROUPS = new Set([
  "",
  "apps",
  "autoscaling",
  "policy",
  "networking.k8s.io",
  "storage.k8s.io",
  "rbac.authorization.k8s.io",
  "batch",
  "apiextensions.k8s.io",
  "admissionregistration.k8s.io",
]);
const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");

/**
 * The CRD groups each chart installs (from the charts' crds/ and templates). Envoy Gateway's chart still carries
 * the Gateway API bundle, but Helm skips those CRDs: the platform's GatewayApiCrds (CustomResourceDefinition
 * manifests in the same stack) create them first.
 */
const CRD_GROUPS_BY_CHART: Record<string, string[]> = {
  "cert-manager": ["cert-manager.io", "acme.cert-manager.io"],
  "gateway-helm": ["gateway.envoyproxy.io"],
};

/** Groups of the CustomResourceDefinition manifests of a stack. */
const crdManifestGroups = (tf: any): string[] =>
  resourcesOf(tf, "kubernetes_manifest")
    .filter((r) => r.manifest.kind === "CustomResourceDefinition")
    .map((r) => r.manifest.spec.group);

const resourcesOf = (tf: any, type: string): any[] => Object.values(tf.resource?.[type] ?? {});

describe("stack ordering", () => {
  test("bootstrap stands alone: no stack depends on it and it depends on none (it is applied once, by hand)", () => {
    expect(app.manifest.stacks.bootstrap.dependencies).toEqual([]);
    expect(stacks.filter((s) => app.manifest.stacks[s].dependencies.includes("bootstrap"))).toEqual([]);
  });

  test("every environment has the five stacks; a Flux environment's in-cluster stacks are rendered, not applied", () => {
    expect(environments.sort()).toEqual(["dev", "prod", "staging"]);
    for (const env of environments) {
      expect(
        Object.keys(app.allStacks)
          .filter((s) => s.startsWith(`${env}-`))
          .sort(),
      ).toEqual([`${env}-aks`, `${env}-data`, `${env}-databricks`, `${env}-k8s-addons`, `${env}-k8s-config`]);
    }
    expect(Object.keys(app.rendered.stacks).sort()).toEqual(["prod-k8s-addons", "prod-k8s-config"]);
    expect(stacks.filter((s) => s.startsWith("prod-"))).not.toContain("prod-k8s-addons");
  });

  test.each(stacks)("%s: no databricks provider next to an azurerm_databricks_workspace", (name) => {
    const tf = app.stack(name);
    if (resourcesOf(tf, "azurerm_databricks_workspace").length === 0) return;
    expect(Object.keys(tf.provider ?? {})).not.toContain("databricks");
  });

  test.each(environments)("%s: the databricks stack comes after the data stack and reads the workspace it created", (env) => {
    expect(app.manifest.stacks[`${env}-databricks`].dependencies).toContain(`${env}-data`);
    const data = app.stack(`${env}-data`);
    const databricks = app.stack(`${env}-databricks`);
    const [group] = resourcesOf(data, "azurerm_resource_group");
    const [workspace] = resourcesOf(data, "azurerm_databricks_workspace");
    const [lookup] = Object.values<any>(databricks.data.azurerm_databricks_workspace);
    expect(lookup).toMatchObject({ name: workspace.name, resource_group_name: group.name });
    const [identity] = resourcesOf(data, "azurerm_user_assigned_identity");
    expect(Object.values<any>(databricks.data.azurerm_user_assigned_identity)[0]).toMatchObject({ name: identity.name, resource_group_name: group.name });
    const [connector] = resourcesOf(data, "azurerm_databricks_access_connector");
    expect(Object.values<any>(databricks.data.azurerm_databricks_access_connector)[0]).toMatchObject({ name: connector.name, resource_group_name: group.name });
    // Every Databricks resource is planned by the provider configured from that lookup.
    const [provider] = databricks.provider.databricks;
    expect(provider.host).toMatch(/^https:\/\/\$\{data\.azurerm_databricks_workspace\.[^.]+\.workspace_url\}$/);
  });

  test.each(stacks)("%s: no kubernetes or helm provider next to an azurerm_kubernetes_cluster", (name) => {
    const tf = app.stack(name);
    if (resourcesOf(tf, "azurerm_kubernetes_cluster").length === 0) return;
    expect(Object.keys(tf.provider ?? {})).not.toContain("kubernetes");
    expect(Object.keys(tf.provider ?? {})).not.toContain("helm");
  });

  test.each(stacks)("%s: no custom resource in the same stack as the Helm release that installs its CRD", (name) => {
    const tf = app.stack(name);
    const crdGroupsHere = [
      ...resourcesOf(tf, "helm_release").flatMap((r) => {
        expect(Object.keys(CRD_GROUPS_BY_CHART)).toContain(r.chart);
        return CRD_GROUPS_BY_CHART[r.chart];
      }),
      ...crdManifestGroups(tf),
    ];
    const customResources = resourcesOf(tf, "kubernetes_manifest").filter((r) => !BUILT_IN_GROUPS.has(groupOf(r.manifest.apiVersion)));
    for (const r of customResources) expect(crdGroupsHere).not.toContain(groupOf(r.manifest.apiVersion));
    // Stricter: a stack with Helm releases holds no custom resource at all.
    if (crdGroupsHere.length > 0) expect(customResources).toEqual([]);
  });

  test.each(environments)("%s: each k8s stack depends on the stack before it", (env) => {
    const deps = (s: string) => app.allStacks[`${env}-${s}`].dependencies;
    expect(deps("aks")).toContain(`${env}-data`);
    expect(deps("k8s-addons")).toContain(`${env}-aks`);
    expect(deps("k8s-config")).toContain(`${env}-k8s-addons`);
  });

  test.each(environments)("%s: the CRDs the config stack needs are installed by the addons stack", (env) => {
    const addons = app.stack(`${env}-k8s-addons`);
    // AKS's Key Vault secrets provider add-on (key_vault_secrets_provider on the cluster) installs the SecretProviderClass CRD.
    const fromAks = resourcesOf(app.stack(`${env}-aks`), "azurerm_kubernetes_cluster").some((c) => c.key_vault_secrets_provider)
      ? ["secrets-store.csi.x-k8s.io"]
      : [];
    const installed = [...resourcesOf(addons, "helm_release").flatMap((r) => CRD_GROUPS_BY_CHART[r.chart]), ...crdManifestGroups(addons), ...fromAks];
    expect(crdManifestGroups(addons)).toContain("gateway.networking.k8s.io");
    const needed = resourcesOf(app.stack(`${env}-k8s-config`), "kubernetes_manifest")
      .map((r) => groupOf(r.manifest.apiVersion))
      .filter((g) => !BUILT_IN_GROUPS.has(g));
    expect(needed.length).toBeGreaterThan(0);
    for (const group of needed) expect(installed).toContain(group);
  });

  test.each(Object.keys(app.allStacks))("%s: outputs no kubeconfig or admin credential", (name) => {
    const text = JSON.stringify(app.stack(name));
    expect(text).not.toMatch(/"(kube_admin_config|kube_config_raw|client_key|client_certificate|password)"\s*:/);
    expect(text).not.toMatch(/kube_admin_config/);
  });

  test("the review's replacement table knows every azurerm resource type the stacks deploy", () => {
    const types = new Set(Object.keys(app.allStacks).flatMap((name) => Object.keys(app.stack(name).resource ?? {}).filter((t) => t.startsWith("azurerm_"))));
    expect([...types].filter((t) => !AZURERM_REPLACEMENT.types[t]).sort()).toEqual([]);
  });

  test.each(environments.filter((e) => stacks.includes(`${e}-k8s-config`)))(
    "%s: a workload depends on what its pods need from the same stack (ServiceAccount, SecretProviderClass, StorageClass of its claims)",
    (env) => {
      const tf = app.stack(`${env}-k8s-config`);
      const entries = Object.entries<any>(tf.resource.kubernetes_manifest);
      const addressOf = (kind: string, name: string, namespace?: string) =>
        entries.find(
          ([, r]) => r.manifest.kind === kind && r.manifest.metadata.name === name && (namespace === undefined || r.manifest.metadata.namespace === namespace),
        )?.[0];
      let checked = 0;
      for (const [, r] of entries.filter(([, r]) => ["Deployment", "StatefulSet"].includes(r.manifest.kind))) {
        const { metadata, spec } = r.manifest;
        const needs = [
          addressOf("ServiceAccount", spec.template.spec.serviceAccountName, metadata.namespace),
          ...(spec.template.spec.volumes ?? [])
            .map((v: any) => v.csi?.volumeAttributes?.secretProviderClass)
            .filter(Boolean)
            .map((n: string) => addressOf("SecretProviderClass", n, metadata.namespace)),
          ...(spec.volumeClaimTemplates ?? []).map((c: any) => addressOf("StorageClass", c.spec.storageClassName)),
        ].filter((a): a is string => a !== undefined);
        for (const a of needs)
          expect({ workload: metadata.name, dependsOn: r.depends_on ?? [] }).toEqual({
            workload: metadata.name,
            dependsOn: expect.arrayContaining([`kubernetes_manifest.${a}`]),
          });
        checked += needs.length;
      }
      expect(checked).toBeGreaterThanOrEqual(5);
    },
  );
});
