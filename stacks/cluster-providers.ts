import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { EnvironmentConfig } from "../config/schema";
import { warnOptOut } from "../constructs/core/validation";

/** The Entra ID application of the AKS API server (the same in every tenant). */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Construct id of a stack's azurerm provider. */
const AZURERM_PROVIDER_ID = "azurerm";

/**
 * The kubelogin exec plugin: tokens come from Entra ID (local accounts are disabled), from the Azure CLI on a
 * workstation or from workload identity federation in a pipeline (AZURE_CLIENT_ID, AZURE_TENANT_ID and
 * AZURE_FEDERATED_TOKEN_FILE in the environment). No credential is stored in configuration or state.
 */
export function kubeloginExec(mode: EnvironmentConfig["aks"]["kubeloginMode"]) {
  return {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "kubelogin",
    args: ["get-token", "--login", mode, "--server-id", AKS_SERVER_APP_ID],
  };
}

/**
 * The azurerm provider of the stack that holds `scope`, declared on first use. An in-cluster stack that targets a
 * kubeconfig context reads from Azure only what its objects need (the identities' client ids), so the data sources
 * that do ask for the provider: a stack without one declares none.
 */
export function azurermProviderOf(scope: IConstruct, config: EnvironmentConfig): AzurermProvider {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(AZURERM_PROVIDER_ID);
  if (existing instanceof AzurermProvider) return existing;
  return new AzurermProvider(stack, AZURERM_PROVIDER_ID, { features: [{}], subscriptionId: config.subscriptionId, tenantId: config.tenantId });
}

/**
 * Configures the kubernetes and helm providers of a stack that works inside the cluster.
 *
 * By default the target is the environment's AKS cluster: host and CA come from an `azurerm_kubernetes_cluster` data
 * source in this stack (nothing is passed between stacks, no kubeconfig is written), tokens from kubelogin; the
 * cluster must exist, which `<env>-aks` deploys first.
 *
 * With `kubernetes.target.kubeconfig` the providers use that file's context instead (`config_path` and
 * `config_context`), with no cluster data source and no exec plugin, and the stack warns. The providers let the
 * environment win: `KUBE_CONFIG_PATH` and `KUBE_CTX` (kubernetes provider, its kubernetes_manifest included) and
 * `KUBE_CONFIG_PATHS` (helm provider) replace the file and context set here, so the warning names them. The azurerm provider is
 * then declared only by the data sources that still read Azure ({@link azurermProviderOf}).
 */
export function configureClusterProviders(
  stack: TerraformStack,
  config: EnvironmentConfig,
  cluster: { readonly name: string; readonly resourceGroupName: string },
  options: { readonly helm: boolean },
): { kubernetes: KubernetesProvider; helm?: HelmProvider } {
  const kubeconfig = config.kubernetes.target?.kubeconfig;
  if (kubeconfig) {
    const relative = !/^(\/|~)/.test(kubeconfig.path) ? ` (a relative path: Terraform reads it from cdktf.out/stacks/${stack.node.id})` : "";
    warnOptOut(
      stack,
      "kubernetes.target.kubeconfig",
      `the stack targets context ${JSON.stringify(kubeconfig.context)} of kubeconfig ${kubeconfig.path}${relative} instead of the environment's AKS cluster ${cluster.name}, signed in with the file's credentials rather than Entra ID (KUBE_CONFIG_PATH, KUBE_CTX and KUBE_CONFIG_PATHS in the environment override both)`,
    );
    const target = { configPath: kubeconfig.path, configContext: kubeconfig.context };
    return {
      kubernetes: new KubernetesProvider(stack, "kubernetes", target),
      helm: options.helm ? new HelmProvider(stack, "helm", { kubernetes: target }) : undefined,
    };
  }
  azurermProviderOf(stack, config);
  const aks = new DataAzurermKubernetesCluster(stack, "Cluster", { name: cluster.name, resourceGroupName: cluster.resourceGroupName });
  const host = aks.kubeConfig.get(0).host;
  const clusterCaCertificate = Fn.base64decode(aks.kubeConfig.get(0).clusterCaCertificate);
  const exec = kubeloginExec(config.aks.kubeloginMode);
  return {
    kubernetes: new KubernetesProvider(stack, "kubernetes", { host, clusterCaCertificate, exec: [exec] }),
    helm: options.helm ? new HelmProvider(stack, "helm", { kubernetes: { host, clusterCaCertificate, exec } }) : undefined,
  };
}
