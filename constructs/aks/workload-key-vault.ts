import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { DiagnosticSettingsProps, LockProps, ResourcePlacement, SinglePrivateEndpoint } from "../core/interfaces";
import { grantRole } from "../core/role-assignments";
import { KeyVault } from "../security/key-vault";
import { WorkloadIdentity } from "./workload-identity";

/** The tag that marks a vault as one workload's: KV-004 accepts a secrets-reading role on such a vault's scope. */
export const DEDICATED_VAULT_TAG = "dedicated-to";

/** Props of {@link WorkloadKeyVault}. */
export interface WorkloadKeyVaultProps extends ResourcePlacement {
  /** Name of the vault (3-24 characters, globally unique). */
  readonly vaultName: string;
  /** Name of the workload's user-assigned identity. */
  readonly identityName: string;
  readonly tenantId: string;
  /** OIDC issuer of the cluster the workload runs in. */
  readonly oidcIssuerUrl: string;
  /** Namespace and ServiceAccount of the workload (the identity's federated subject). */
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The private endpoint: a subnet of the cluster's network and the `privatelink.vaultcore.azure.net` zone. */
  readonly privateEndpoint: SinglePrivateEndpoint;
  /**
   * Days a deleted vault or secret can be recovered (7-90). The vault's name stays taken that long after a destroy.
   * @default 90
   */
  readonly softDeleteRetentionInDays?: number;
  /** @default {} */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
}

/**
 * A Key Vault that holds one workload's secrets, and the workload's identity: a user-assigned identity federated
 * with its ServiceAccount, holding "Key Vault Secrets User" on this vault (every secret in it is the workload's, so
 * the vault is the narrowest scope that exists before its secrets do). Private (an endpoint in the cluster's
 * network, where the CSI driver's Azure provider reads it), Azure RBAC, purge protection (the {@link KeyVault}
 * defaults). The secrets' values are put in by their owner, never by Terraform.
 *
 * @example
 * ```ts
 * new WorkloadKeyVault(this, "ShopDatabaseVault", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   vaultName: "kv-shop-db-dev",
 *   identityName: "id-shop-database-dev",
 *   tenantId: "00000000-0000-0000-0000-00000000000a",
 *   oidcIssuerUrl: cluster.oidcIssuerUrl,
 *   namespace: "shop",
 *   serviceAccount: "database",
 *   privateEndpoint: { subnetId: aksNetwork.privateEndpointSubnetId!, privateDnsZoneId: vaultZone.id },
 * });
 * ```
 */
export class WorkloadKeyVault extends Construct {
  public readonly vault: KeyVault;
  public readonly identity: WorkloadIdentity;
  public readonly secretsAccess: RoleAssignment;

  constructor(scope: Construct, id: string, props: WorkloadKeyVaultProps) {
    super(scope, id);
    const placement = { resourceGroupName: props.resourceGroupName, location: props.location };
    this.identity = new WorkloadIdentity(this, "Identity", {
      ...placement,
      tags: props.tags,
      name: props.identityName,
      oidcIssuerUrl: props.oidcIssuerUrl,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
    });
    this.vault = new KeyVault(this, "Vault", {
      ...placement,
      tags: { ...props.tags, [DEDICATED_VAULT_TAG]: `${props.namespace}/${props.serviceAccount}` },
      name: props.vaultName,
      tenantId: props.tenantId,
      softDeleteRetentionInDays: props.softDeleteRetentionInDays,
      privateEndpoints: { vault: { subnetId: props.privateEndpoint.subnetId, privateDnsZoneIds: [props.privateEndpoint.privateDnsZoneId] } },
      diagnosticSettings: props.diagnosticSettings,
      lock: props.lock,
    });
    this.secretsAccess = grantRole(
      this,
      "SecretsRead",
      this.vault.id,
      "Key Vault Secrets User",
      this.identity,
      `Secrets of ${props.namespace}/${props.serviceAccount}`,
    );
  }
}
