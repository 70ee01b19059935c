import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { PublicNetworkAccessProps, publicNetworkAccessProblems } from "../core/public-network-access";
import { storageFirewallIpRule } from "../core/cidr";
import { STORAGE_ACCOUNT_BASELINE, STORAGE_ACCOUNT_NAME, STORAGE_CONTAINER_NAME } from "../core/storage-account-baseline";
import { addStorageDiagnosticSettings } from "../core/diagnostic-settings";
import {
  DiagnosticSettingsProps,
  IPrincipal,
  LockProps,
  ManagedIdentitiesProps,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentsProps,
} from "../core/interfaces";
import { identityBlock, withKeyIdentity } from "../core/managed-identities";
import { CustomerManagedKeyProps, keyVaultKeyUrl } from "../security/customer-managed-key";
import { addLock } from "../core/resource-lock";
import { addRoleAssignments, grantRole } from "../core/role-assignments";
import { checkPattern, checkRange, collectProblems, isKnown, propError, PropProblem, throwProblems, warnOptOut } from "../core/validation";
import { PrivateEndpoint } from "../core/private-endpoints";
import { AzureResource, GrantOptions } from "../core/azure-resource";

/** The lake's filesystems: `landing` receives file drops, then the medallion layers. */
export const DATA_LAKE_LAYERS = ["landing", "bronze", "silver", "gold"] as const;
export type DataLakeLayer = (typeof DATA_LAKE_LAYERS)[number];

export type StorageReplication = "LRS" | "ZRS" | "GRS" | "GZRS" | "RAGRS" | "RAGZRS";

/** Lifecycle of one layer's blobs, in days since last modification. */
export interface LayerLifecycle {
  /** @default - stays hot */
  readonly coolAfterDays?: number;
  /** @default - never archived */
  readonly archiveAfterDays?: number;
  /** @default - kept */
  readonly deleteAfterDays?: number;
}

/** A private endpoint of the lake, for its `dfs` (Data Lake) or `blob` endpoint. */
export interface DataLakePrivateEndpointProps extends PrivateEndpointProps {
  readonly subresourceName: "dfs" | "blob";
}

/** Props of {@link DataLake}. */
export interface DataLakeProps extends ResourcePlacement, PublicNetworkAccessProps {
  /** Globally unique storage account name: 3-24 lowercase letters and digits. */
  readonly name: string;
  /**
   * Replication. Use ZRS or a geo-zone kind (GZRS, RAGZRS) in production.
   * @default "ZRS"
   */
  readonly replication?: StorageReplication;
  /**
   * Days deleted blobs and deleted filesystems can be restored (1-365). Blob versioning and point-in-time restore
   * are unavailable with hierarchical namespace, so soft delete is the recovery mechanism.
   * @default 7
   */
  readonly softDeleteRetentionInDays?: number;
  /**
   * Lifecycle rules per layer.
   * @default {} - no tiering or deletion
   */
  readonly lifecycle?: Partial<Record<DataLakeLayer, LayerLifecycle>>;
  /**
   * Filesystems besides the layers, never touched by lifecycle rules (e.g. Unity Catalog's managed storage,
   * whose Delta files must not be deleted by age).
   * @default []
   */
  readonly additionalFilesystems?: readonly string[];
  /**
   * Azure resources admitted through the firewall by identity (resource instance rules), e.g. the Databricks access
   * connector (Unity Catalog validates and reads from Databricks' control plane) and the Data Factory. The firewall
   * bypasses no "trusted Azure service" otherwise: every other resource of those services, in any tenant, would be
   * admitted too.
   * @default [] - private endpoints (and `allowedIpRanges`) only
   */
  readonly resourceAccessRules?: readonly { readonly resourceId: string; readonly tenantId?: string }[];
  /**
   * Terraform `prevent_destroy` on the storage account: a plan that would delete or replace the lake fails. `false`
   * is an opt-out; it adds a warning.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** @default {} */
  readonly privateEndpoints?: Record<string, DataLakePrivateEndpointProps>;
  /**
   * Diagnostic settings: each sends blob-service logs and metrics, plus account metrics, to Log Analytics.
   * @default {}
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default {} */
  readonly roleAssignments?: RoleAssignmentsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
  /**
   * Managed identities of the account.
   * @default { systemAssigned: true }
   */
  readonly managedIdentities?: ManagedIdentitiesProps;
  /**
   * Encrypt the account with a customer-managed key (versionless unless a version is given: the account follows the
   * key's rotations); its identity is added to the account's identities.
   * @default - Microsoft-managed keys (with infrastructure encryption: two layers either way)
   */
  readonly customerManagedKey?: CustomerManagedKeyProps;
}

export const DATA_LAKE_DEFAULTS = {
  replication: "ZRS",
  softDeleteRetentionInDays: 7,
  preventDestroy: true,
} as const satisfies Partial<DataLakeProps>;

/**
 * ADLS Gen2 lake of the medallion platform: StorageV2 with hierarchical namespace and the filesystems `landing`,
 * `bronze`, `silver`, `gold`. Hardened as in the AVM storage module: shared-key access off (Entra ID only; the
 * stack's azurerm provider must set `storage_use_azuread = true`), TLS 1.2, HTTPS only, no nested public access,
 * no local users or SFTP, infrastructure encryption, firewall default Deny with no trusted-services bypass (named
 * resources are admitted by resource instance rules), public network
 * access off, blob and container soft delete. Filesystems and lifecycle rules are managed through Azure Resource
 * Manager, so Terraform never needs to reach the (private) data plane.
 *
 * @example
 * ```ts
 * const lake = new DataLake(this, "Lake", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "stlakedev",
 *   lifecycle: { landing: { deleteAfterDays: 30 } },
 *   privateEndpoints: { dfs: { subnetId: network.privateEndpointSubnet.id, privateDnsZoneIds: [network.privateDnsZoneIds.dfs], subresourceName: "dfs" } },
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class DataLake extends AzureResource {
  private readonly admitted: { readonly resourceId: string; readonly tenantId?: string }[] = [];
  public readonly resource: StorageAccount;
  public readonly id: string;
  public readonly name: string;
  /** Filesystem resources by layer. */
  public readonly filesystems: Record<DataLakeLayer, StorageContainer>;
  /** The {@link DataLakeProps.additionalFilesystems}, by name. */
  public readonly additionalFilesystems: Record<string, StorageContainer> = {};
  /** `https://<name>.dfs.core.windows.net/`, the URL linked services use. */
  public readonly dfsEndpoint: string;

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    const replication = props.replication ?? DATA_LAKE_DEFAULTS.replication;
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      ...(props.resourceAccessRules ?? []).map((rule) => () => this.admitResource(rule.resourceId, rule.tenantId)),
      () => checkRange(this, "softDeleteRetentionInDays", props.softDeleteRetentionInDays, 1, 365),
      () => validateLifecycle(this, props.lifecycle ?? {}, replication),
      () => throwProblems(this, publicNetworkAccessProblems(props)),
    ]);
    const isPublic = props.publicNetworkAccess ?? false;
    if (isPublic) warnOptOut(this, "publicNetworkAccess", "the lake accepts traffic from public IP ranges; use it in dev only");
    const preventDestroy = props.preventDestroy ?? DATA_LAKE_DEFAULTS.preventDestroy;
    if (!preventDestroy) warnOptOut(this, "preventDestroy", "Terraform may destroy the lake and all its data");
    const retention = { days: props.softDeleteRetentionInDays ?? DATA_LAKE_DEFAULTS.softDeleteRetentionInDays };

    this.name = props.name;
    this.resource = new StorageAccount(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      ...STORAGE_ACCOUNT_BASELINE,
      accountReplicationType: replication,
      isHnsEnabled: true,
      publicNetworkAccessEnabled: isPublic,
      networkRules: {
        defaultAction: "Deny",
        bypass: ["None"],
        ipRules: (props.allowedIpRanges ?? []).map(storageFirewallIpRule),
        // Rules added later by admitResource() are part of the same block.
        privateLinkAccess: Lazy.anyValue({
          produce: () =>
            this.admitted.length ? this.admitted.map((r) => ({ endpoint_resource_id: r.resourceId, endpoint_tenant_id: r.tenantId })) : undefined,
        }),
      },
      identity: identityBlock(this, withKeyIdentity(props.managedIdentities, props.customerManagedKey)),
      customerManagedKey: props.customerManagedKey && {
        keyVaultKeyId: keyVaultKeyUrl(this, "customerManagedKey", props.customerManagedKey),
        userAssignedIdentityId: props.customerManagedKey.userAssignedIdentity.resourceId,
      },
      dependsOn: props.customerManagedKey?.dependsOn,
      // Versioning and point-in-time restore are unavailable with HNS: soft delete protects blobs and filesystems.
      blobProperties: { deleteRetentionPolicy: retention, containerDeleteRetentionPolicy: retention },
      lifecycle: { preventDestroy },
    });
    this.id = this.resource.id;
    this.dfsEndpoint = this.resource.primaryDfsEndpoint;

    const filesystems: Partial<Record<DataLakeLayer, StorageContainer>> = {};
    for (const layer of DATA_LAKE_LAYERS) {
      filesystems[layer] = new StorageContainer(this, `Filesystem-${layer}`, {
        name: layer,
        storageAccountId: this.id,
        containerAccessType: "private",
      });
    }
    this.filesystems = filesystems as Record<DataLakeLayer, StorageContainer>;
    for (const name of props.additionalFilesystems ?? []) {
      if ((DATA_LAKE_LAYERS as readonly string[]).includes(name) || !STORAGE_CONTAINER_NAME.pattern.test(name)) {
        throw propError(
          this,
          "additionalFilesystems",
          "entries must be 3-63 lowercase letters, digits and single hyphens, and not a layer name",
          name,
          "rename the filesystem.",
        );
      }
      this.additionalFilesystems[name] = new StorageContainer(this, `Filesystem-${name}`, { name, storageAccountId: this.id, containerAccessType: "private" });
    }

    const rules = lifecycleRules(props.lifecycle ?? {});
    if (rules.length > 0) new StorageManagementPolicy(this, "LifecyclePolicy", { storageAccountId: this.id, rule: rules });

    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    for (const [key, pe] of Object.entries(props.privateEndpoints ?? {})) {
      new PrivateEndpoint(this, `PrivateEndpoint-${key}`, {
        ...placement,
        ...pe,
        targetResourceId: this.id,
        targetResourceName: props.name,
      });
    }
    addStorageDiagnosticSettings(this, this.id, props.diagnosticSettings);
    addRoleAssignments(this, this.id, props.roleAssignments);
    addLock(this, this.id, props.name, props.lock);
  }

  /**
   * Admits one Azure resource through the firewall by identity (a resource instance rule): what that resource's
   * managed identity is granted still decides what it may do. Use it for services that reach the lake from
   * Microsoft's network rather than a private endpoint (the Databricks access connector, Data Factory).
   * @param tenantId @default - the account's tenant
   */
  public admitResource(resourceId: string, tenantId?: string): void {
    if (isKnown(resourceId) && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i.test(resourceId)) {
      throw propError(this, "resourceAccessRules", "must hold Azure resource ids", resourceId, "pass the resource's id, e.g. factory.id.");
    }
    this.admitted.push({ resourceId, tenantId });
  }

  /**
   * Read and write blobs ("Storage Blob Data Contributor"): in every filesystem, or with `layers` in those only (one
   * assignment on each filesystem, child `Grant-ReadWrite-<key>-<layer>`).
   */
  public grantReadWrite(principal: IPrincipal, key: string, options: LakeGrantOptions = {}): RoleAssignment[] {
    return this.grantRole(principal, "Storage Blob Data Contributor", `ReadWrite-${key}`, { description: "Read and write lake data", ...options });
  }

  /** Read blobs ("Storage Blob Data Reader"): in every filesystem, or with `layers` in those only. */
  public grantRead(principal: IPrincipal, key: string, options: LakeGrantOptions = {}): RoleAssignment[] {
    return this.grantRole(principal, "Storage Blob Data Reader", `Read-${key}`, { description: "Read lake data", ...options });
  }

  /**
   * Grants any role on the account, or with `layers` on those filesystems only (child `Grant-<key>` on the account,
   * `Grant-<key>-<layer>` on each filesystem), each with the optional ABAC `condition`.
   */
  public override grantRole(principal: IPrincipal, role: string, key: string, options: LakeGrantOptions & GrantOptions = {}): RoleAssignment[] {
    const description = options.description ?? `${role} on the lake`;
    if (options.layers === undefined) return [grantRole(this, key, this.id, role, principal, description, options.condition)];
    if (options.layers.length === 0) {
      throw propError(
        this,
        `grant ${key}: layers`,
        "must name at least one filesystem",
        [],
        "name the filesystems, or omit layers to grant the whole account.",
      );
    }
    return options.layers.map((layer) => {
      const filesystem = this.filesystem(layer);
      if (!filesystem) {
        const known = [...DATA_LAKE_LAYERS, ...Object.keys(this.additionalFilesystems)];
        throw propError(this, `grant ${key}: layers`, "names a filesystem the lake does not have", layer, `use one of ${known.join(", ")}.`);
      }
      return grantRole(this, `${key}-${layer}`, filesystem.id, role, principal, `${description} (${layer})`, options.condition);
    });
  }

  /** A layer's or an additional filesystem's container, by name. */
  public filesystem(name: string): StorageContainer | undefined {
    const own = (record: Record<string, StorageContainer>) => (Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined);
    return own(this.filesystems) ?? own(this.additionalFilesystems);
  }
}

/** Options of the lake's grants. */
export interface LakeGrantOptions {
  /**
   * The filesystems (layers or additional filesystems) the grant covers: one container-scoped assignment each.
   * @default - the whole account
   */
  readonly layers?: readonly string[];
  /**
   * An ABAC condition (version 2.0) on every assignment of the grant.
   * @default - none
   */
  readonly condition?: string;
}

/** Replication kinds whose accounts support the archive tier (learn.microsoft.com "Access tiers for blob data"). */
const ARCHIVE_REPLICATIONS: readonly StorageReplication[] = ["LRS", "GRS", "RAGRS"];

/**
 * Every problem of the lake's lifecycle rules (props `lifecycle.<layer>.<field>`): the archive tier only with LRS,
 * GRS or RAGRS, cool no later than archive, delete no earlier than the last tier move. The config schema reports the
 * same problems at `dataLake.lifecycle`.
 */
export function lifecycleProblems(lifecycle: Partial<Record<DataLakeLayer, LayerLifecycle>>, replication: StorageReplication): PropProblem[] {
  const problems: PropProblem[] = [];
  for (const [layer, rule] of Object.entries(lifecycle)) {
    if (rule.archiveAfterDays !== undefined && isKnown(replication) && !ARCHIVE_REPLICATIONS.includes(replication)) {
      problems.push({
        prop: `lifecycle.${layer}.archiveAfterDays`,
        problem: `is not supported with ${replication} replication (the archive tier needs LRS, GRS or RAGRS)`,
        value: rule.archiveAfterDays,
        fix: "remove archiveAfterDays (tier to cool or delete instead) or set replication to LRS, GRS or RAGRS.",
      });
    }
    if (rule.coolAfterDays !== undefined && rule.archiveAfterDays !== undefined && rule.coolAfterDays > rule.archiveAfterDays) {
      problems.push({
        prop: `lifecycle.${layer}.coolAfterDays`,
        problem: `must be <= archiveAfterDays (${rule.archiveAfterDays})`,
        value: rule.coolAfterDays,
        fix: "tier to cool before archiving.",
      });
    }
    const lastMove = Math.max(rule.coolAfterDays ?? 0, rule.archiveAfterDays ?? 0);
    if (rule.deleteAfterDays !== undefined && rule.deleteAfterDays < lastMove) {
      problems.push({
        prop: `lifecycle.${layer}.deleteAfterDays`,
        problem: `must be >= the tiering days (${lastMove})`,
        value: rule.deleteAfterDays,
        fix: "delete after the last tier move.",
      });
    }
  }
  return problems;
}

function validateLifecycle(scope: Construct, lifecycle: Partial<Record<DataLakeLayer, LayerLifecycle>>, replication: StorageReplication): void {
  for (const [layer, rule] of Object.entries(lifecycle)) {
    for (const [field, value] of Object.entries(rule)) checkRange(scope, `lifecycle.${layer}.${field}`, value as number, 1, 36500);
  }
  throwProblems(scope, lifecycleProblems(lifecycle, replication));
}

function lifecycleRules(lifecycle: Partial<Record<DataLakeLayer, LayerLifecycle>>) {
  return DATA_LAKE_LAYERS.filter((layer) => lifecycle[layer] && Object.keys(lifecycle[layer]!).length > 0).map((layer) => {
    const rule = lifecycle[layer]!;
    return {
      name: `${layer}-lifecycle`,
      enabled: true,
      filters: { blobTypes: ["blockBlob"], prefixMatch: [`${layer}/`] },
      actions: {
        baseBlob: {
          tierToCoolAfterDaysSinceModificationGreaterThan: rule.coolAfterDays,
          tierToArchiveAfterDaysSinceModificationGreaterThan: rule.archiveAfterDays,
          deleteAfterDaysSinceModificationGreaterThan: rule.deleteAfterDays,
        },
      },
    };
  });
}
