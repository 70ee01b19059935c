import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { Construct } from "constructs";
import { addStorageDiagnosticSettings } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, IPrincipal, LockProps, ResourcePlacement, SinglePrivateEndpoint } from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { grantRole } from "../core/role-assignments";
import {
  checkContainerNames,
  privateContainers,
  STORAGE_ACCOUNT_BASELINE,
  STORAGE_ACCOUNT_NAME,
  versionedBlobProperties,
} from "../core/storage-account-baseline";
import { checkPattern, checkRange, collectProblems, propError, warnOptOut } from "../core/validation";
import { addPrivateEndpoints } from "../core/private-endpoints";

/** A container of backups and how long its blobs are kept. */
export interface BackupContainer {
  /**
   * Days after its creation that lifecycle management deletes a backup (1-3650); soft delete keeps it recoverable
   * for `softDeleteRetentionInDays` more.
   */
  readonly retentionDays: number;
}

/** Props of {@link BackupStorage}. */
export interface BackupStorageProps extends ResourcePlacement {
  /** Storage account name (3-24 lowercase letters and digits, globally unique). */
  readonly name: string;
  /** One private container per backed-up workload (3-63 lowercase letters, digits and single hyphens). */
  readonly containers: Readonly<Record<string, BackupContainer>>;
  /** The account's only network path: a blob private endpoint in the cluster's network, and `privatelink.blob.core.windows.net`. */
  readonly privateEndpoint: SinglePrivateEndpoint;
  /**
   * Replication; only zone-redundant kinds (a backup must outlive the zone its database ran in).
   * @default "ZRS"
   */
  readonly replication?: "ZRS" | "GZRS" | "RAGZRS";
  /**
   * Days a deleted or overwritten backup stays recoverable (blob versions and soft delete, 7-365): what protects
   * the backups from a writer that deletes them.
   * @default 30
   */
  readonly softDeleteRetentionInDays?: number;
  /** @default - no lock */
  readonly lock?: LockProps;
  /**
   * Terraform `prevent_destroy` on the account: a plan that would delete or replace it fails. `false` is an
   * opt-out that lets Terraform destroy the account with every backup; it adds a warning.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** Where the blob service's logs (who read, wrote or deleted a backup) and the account's metrics go. @default {} */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

export const BACKUP_STORAGE_DEFAULTS = {
  replication: "ZRS",
  softDeleteRetentionInDays: 30,
  preventDestroy: true,
} as const satisfies Partial<BackupStorageProps>;

/**
 * The storage account the cluster's workloads write their backups to, beside the cluster (the lake's endpoints
 * live in the data network, which the cluster does not reach). Private (public network access off; a blob private
 * endpoint in the cluster's network), Entra ID only ({@link STORAGE_ACCOUNT_BASELINE}), blob versioning with blob
 * and container soft delete, and a lifecycle rule per container that deletes backups `retentionDays` after their
 * creation, and the previous versions that overwrites and deletions leave at the first daily run once they are a
 * day old (soft delete keeps every deleted blob or version recoverable for `softDeleteRetentionInDays`). Containers are created
 * through Azure Resource Manager.
 *
 * @example
 * ```ts
 * const backups = new BackupStorage(this, "BackupStorage", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "stbackupsdev",
 *   containers: { "shop-database": { retentionDays: 30 } },
 *   privateEndpoint: { subnetId: aksNetwork.privateEndpointSubnetId!, privateDnsZoneId: blobZone.id },
 * });
 * backups.grantWrite("shop-database", databaseIdentity, "Backups of shop/database");
 * ```
 */
export class BackupStorage extends Construct {
  public readonly resource: StorageAccount;
  public readonly id: string;
  public readonly name: string;
  /** Containers by name. */
  public readonly containers: Record<string, StorageContainer>;

  constructor(scope: Construct, id: string, props: BackupStorageProps) {
    super(scope, id);
    const d = BACKUP_STORAGE_DEFAULTS;
    const entries = Object.entries(props.containers);
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      () => checkRange(this, "softDeleteRetentionInDays", props.softDeleteRetentionInDays, 7, 365),
      () => {
        if (entries.length === 0)
          throw propError(this, "containers", "must name at least one container", props.containers, "give one container per backed-up workload.");
        checkContainerNames(this, "containers", "keys", Object.keys(props.containers));
      },
      ...entries.map(
        ([name, c]) =>
          () =>
            checkRange(this, `containers.${name}.retentionDays`, c.retentionDays, 1, 3650),
      ),
    ]);
    const preventDestroy = props.preventDestroy ?? d.preventDestroy;
    if (!preventDestroy) warnOptOut(this, "preventDestroy", "Terraform may destroy the backup account and every backup in it");

    this.name = props.name;
    this.resource = new StorageAccount(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      ...STORAGE_ACCOUNT_BASELINE,
      accountReplicationType: props.replication ?? d.replication,
      publicNetworkAccessEnabled: false,
      networkRules: { defaultAction: "Deny", bypass: ["None"] },
      blobProperties: versionedBlobProperties(props.softDeleteRetentionInDays ?? d.softDeleteRetentionInDays),
      lifecycle: { preventDestroy },
    });
    this.id = this.resource.id;
    this.containers = privateContainers(this, this.id, Object.keys(props.containers));
    new StorageManagementPolicy(this, "Retention", {
      storageAccountId: this.id,
      rule: entries.map(([name, c]) => ({
        name: `expire-${name}`,
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: [`${name}/`] },
        actions: {
          baseBlob: { deleteAfterDaysSinceCreationGreaterThan: c.retentionDays },
          // Deleting a dump makes it a previous version (versioning), created that day: dropping versions older
          // than a day ends the dump's life at the next runs, rather than retentionDays later. Soft delete still keeps what any
          // deletion removed (by lifecycle or by the writer) for softDeleteRetentionInDays.
          version: { deleteAfterDaysSinceCreation: 1 },
        },
      })),
    });
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    addPrivateEndpoints(
      this,
      { id: this.id, name: props.name, subresourceName: "blob", placement },
      {
        blob: { subnetId: props.privateEndpoint.subnetId, privateDnsZoneIds: [props.privateEndpoint.privateDnsZoneId] },
      },
    );
    addLock(this, this.id, props.name, props.lock);
    addStorageDiagnosticSettings(this, this.id, props.diagnosticSettings);
  }

  /** "Storage Blob Data Contributor" on one container: what a backup job needs to write its dumps. */
  public grantWrite(container: string, grantee: IPrincipal, description: string): RoleAssignment {
    const c = this.containers[container];
    if (!c)
      throw propError(
        this,
        "grantWrite.container",
        `names no container of the account (${Object.keys(this.containers).join(", ")})`,
        container,
        "use one of the containers.",
      );
    return grantRole(this, `Write-${container}`, c.id, "Storage Blob Data Contributor", grantee, description);
  }
}
