import { KeyVault as AzKeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { PublicNetworkAccessProps, publicNetworkAccessProblems } from "../core/public-network-access";
import { DiagnosticSettingsProps, IPrincipal, LockProps, PrivateEndpointProps, ResourcePlacement, RoleAssignmentsProps } from "../core/interfaces";
import { grantRole } from "../core/role-assignments";
import { checkPattern, checkRange, collectProblems, throwProblems, warnOptOut } from "../core/validation";
import { AzureResource } from "../core/azure-resource";

/** Props of {@link KeyVault}. */
export interface KeyVaultProps extends ResourcePlacement, PublicNetworkAccessProps {
  /** Globally unique vault name (3-24 characters). */
  readonly name: string;
  /** Entra tenant id of the vault. */
  readonly tenantId: string;
  /**
   * Days a deleted vault or secret can be recovered (7-90).
   * @default 90
   */
  readonly softDeleteRetentionInDays?: number;
  /** @default {} */
  readonly privateEndpoints?: Record<string, PrivateEndpointProps>;
  /** @default {} */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default {} */
  readonly roleAssignments?: RoleAssignmentsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
}

export const KEY_VAULT_DEFAULTS = {
  softDeleteRetentionInDays: 90,
} as const satisfies Partial<KeyVaultProps>;

/** What Key Vault accepts as a vault name: 3-24 letters, digits and single hyphens, starting with a letter. */
export const KEY_VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** What Key Vault accepts as the name of a secret or a key (the config schema checks names with it too). */
export const KEY_VAULT_OBJECT_NAME = /^[0-9a-zA-Z-]{1,127}$/;

/**
 * A Key Vault for the credentials of data sources: Azure RBAC (no access policies), purge protection, soft delete,
 * firewall default Deny, public network access off. Data Factory reads secrets through its Key Vault linked service.
 *
 * @example
 * ```ts
 * const vault = new KeyVault(this, "Vault", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "kv-data-dev",
 *   tenantId: "00000000-0000-0000-0000-00000000000a",
 *   privateEndpoints: { vault: { subnetId: network.privateEndpointSubnet.id, privateDnsZoneIds: [network.privateDnsZoneIds.vault] } },
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class KeyVault extends AzureResource {
  public readonly resource: AzKeyVault;
  public readonly id: string;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, KEY_VAULT_NAME, "3-24 letters, digits and single hyphens"),
      () => checkRange(this, "softDeleteRetentionInDays", props.softDeleteRetentionInDays, 7, 90),
      () => throwProblems(this, publicNetworkAccessProblems(props)),
    ]);
    const isPublic = props.publicNetworkAccess ?? false;
    if (isPublic) warnOptOut(this, "publicNetworkAccess", "the vault's firewall admits public IP ranges");

    this.resource = new AzKeyVault(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionInDays ?? KEY_VAULT_DEFAULTS.softDeleteRetentionInDays,
      publicNetworkAccessEnabled: isPublic,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [...(props.allowedIpRanges ?? [])] },
      tags: props.tags,
    });
    this.id = this.resource.id;
    this.name = props.name;
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.applyInterfaces({ name: props.name, placement, privateEndpointSubresource: "vault" }, props);
  }

  /**
   * Lets `principal` read one secret's value ("Key Vault Secrets User" on the secret, not the vault), e.g. Data
   * Factory for one source's credential: secrets added to the vault later stay out of its reach. Azure assigns roles
   * only on scopes that exist, so the secret must be created (by its owner, out of band) before the apply.
   * `key` names the child (`Grant-SecretRead-<key>`).
   */
  public grantSecretRead(principal: IPrincipal, secretName: string, key: string): RoleAssignment {
    checkPattern(this, "secretName", secretName, KEY_VAULT_OBJECT_NAME, "1-127 letters, digits and hyphens (a Key Vault secret name)");
    return grantRole(this, `SecretRead-${key}`, `${this.id}/secrets/${secretName}`, "Key Vault Secrets User", principal, `Read the secret ${secretName}`);
  }
}
