import { DataAzurermUserAssignedIdentity } from "@cdktf/provider-azurerm/lib/data-azurerm-user-assigned-identity";
import { Construct } from "constructs";
import { ResourceNames } from "../config/naming";
import { EnvironmentConfig } from "../config/schema";
import { workloadClientIdVariable } from "../constructs/aks/flux-gitops";
import { WorkloadKeyVault } from "../constructs/aks/workload-key-vault";
import { KeyVaultSecretFiles } from "../constructs/kubernetes/secret-provider-class";
import { azurermProviderOf } from "./cluster-providers";
import { fluxVariable } from "./gitops-source";

/**
 * Application workloads that read Key Vault secrets (`kubernetes.apps.<app>.workloads.<w>.keyVaultSecrets`): each
 * gets a vault and an identity of its own in `<env>-aks`, and a SecretProviderClass that mounts the files in
 * `<env>-k8s-config`. Both stacks derive the names from the same config.
 */
export interface WorkloadSecrets {
  readonly app: string;
  readonly namespace: string;
  readonly workload: string;
  readonly files: Readonly<Record<string, string>>;
  readonly vaultName: string;
  readonly identityName: string;
}

/** Every workload of the environment that reads Key Vault secrets. */
export function workloadSecrets(config: EnvironmentConfig): WorkloadSecrets[] {
  const names = new ResourceNames(config);
  return Object.entries(config.kubernetes.apps).flatMap(([app, a]) =>
    Object.entries(a.workloads)
      .filter(([, w]) => Object.keys(w.keyVaultSecrets).length > 0)
      .map(([workload, w]) => ({
        app,
        namespace: a.namespace,
        workload,
        files: w.keyVaultSecrets,
        vaultName: names.workloadKeyVault(app, workload),
        identityName: names.workloadIdentity(app, workload),
      })),
  );
}

/**
 * What the workloads of application `app` mount (vault, tenant, client id), by workload name. The client id is read
 * from Azure (a data source) when Terraform applies the objects, or a Flux variable the cluster's configuration
 * fills in.
 */
export function keyVaultAccess(scope: Construct, config: EnvironmentConfig, app: string): Record<string, Omit<KeyVaultSecretFiles, "files">> {
  const resourceGroupName = new ResourceNames(config).aksNames().clusterResourceGroup;
  const identityClientId = (w: WorkloadSecrets): string => {
    azurermProviderOf(scope, config);
    return new DataAzurermUserAssignedIdentity(scope, `WorkloadIdentity-${w.app}-${w.workload}`, { name: w.identityName, resourceGroupName }).clientId;
  };
  return Object.fromEntries(
    workloadSecrets(config)
      .filter((w) => w.app === app)
      .map((w) => [
        w.workload,
        {
          keyVaultName: w.vaultName,
          tenantId: config.tenantId,
          clientId: config.kubernetes.delivery === "flux" ? fluxVariable(workloadClientIdVariable(w.app, w.workload)) : identityClientId(w),
        },
      ]),
  );
}

/** The Flux variables of the workloads' client ids, for the cluster's Flux configuration. */
export function workloadClientIdVariables(vaults: Record<string, WorkloadKeyVault>, secrets: WorkloadSecrets[]): Record<string, string> {
  return Object.fromEntries(secrets.map((w) => [workloadClientIdVariable(w.app, w.workload), vaults[`${w.app}/${w.workload}`].identity.clientId]));
}
