/**
 * A cluster only, as another repository builds it with this package: one stack with the cluster's network (node
 * subnets with their NSGs), a private AKS cluster with a user node pool, Container Insights and diagnostics to its
 * Log Analytics workspace, the restricted pod security initiative and the allowed-images policy, with the mandatory
 * tags and the policy pack. Run it with `npx tsx examples/cluster/main.ts [outdir]`.
 */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import {
  ActivityLogExport,
  AKS_DEFAULT_KUBERNETES_VERSION,
  AksCluster,
  AksNetwork,
  AllowedImagesPolicy,
  LogAnalytics,
  PodSecurityInitiative,
  PolicyAspect,
  TaggingAspect,
} from "azure-platform-iac";

const TENANT_ID = "00000000-0000-0000-0000-00000000000a";
const SUBSCRIPTION_ID = "00000000-0000-0000-0000-00000000000b";
const LOCATION = "westeurope";
/** The Entra group whose members administer the cluster (Azure RBAC for Kubernetes; local accounts are off). */
const CLUSTER_ADMINS = "00000000-0000-0000-0000-000000000002";
/** The organisation's registry, the only source of images the policy admits. */
const REGISTRY = "crexampleshared.azurecr.io";

/** Builds the cluster's app into `outdir` and synthesizes it; the policy pack refuses the synth on a finding. */
export function synthCluster(outdir: string): App {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "example-aks");
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION_ID, tenantId: TENANT_ID });
  Aspects.of(stack).add(new TaggingAspect({ environment: "dev", owner: "platform-team", costCenter: "cc-1234" }));
  Aspects.of(stack).add(new PolicyAspect({ environment: "dev", production: false }));

  const rg = new ResourceGroup(stack, "ResourceGroup", { name: "rg-example-aks", location: LOCATION });
  const placement = { resourceGroupName: rg.name, location: LOCATION };
  const logs = new LogAnalytics(stack, "LogAnalytics", { ...placement, name: "log-example-aks" });
  new ActivityLogExport(stack, "ActivityLog", { subscriptionId: SUBSCRIPTION_ID, workspaceId: logs.id });
  const diagnosticSettings = { logs: { workspaceId: logs.id } };
  const network = new AksNetwork(stack, "Network", {
    ...placement,
    name: "vnet-example-aks",
    addressSpace: "10.20.0.0/16",
    nodeSubnets: { system: "10.20.0.0/22", user: "10.20.4.0/22" },
    diagnosticSettings,
  });
  const cluster = new AksCluster(stack, "Cluster", {
    ...placement,
    name: "aks-example",
    dnsPrefix: "aks-example",
    kubernetesVersion: AKS_DEFAULT_KUBERNETES_VERSION,
    tenantId: TENANT_ID,
    adminGroupObjectIds: [CLUSTER_ADMINS],
    nodeSubnets: network.nodeSubnets,
    network: { podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIp: "10.0.0.10" },
    apiServer: { publicNetworkAccess: false },
    systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, maxPods: 110, subnet: "system" },
    userPools: { apps: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3, maxPods: 110, subnet: "user" } },
    logAnalyticsWorkspaceId: logs.id,
    diagnosticSettings,
  });
  // The Azure Policy add-on evaluates the restricted pod security initiative and reports images from other registries.
  new PodSecurityInitiative(stack, "PodSecurity", { cluster });
  new AllowedImagesPolicy(stack, "AllowedImages", { cluster, registries: [REGISTRY] });
  new TerraformOutput(stack, "cluster_name", { value: cluster.name });
  new TerraformOutput(stack, "oidc_issuer_url", { value: cluster.oidcIssuerUrl });
  app.synth();
  return app;
}

if (require.main === module) synthCluster(process.argv[2] ?? "examples/cluster/cdktf.out");
