import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Construct } from "constructs";
import { storageFirewallIpRule } from "../core/cidr";
import {
  checkContainerNames,
  privateContainers,
  STORAGE_ACCOUNT_BASELINE,
  STORAGE_ACCOUNT_NAME,
  versionedBlobProperties,
} from "../core/storage-account-baseline";
import { addStorageDiagnosticSettings } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, LockProps, ResourcePlacement } from "../core/interfaces";
import { addLock } from "../core/resource-lock";
import { checkPattern, checkRange, collectProblems, propError, warnOptOut } from "../core/validation";

/** Props of {@link PipelineStorageAccount}. */
export interface PipelineStorageAccountProps extends ResourcePlacement {
  /** Storage account name (3-24 lowercase letters and digits, globally unique). */
  readonly name: string;
  /**
   * One private container per environment (`tfstate-<env>`, `gitops-<env>`), so each identity gets a role on its
   * own container only.
   */
  readonly containerNames: readonly string[];
  /**
   * Replication; only zone-redundant kinds.
   * @default "ZRS"
   */
  readonly replication?: "ZRS" | "GZRS" | "RAGZRS";
  /**
   * Blob and container soft delete, in days (7-365). Blob versioning is always on.
   * @default 30
   */
  readonly softDeleteRetentionInDays?: number;
  /**
   * Public IPv4 ranges allowed through the firewall (the default action is Deny; Azure services bypass it).
   * @default [] - only trusted Azure services
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Opt-out: firewall default action Allow (e.g. GitHub-hosted runners, which have no fixed addresses). Access still
   * needs Entra ID and a data role. Adds a warning.
   * @default false
   */
  readonly allowAllNetworks?: boolean;
  /**
   * Management lock on the account, or `false` to opt out (adds a warning).
   * @default { kind: "CanNotDelete" }
   */
  readonly lock?: LockProps | false;
  /**
   * Terraform `prevent_destroy` on the account: a plan that would delete or replace it fails. `false` is an
   * opt-out that lets Terraform destroy the account; it adds a warning.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Where the blob service's logs (reads, writes, deletes of state) and the account's metrics go.
   * @default {} - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

export const PIPELINE_STORAGE_ACCOUNT_DEFAULTS = {
  replication: "ZRS",
  softDeleteRetentionInDays: 30,
  allowedIpRanges: [],
  allowAllNetworks: false,
  lock: { kind: "CanNotDelete" },
  preventDestroy: true,
} as const satisfies Partial<PipelineStorageAccountProps>;

/**
 * A storage account the pipelines use: the one that holds every stack's Terraform state, or the one Flux
 * environments' rendered folders are published to. Entra ID only (shared keys and SAS off, OAuth by
 * default), TLS 1.2, no public blob access, versioning with blob and container soft delete (a bad apply or a
 * deleted blob can be rolled back), infrastructure encryption, a firewall, a CanNotDelete lock and
 * `prevent_destroy`. Containers are created through Azure Resource Manager, so no data-plane access is needed.
 *
 * @example
 * ```ts
 * const state = new PipelineStorageAccount(this, "State", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "sttfstatecontoso",
 *   containerNames: ["tfstate-dev", "tfstate-prod"],
 * });
 * ```
 */
export class PipelineStorageAccount extends Construct {
  public readonly resource: StorageAccount;
  public readonly id: string;
  /** Containers by name. */
  public readonly containers: Record<string, StorageContainer>;

  constructor(scope: Construct, id: string, props: PipelineStorageAccountProps) {
    super(scope, id);
    const d = PIPELINE_STORAGE_ACCOUNT_DEFAULTS;
    const allowAll = props.allowAllNetworks ?? d.allowAllNetworks;
    collectProblems(this, [
      () => checkPattern(this, "name", props.name, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      () => checkRange(this, "softDeleteRetentionInDays", props.softDeleteRetentionInDays, 7, 365),
      () => {
        if (props.containerNames.length === 0)
          throw propError(
            this,
            "containerNames",
            "must name at least one container",
            props.containerNames,
            "list one container per environment, e.g. tfstate-dev.",
          );
        checkContainerNames(this, "containerNames", "entries", props.containerNames);
        const duplicate = props.containerNames.find((n, i) => props.containerNames.indexOf(n) !== i);
        if (duplicate) throw propError(this, "containerNames", "must not repeat a name", duplicate, "give each environment its own container.");
      },
      () => {
        if (allowAll && (props.allowedIpRanges ?? []).length > 0) {
          throw propError(
            this,
            "allowedIpRanges",
            "has no effect when allowAllNetworks is true",
            props.allowedIpRanges,
            "remove allowedIpRanges or allowAllNetworks.",
          );
        }
      },
    ]);
    if (allowAll) warnOptOut(this, "allowAllNetworks", "any network reaches the account's endpoint; Entra ID and data roles are the only gate");
    const lock = props.lock ?? d.lock;
    if (lock === false) warnOptOut(this, "lock", "the account can be deleted, with every container's blobs, by anyone with Contributor");
    const preventDestroy = props.preventDestroy ?? d.preventDestroy;
    if (!preventDestroy) warnOptOut(this, "preventDestroy", "Terraform may destroy the account and every container's blobs");

    this.resource = new StorageAccount(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
      ...STORAGE_ACCOUNT_BASELINE,
      accountReplicationType: props.replication ?? d.replication,
      publicNetworkAccessEnabled: true,
      networkRules: {
        defaultAction: allowAll ? "Allow" : "Deny",
        bypass: ["AzureServices"],
        ipRules: (props.allowedIpRanges ?? d.allowedIpRanges).map(storageFirewallIpRule),
      },
      blobProperties: versionedBlobProperties(props.softDeleteRetentionInDays ?? d.softDeleteRetentionInDays),
      lifecycle: { preventDestroy },
    });
    this.id = this.resource.id;
    this.containers = privateContainers(this, this.id, props.containerNames);
    addLock(this, this.id, props.name, lock === false ? undefined : lock);
    addStorageDiagnosticSettings(this, this.id, props.diagnosticSettings);
  }
}
