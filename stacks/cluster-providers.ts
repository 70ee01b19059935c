import { DataAzurermKubernetesCluster } from "@cdktf/provider-azurerm/lib/data-azurerm-kubernetes-cluster";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../config/schema";

/** The Entra ID application of the AKS API server (the same in every tenant). */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

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
 * Configures the kubernetes and helm providers of a stack that works inside the cluster. Host and CA come from an
 * `azurerm_kubernetes_cluster` data source in this stack (nothing is passed between stacks, no kubeconfig is
 * written); the cluster must exist, which `<env>-aks` deploys first.
 */
export function configureClusterProviders(
  stack: TerraformStack,
  config: EnvironmentConfig,
  cluster: { readonly name: string; readonly resourceGroupName: string },
  options: { readonly helm: boolean },
): { kubernetes: KubernetesProvider; helm?: HelmProvider } {
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: config.subscriptionId, tenantId: config.tenantId });
  const aks = new DataAzurermKubernetesCluster(stack, "Cluster", { name: cluster.name, resourceGroupName: cluster.resourceGroupName });
  const host = aks.kubeConfig.get(0).host;
  const clusterCaCertificate = Fn.base64decode(aks.kubeConfig.get(0).clusterCaCertificate);
  const exec = kubeloginExec(config.aks.kubeloginMode);
  return {
    kubernetes: new KubernetesProvider(stack, "kubernetes", { host, clusterCaCertificate, exec: [exec] }),
    helm: options.helm ? new HelmProvider(stack, "helm", { kubernetes: { host, clusterCaCertificate, exec } }) : undefined,
  };
}
