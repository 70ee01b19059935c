import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { Construct } from "constructs";
import { checkPattern, checkRange, collectProblems, isKnown, propError, warnOptOut } from "../core/validation";
import { KubeObject } from "./kube-object";
import { DNS_SUBDOMAIN } from "./k8s-names";

/**
 * Names of the platform's own classes. They carry a prefix of ours: AKS creates and reconciles classes of its own on
 * every cluster (see {@link isAksBuiltInStorageClassName}), and the kubernetes provider refuses to create an object
 * that already exists.
 */
export const STORAGE_CLASS_NAMES = {
  /** Zone-redundant Premium SSD managed disks, retained after the claim is deleted: for databases (ReadWriteOnce). */
  database: "platform-disk-premium-zrs-retain",
  /** Premium Azure Files over SMB: for volumes several pods mount (ReadWriteMany). */
  sharedFiles: "platform-files-premium-zrs",
} as const;

/**
 * StorageClass names AKS owns: `default` and every name starting with `managed`, `azurefile`, `azureblob`,
 * `azuredisk` or `acstor` (the classes of the Azure Disk, Azure Files and Azure Blob CSI drivers and of Azure
 * Container Storage, e.g. `managed-csi`, `managed-csi-premium`, `azurefile-csi-premium`, `azureblob-fuse-premium`).
 * AKS creates them on every cluster and reconciles them, so a class of ours with such a name cannot be created
 * (the object exists) nor adopted (StorageClass parameters are immutable, and AKS would revert them).
 */
export const AKS_RESERVED_STORAGE_CLASS_NAMES = { exact: ["default"], prefixes: ["managed", "azurefile", "azureblob", "azuredisk", "acstor"] } as const;

/** True when `name` is, or may become, one of AKS's built-in StorageClasses (see {@link AKS_RESERVED_STORAGE_CLASS_NAMES}). */
export function isAksBuiltInStorageClassName(name: string): boolean {
  const { exact, prefixes } = AKS_RESERVED_STORAGE_CLASS_NAMES;
  return (exact as readonly string[]).includes(name) || prefixes.some((p) => name.startsWith(p));
}

export type AzureFileSku = "Premium_LRS" | "Premium_ZRS";
export type DiskNetworkAccessPolicy = "DenyAll" | "AllowPrivate" | "AllowAll";

/** Props of {@link StorageClasses}. */
export interface StorageClassesProps {
  /**
   * Names of the two classes. Each must be a DNS subdomain and must not be, or start like, one of AKS's built-in
   * classes ({@link isAksBuiltInStorageClassName}).
   * @default STORAGE_CLASS_NAMES
   */
  readonly names?: { readonly database?: string; readonly sharedFiles?: string };
  /**
   * Disk encryption set (customer-managed key) for database disks; the cluster identity needs Reader on it.
   * Format `/subscriptions/.../resourceGroups/.../providers/Microsoft.Compute/diskEncryptionSets/<name>`.
   * @default - platform-managed keys
   */
  readonly diskEncryptionSetId?: string;
  /**
   * Who may export or import database disks through SAS URIs (azuredisk `networkAccessPolicy`). `AllowPrivate`
   * needs `diskAccessId`. `AllowAll` adds a warning.
   * @default "DenyAll"
   */
  readonly diskNetworkAccessPolicy?: DiskNetworkAccessPolicy;
  /** Disk access resource, required with `diskNetworkAccessPolicy: "AllowPrivate"`. @default - none */
  readonly diskAccessId?: string;
  /**
   * Redundancy of the Azure Files storage account the driver creates. ZRS survives a zone outage but is offered in
   * fewer regions; LRS adds a warning.
   * @default "Premium_ZRS"
   */
  readonly fileSku?: AzureFileSku;
  /**
   * The driver creates the file storage account with a private endpoint in a node subnet, so SMB traffic stays
   * off the public endpoint. The AKS control-plane identity needs rights on the VNet's resource group (the
   * driver's docs say Contributor; `FileSharePrivateEndpointAccess` grants a narrower custom role and the private
   * DNS zone). Turning it off (service endpoint instead) adds a warning.
   * @default true
   */
  readonly filePrivateEndpoint?: boolean;
  /**
   * Where the driver puts each file share's private endpoint: the cluster's VNet, its resource group and a node
   * subnet (`vnetResourceGroup`, `vnetName`, `subnetName`). The control-plane identity needs the rights
   * `FileSharePrivateEndpointAccess` grants there.
   * @default - the VNet, resource group and subnet of the cluster's cloud config (AKS chooses the subnet)
   */
  readonly filePrivateEndpointNetwork?: { readonly resourceGroupName: string; readonly virtualNetworkName: string; readonly subnetName: string };
  /**
   * Whether the file share is kept when its claim is deleted. `Delete` adds a warning.
   * @default "Retain" - a deleted claim never deletes shared data; released shares are removed by hand
   */
  readonly fileReclaimPolicy?: "Retain" | "Delete";
  /**
   * Owner of files and directories on SMB mounts (SMB has no POSIX ownership, so the mount sets it). Match the
   * pods' `podIdentity` (runAsUser / runAsGroup).
   * @default { uid: 10001, gid: 10001 }
   */
  readonly fileOwner?: { readonly uid: number; readonly gid: number };
  /** Azure tags on the disks and storage accounts the drivers create. @default {} */
  readonly tags?: Record<string, string>;
}

export const STORAGE_CLASSES_DEFAULTS = {
  diskNetworkAccessPolicy: "DenyAll",
  fileSku: "Premium_ZRS",
  filePrivateEndpoint: true,
  fileReclaimPolicy: "Retain",
  fileOwner: { uid: 10001, gid: 10001 },
} as const satisfies Partial<StorageClassesProps>;

const DES_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i;
const DISK_ACCESS_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskAccesses\/[^/]+$/i;

/**
 * The platform's StorageClasses (parameter names from the azuredisk and azurefile CSI drivers' driver-parameters
 * docs):
 * - `platform-disk-premium-zrs-retain` (`disk.csi.azure.com`): Premium_ZRS disks that survive a zone outage,
 *   reclaimPolicy Retain (deleting a claim never deletes a database), WaitForFirstConsumer (the disk is created
 *   where the pod is scheduled), expansion allowed, SAS export denied, optional customer-managed key.
 * - `platform-files-premium-zrs` (`file.csi.azure.com`): Premium SMB shares for ReadWriteMany, reclaimPolicy Retain,
 *   storage account behind a private endpoint with infrastructure encryption and no public blob access, mounted
 *   owner-only (0770/0660) for the pods' UID/GID with `mfsymlinks`, `actimeo=30` (metadata caching),
 *   `nosharesock` (one connection per mount, avoids reconnect races) and `cache=strict`.
 *
 * @example
 * ```ts
 * new StorageClasses(this, "StorageClasses", { fileSku: "Premium_ZRS", fileReclaimPolicy: "Retain" });
 * ```
 */
export class StorageClasses extends Construct {
  /** Name of the database (Azure Disk) class. */
  public readonly databaseClassName: string;
  /** Name of the ReadWriteMany (Azure Files) class. */
  public readonly sharedFilesClassName: string;
  public readonly database: KubeObject;
  public readonly sharedFiles: KubeObject;

  constructor(scope: Construct, id: string, props: StorageClassesProps = {}) {
    super(scope, id);
    this.databaseClassName = props.names?.database ?? STORAGE_CLASS_NAMES.database;
    this.sharedFilesClassName = props.names?.sharedFiles ?? STORAGE_CLASS_NAMES.sharedFiles;
    const accessPolicy = props.diskNetworkAccessPolicy ?? STORAGE_CLASSES_DEFAULTS.diskNetworkAccessPolicy;
    const fileSku = props.fileSku ?? STORAGE_CLASSES_DEFAULTS.fileSku;
    const privateEndpoint = props.filePrivateEndpoint ?? STORAGE_CLASSES_DEFAULTS.filePrivateEndpoint;
    const owner = props.fileOwner ?? STORAGE_CLASSES_DEFAULTS.fileOwner;
    let tags: string | undefined;
    collectProblems(this, [
      ...(
        [
          ["database", this.databaseClassName],
          ["sharedFiles", this.sharedFilesClassName],
        ] as const
      ).map(([key, name]) => () => {
        checkPattern(this, `names.${key}`, name, DNS_SUBDOMAIN, "a DNS subdomain (at most 253 lowercase letters, digits, '-' and '.')");
        if (isKnown(name) && isAksBuiltInStorageClassName(name)) {
          throw propError(
            this,
            `names.${key}`,
            "collides with AKS's built-in StorageClasses (default, managed*, azurefile*, azureblob*, azuredisk*, acstor*)",
            name,
            `use a name of your own, e.g. ${STORAGE_CLASS_NAMES[key]}.`,
          );
        }
      }),
      () => {
        if (isKnown(this.databaseClassName) && this.databaseClassName === this.sharedFilesClassName) {
          throw propError(this, "names.sharedFiles", "must differ from names.database", this.sharedFilesClassName, "give each class its own name.");
        }
      },
      () => {
        if (!["DenyAll", "AllowPrivate", "AllowAll"].includes(accessPolicy)) {
          throw propError(this, "diskNetworkAccessPolicy", "must be DenyAll, AllowPrivate or AllowAll", accessPolicy, 'use "DenyAll".');
        }
        if (accessPolicy === "AllowPrivate" && !props.diskAccessId) {
          throw propError(
            this,
            "diskAccessId",
            "is required with diskNetworkAccessPolicy AllowPrivate",
            props.diskAccessId,
            "pass the disk access resource ID, or use DenyAll.",
          );
        }
        if (props.diskAccessId !== undefined && accessPolicy !== "AllowPrivate") {
          throw propError(
            this,
            "diskAccessId",
            "only applies with diskNetworkAccessPolicy AllowPrivate",
            props.diskAccessId,
            "remove it, or set AllowPrivate.",
          );
        }
        checkId(this, "diskAccessId", props.diskAccessId, DISK_ACCESS_ID, "diskAccesses");
      },
      () => checkId(this, "diskEncryptionSetId", props.diskEncryptionSetId, DES_ID, "diskEncryptionSets"),
      () => {
        if (!["Premium_LRS", "Premium_ZRS"].includes(fileSku)) {
          throw propError(this, "fileSku", "must be Premium_LRS or Premium_ZRS", fileSku, 'use "Premium_ZRS".');
        }
      },
      () => {
        if (!privateEndpoint && props.filePrivateEndpointNetwork) {
          throw propError(
            this,
            "filePrivateEndpointNetwork",
            "only applies with filePrivateEndpoint",
            props.filePrivateEndpointNetwork,
            "remove it, or keep filePrivateEndpoint on.",
          );
        }
      },
      () => checkRange(this, "fileOwner.uid", owner.uid, 0, 2147483647),
      () => checkRange(this, "fileOwner.gid", owner.gid, 0, 2147483647),
      () => (tags = formatTags(this, props.tags ?? {})),
    ]);
    if (accessPolicy === "AllowAll") warnOptOut(this, "diskNetworkAccessPolicy", "database disks can be exported through public SAS URIs");
    if (fileSku === "Premium_LRS") warnOptOut(this, "fileSku", "shared files are lost for the duration of a zone outage (LRS)");
    if (!privateEndpoint) warnOptOut(this, "filePrivateEndpoint", "the file storage account is reached through its public endpoint (service endpoint)");
    const fileReclaim = props.fileReclaimPolicy ?? STORAGE_CLASSES_DEFAULTS.fileReclaimPolicy;
    if (fileReclaim === "Delete") warnOptOut(this, "fileReclaimPolicy", "deleting a claim deletes the file share and its data");

    this.database = new KubeObject(this, "Database", {
      render: () =>
        new StorageClass({
          metadata: { name: this.databaseClassName },
          provisioner: "disk.csi.azure.com",
          parameters: {
            skuName: "Premium_ZRS",
            networkAccessPolicy: accessPolicy,
            ...(props.diskAccessId ? { diskAccessID: props.diskAccessId } : {}),
            ...(props.diskEncryptionSetId ? { diskEncryptionSetID: props.diskEncryptionSetId } : {}),
            ...(tags ? { tags } : {}),
          },
          reclaimPolicy: "Retain",
          volumeBindingMode: "WaitForFirstConsumer",
          allowVolumeExpansion: true,
        }),
    });
    this.sharedFiles = new KubeObject(this, "SharedFiles", {
      render: () =>
        new StorageClass({
          metadata: { name: this.sharedFilesClassName },
          provisioner: "file.csi.azure.com",
          parameters: {
            skuName: fileSku,
            protocol: "smb",
            ...(privateEndpoint ? { networkEndpointType: "privateEndpoint" } : {}),
            ...(privateEndpoint && props.filePrivateEndpointNetwork
              ? {
                  vnetResourceGroup: props.filePrivateEndpointNetwork.resourceGroupName,
                  vnetName: props.filePrivateEndpointNetwork.virtualNetworkName,
                  subnetName: props.filePrivateEndpointNetwork.subnetName,
                }
              : {}),
            requireInfraEncryption: "true",
            allowBlobPublicAccess: "false",
            ...(tags ? { tags } : {}),
          },
          reclaimPolicy: fileReclaim,
          // Shares are regional (not zonal): nothing to wait for.
          volumeBindingMode: "Immediate",
          allowVolumeExpansion: true,
          mountOptions: [`uid=${owner.uid}`, `gid=${owner.gid}`, "dir_mode=0770", "file_mode=0660", "mfsymlinks", "cache=strict", "actimeo=30", "nosharesock"],
        }),
    });
  }
}

function checkId(scope: Construct, prop: string, id: string | undefined, pattern: RegExp, type: string): void {
  if (id === undefined || !isKnown(id)) return;
  if (!pattern.test(id)) {
    throw propError(
      scope,
      prop,
      `must be the resource ID of a Microsoft.Compute/${type} resource`,
      id,
      `pass /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Compute/${type}/<name>.`,
    );
  }
}

/** The drivers' tag format, `key1=value1,key2=value2`; ',' and '=' cannot appear in keys or values. */
function formatTags(scope: Construct, tags: Record<string, string>): string | undefined {
  const entries = Object.entries(tags);
  for (const [key, value] of entries) {
    if (/[,=]/.test(key) || /[,=]/.test(value) || key === "") {
      throw propError(scope, "tags", "must have non-empty keys and no ',' or '=' in keys or values", { [key]: value }, "remove the separator characters.");
    }
  }
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(",") : undefined;
}
