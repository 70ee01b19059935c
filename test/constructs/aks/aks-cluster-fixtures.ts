import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AksCluster, AksClusterProps } from "../../../constructs/aks/aks-cluster";

export const LAW_ID = "/subscriptions/0000/resourceGroups/rg-obs/providers/Microsoft.OperationalInsights/workspaces/law";
export const SUBNET_SYSTEM = "/subscriptions/0000/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-aks-system";
export const SUBNET_USER = "/subscriptions/0000/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-aks-user";
export const TENANT = "11111111-1111-1111-1111-111111111111";
export const ADMINS = "22222222-2222-2222-2222-222222222222";

export const baseProps: AksClusterProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  name: "aks-platform-dev",
  dnsPrefix: "aks-platform-dev",
  kubernetesVersion: "1.36",
  tenantId: TENANT,
  adminGroupObjectIds: [ADMINS],
  nodeSubnets: { system: { id: SUBNET_SYSTEM, name: "snet-aks-system" }, user: { id: SUBNET_USER, name: "snet-aks-user" } },
  network: { podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" },
  apiServer: { publicNetworkAccess: false },
  systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, maxPods: 110, subnet: "system" },
  logAnalyticsWorkspaceId: LAW_ID,
};

export function build(props: Partial<AksClusterProps> = {}, extra?: (aks: AksCluster, scope: Construct) => void): { out: string; aks: AksCluster } {
  let aks: AksCluster | undefined;
  const out = Testing.synthScope((scope) => {
    aks = new AksCluster(scope, "Aks", { ...baseProps, ...props });
    extra?.(aks, scope);
  });
  return { out, aks: aks as AksCluster };
}

export function synth(props: Partial<AksClusterProps> = {}): string {
  return build(props).out;
}

/** All resources of `type` in the synthesized JSON. */
export function resources(out: string, type: string): Record<string, any>[] {
  return Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, any>[];
}

/** The only resource of `type` in the synthesized JSON. */
export function single(out: string, type: string): Record<string, any> {
  const all = resources(out, type);
  expect(all).toHaveLength(1);
  return all[0];
}

/** The synthesized cluster. */
export function cluster(out: string): Record<string, any> {
  return single(out, "azurerm_kubernetes_cluster");
}

export function warnings(aks: AksCluster): string[] {
  return aks.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}
