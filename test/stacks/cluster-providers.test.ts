import { App, Testing } from "cdktf";
import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentStacks } from "../../stacks/environment";
import { errors, warnings } from "../../stacks/synthesize";
import { devWith, SHIPPED_CONFIG_DIR } from "../config/config-fixtures";
import { addShippedEnvironment } from "./shipped-platform";

/** dev's stacks (as `npm run synth` builds them) from the shipped file changed by `mutate`, with their app. */
function devStacks(mutate?: (c: Record<string, any>) => void): { app: App; stacks: EnvironmentStacks } {
  const [config] = loadEnvironmentConfigs(mutate ? devWith(mutate) : SHIPPED_CONFIG_DIR).filter((c) => c.environment === "dev");
  const app = Testing.app({ stackTraces: false });
  return { app, stacks: addShippedEnvironment(app, config) };
}

const kubeconfig = { path: "/home/ci/.kube/kind.yaml", context: "kind-dev" };
/** The warning lines about the target, one per in-cluster stack that carries one. */
const targetWarnings = (app: App) => warnings(app).filter((l) => l.includes("kubernetes.target"));

describe("in-cluster providers", () => {
  // Built and synthesized (with validations) once per scenario: the tests only read them.
  const synthOf = (stacks: EnvironmentStacks) => ({ k8sAddons: Testing.synth(stacks.k8sAddons, true), k8sConfig: Testing.synth(stacks.k8sConfig, true) });
  let aks: ReturnType<typeof devStacks>, kind: ReturnType<typeof devStacks>;
  let aksOut: ReturnType<typeof synthOf>, kindOut: ReturnType<typeof synthOf>;
  beforeAll(() => {
    aks = devStacks();
    kind = devStacks((c) => (c.kubernetes.target = { kubeconfig }));
    aksOut = synthOf(aks.stacks);
    kindOut = synthOf(kind.stacks);
  });

  test("defaults: both stacks read host and CA from the AKS data source and log in with kubelogin, without a target warning", () => {
    for (const out of [aksOut.k8sAddons, aksOut.k8sConfig]) {
      expect(out).toHaveDataSourceWithProperties(DataAzurermKubernetesCluster, { name: "aks-medal-dev-weu" });
      expect(out).toHaveProviderWithProperties(KubernetesProvider, { exec: [expect.objectContaining({ command: "kubelogin" })] });
      expect(out).toHaveProvider(AzurermProvider);
      expect(JSON.parse(out).provider.kubernetes[0].config_path).toBeUndefined();
    }
    expect(JSON.parse(aksOut.k8sAddons).provider.helm[0].kubernetes).toMatchObject({
      host: "${data.azurerm_kubernetes_cluster.Cluster.kube_config[0].host}",
      exec: { command: "kubelogin" },
    });
    expect(targetWarnings(aks.app)).toEqual([]);
  });

  test("a kubeconfig target: the kubernetes provider takes config_path and config_context only", () => {
    for (const out of [kindOut.k8sAddons, kindOut.k8sConfig]) {
      expect(JSON.parse(out).provider.kubernetes).toEqual([{ config_path: kubeconfig.path, config_context: kubeconfig.context }]);
    }
  });

  test("a kubeconfig target: the helm provider's kubernetes object takes config_path and config_context only", () => {
    expect(JSON.parse(kindOut.k8sAddons).provider.helm).toEqual([{ kubernetes: { config_path: kubeconfig.path, config_context: kubeconfig.context } }]);
    expect(kindOut.k8sConfig).not.toHaveProvider(HelmProvider);
  });

  test("a kubeconfig target: no AKS data source named Cluster and no kubelogin exec in either stack", () => {
    for (const out of [kindOut.k8sAddons, kindOut.k8sConfig]) {
      expect(out).not.toHaveDataSource(DataAzurermKubernetesCluster);
      expect(JSON.parse(out).data?.azurerm_kubernetes_cluster?.Cluster).toBeUndefined();
      expect(out).not.toMatch(/kubelogin|"exec"/);
    }
  });

  test("a kubeconfig target: azurerm stays only where identities are still read from Azure", () => {
    // dev has no aks.dnsZone: k8s-addons reads nothing from Azure, so it declares no azurerm provider.
    expect(kindOut.k8sAddons).not.toHaveProvider(AzurermProvider);
    expect(JSON.parse(kindOut.k8sAddons).data).toBeUndefined();
    // k8s-config reads the database workload's identity (its Key Vault secrets) from <env>-aks.
    expect(kindOut.k8sConfig).toHaveProviderWithProperties(AzurermProvider, { subscription_id: "11111111-1111-1111-1111-111111111111" });
    expect(kindOut.k8sConfig).toHaveDataSourceWithProperties(DataAzurermUserAssignedIdentity, { name: expect.stringContaining("database") });
  });

  test("a kubeconfig target with aks.dnsZone: k8s-addons declares azurerm for cert-manager's identity", () => {
    const { stacks } = devStacks((c) => {
      c.kubernetes.target = { kubeconfig };
      c.aks.dnsZone = { name: "contoso.com", resourceGroupName: "rg-dns-dev" };
    });
    const out = Testing.synth(stacks.k8sAddons, true);
    expect(out).toHaveProvider(AzurermProvider);
    expect(JSON.parse(out).data.azurerm_user_assigned_identity.CertManagerIdentity).toBeDefined();
    expect(out).not.toHaveDataSource(DataAzurermKubernetesCluster);
  });

  test("a kubeconfig target warns in each in-cluster stack that it does not target the environment's AKS cluster", () => {
    expect(targetWarnings(kind.app)).toEqual([
      `WARNING dev-k8s-addons: kubernetes.target.kubeconfig opts out of a secure default: the stack targets context "kind-dev" of kubeconfig ${kubeconfig.path} instead of the environment's AKS cluster aks-medal-dev-weu, signed in with the file's credentials rather than Entra ID (KUBE_CONFIG_PATH, KUBE_CTX and KUBE_CONFIG_PATHS in the environment override both) [opt-out K8sAddonsStack.kubernetes.target.kubeconfig]`,
      `WARNING dev-k8s-config: kubernetes.target.kubeconfig opts out of a secure default: the stack targets context "kind-dev" of kubeconfig ${kubeconfig.path} instead of the environment's AKS cluster aks-medal-dev-weu, signed in with the file's credentials rather than Entra ID (KUBE_CONFIG_PATH, KUBE_CTX and KUBE_CONFIG_PATHS in the environment override both) [opt-out K8sConfigStack.kubernetes.target.kubeconfig]`,
    ]);
  });

  test("a kubeconfig target raises no policy error in the in-cluster stacks", () => {
    expect(errors(kind.app).filter((l) => /^dev-k8s-/.test(l))).toEqual([]);
  });

  test("a relative kubeconfig path: the warning says Terraform reads it from the stack's working directory", () => {
    const { app } = devStacks((c) => (c.kubernetes.target = { kubeconfig: { path: "kind.yaml", context: "kind-dev" } }));
    expect(targetWarnings(app)).toEqual([
      expect.stringContaining("kubeconfig kind.yaml (a relative path: Terraform reads it from cdktf.out/stacks/dev-k8s-addons)"),
      expect.stringContaining("kubeconfig kind.yaml (a relative path: Terraform reads it from cdktf.out/stacks/dev-k8s-config)"),
    ]);
  });
});

describe("kubernetes.charts", () => {
  test("both platform charts come from the configured mirror, at their pinned versions", () => {
    const { stacks } = devStacks((c) => (c.kubernetes.charts = { repository: "oci://acrmedaldevweuba24.azurecr.io/helm" }));
    const releases = Object.values<any>(JSON.parse(Testing.synth(stacks.k8sAddons)).resource.helm_release);
    expect(releases.map((r) => [r.repository, r.chart, r.version])).toEqual([
      ["oci://acrmedaldevweuba24.azurecr.io/helm", "cert-manager", "v1.21.2"],
      ["oci://acrmedaldevweuba24.azurecr.io/helm", "gateway-helm", "v1.9.1"],
    ]);
  });

  test("from a folder: the packages helm pull writes, no repository", () => {
    const { stacks } = devStacks((c) => (c.kubernetes.charts = { folder: "/opt/charts" }));
    const releases = Object.values<any>(JSON.parse(Testing.synth(stacks.k8sAddons)).resource.helm_release);
    expect(releases.map((r) => [r.repository, r.chart])).toEqual([
      [undefined, "/opt/charts/cert-manager-v1.21.2.tgz"],
      [undefined, "/opt/charts/gateway-helm-v1.9.1.tgz"],
    ]);
  });
});
