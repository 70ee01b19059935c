import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { Construct } from "constructs";
import { BootstrapConfig } from "../config/bootstrap-schema";
import { EnvironmentConfig } from "../config/schema";
import { FLUX_VARIABLES } from "../constructs/aks/flux-gitops";
import { azurermProviderOf } from "./cluster-providers";

/**
 * Where a Flux environment's rendered folder lives: a container of the bootstrap stack's GitOps account. The
 * deploy workflow publishes `cdktf.out/gitops/<env>` there; the cluster's Flux configuration pulls it.
 */
export interface GitopsSource {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Resource Manager id of the container: the scope of its role assignments. */
  readonly containerId: string;
  /** The container's blob URL, which Flux's blob_storage source takes as `container_id`. */
  readonly url: string;
}

/** The container of an environment: `gitops-<env>`. */
export const gitopsContainerName = (environment: string) => `gitops-${environment}`;

/** The GitOps source of an environment, or undefined when the bootstrap config has no `gitops` account. */
export function gitopsSource(bootstrap: BootstrapConfig | undefined, environment: string): GitopsSource | undefined {
  if (!bootstrap?.gitops) return undefined;
  const { subscriptionId } = bootstrap;
  const { resourceGroupName } = bootstrap.state;
  const { storageAccountName } = bootstrap.gitops;
  const containerName = gitopsContainerName(environment);
  return {
    subscriptionId,
    resourceGroupName,
    storageAccountName,
    containerName,
    containerId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${storageAccountName}/blobServices/default/containers/${containerName}`,
    url: `https://${storageAccountName}.blob.core.windows.net/${containerName}`,
  };
}

/** `${NAME}`: a Flux post-build variable, as it appears in a rendered object. */
export const fluxVariable = (name: string) => `\${${name}}`;

/** Where `<env>-aks` creates cert-manager's workload identity: what the in-cluster stacks read it by. */
export interface CertManagerIdentityRef {
  readonly name: string;
  readonly resourceGroupName: string;
}

/**
 * cert-manager's workload identity client id, as the in-cluster objects carry it: read from Azure by the stack that
 * applies them (Terraform delivery), or the Flux variable the cluster's Flux configuration fills in (Flux delivery).
 */
export function certManagerClientId(scope: Construct, config: EnvironmentConfig, identity: CertManagerIdentityRef): string {
  if (config.kubernetes.delivery === "flux") return fluxVariable(FLUX_VARIABLES.certManagerClientId);
  azurermProviderOf(scope, config);
  return new DataAzurermUserAssignedIdentity(scope, "CertManagerIdentity", { name: identity.name, resourceGroupName: identity.resourceGroupName }).clientId;
}
