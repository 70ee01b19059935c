import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { ExternalLocation } from "@cdktf/provider-databricks/lib/external-location";
import { Grants } from "@cdktf/provider-databricks/lib/grants";
import { Schema } from "@cdktf/provider-databricks/lib/schema";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import { Construct } from "constructs";
import { checkPattern, collectProblems, propError, warnOptOut } from "../core/validation";
import { STORAGE_ACCOUNT_NAME } from "../core/storage-account-baseline";

/** The lake filesystem that holds Unity Catalog's managed storage (no lifecycle rule touches it). */
export const UNITY_CATALOG_FILESYSTEM = "catalog";

/** Schemas of the environment's catalog: one per medallion layer. */
export const CATALOG_SCHEMAS = ["bronze", "silver", "gold"] as const;

/** What a principal may do with the files under an external location. */
export type FileAccess = "read" | "readWrite";

/** Props of {@link UnityCatalogLake}. */
export interface UnityCatalogLakeProps {
  /**
   * Resource id of the workspace's access connector: it needs Storage Blob Data Reader or Contributor on each
   * filesystem, and Storage Blob Delegator on the account (`MedallionPlatform` grants both).
   */
  readonly accessConnectorId: string;
  /** Storage account name of the lake. */
  readonly storageAccountName: string;
  /** Lake filesystems that get an external location each, e.g. landing, bronze, silver, gold. */
  readonly filesystems: readonly string[];
  /** The catalog: `<workload>_<env>`. */
  readonly catalogName: string;
  /** Name of the storage credential. */
  readonly storageCredentialName: string;
  /** Name of the external location of a filesystem. */
  readonly externalLocationName: (filesystem: string) => string;
  /**
   * File access per principal (a service principal's application id, a group or a user) and filesystem. Grants on
   * each external location are authoritative: whoever is not listed has no grant there.
   * @default {} - nobody but the owner
   */
  readonly fileAccess?: Record<string, Partial<Record<string, FileAccess>>>;
  /**
   * Opt-out: let Unity Catalog validate the credential and locations by reaching the lake from Databricks'
   * control plane. That only works when the lake's firewall admits the access connector (trusted resource
   * instance), which this platform's private lake does not. Adds a warning.
   * @default true - validation skipped (the lake is reached only through private endpoints)
   */
  readonly skipValidation?: boolean;
}

export const UNITY_CATALOG_LAKE_DEFAULTS = {
  fileAccess: {},
  skipValidation: true,
} as const satisfies Partial<UnityCatalogLakeProps>;

const NAME = /^[a-z][a-z0-9_]{0,254}$/;

/**
 * Unity Catalog over the medallion lake: a storage credential from the workspace's access connector (managed
 * identity, no secret), one external location per lake filesystem, the environment's catalog (bound to this
 * workspace) with a `bronze`, `silver` and `gold` schema whose managed storage is in the `catalog` filesystem
 * (`<catalog>/_catalog`, `<catalog>/<schema>`: side by side, never nested),
 * and authoritative file grants per external location. Credential and locations are isolated to this workspace.
 *
 * @example
 * ```ts
 * new UnityCatalogLake(this, "Catalog", {
 *   accessConnectorId: platform.databricks.accessConnector.id,
 *   storageAccountName: platform.lake.name,
 *   filesystems: DATA_LAKE_LAYERS,
 *   catalogName: "medallion_dev",
 *   storageCredentialName: "lake_dev",
 *   externalLocationName: (filesystem) => `lake_dev_${filesystem}`,
 * });
 * ```
 */
export class UnityCatalogLake extends Construct {
  public readonly storageCredential: StorageCredential;
  public readonly externalLocations: Record<string, ExternalLocation> = {};
  public readonly catalog: Catalog;
  public readonly schemas: Record<(typeof CATALOG_SCHEMAS)[number], Schema>;
  public readonly grants: Record<string, Grants> = {};

  constructor(scope: Construct, id: string, props: UnityCatalogLakeProps) {
    super(scope, id);
    const known = new Set([...props.filesystems, UNITY_CATALOG_FILESYSTEM]);
    const fileAccess: NonNullable<UnityCatalogLakeProps["fileAccess"]> = props.fileAccess ?? UNITY_CATALOG_LAKE_DEFAULTS.fileAccess;
    collectProblems(this, [
      () => checkPattern(this, "catalogName", props.catalogName, NAME, "lowercase letters, digits and _, starting with a letter"),
      () => checkPattern(this, "storageCredentialName", props.storageCredentialName, NAME, "lowercase letters, digits and _, starting with a letter"),
      () => checkPattern(this, "storageAccountName", props.storageAccountName, STORAGE_ACCOUNT_NAME.pattern, STORAGE_ACCOUNT_NAME.rule),
      () => {
        if (props.filesystems.length === 0) throw propError(this, "filesystems", "must name at least one filesystem", [], "list the lake's filesystems.");
      },
      ...Object.entries(fileAccess).flatMap(([principal, access]) =>
        Object.entries(access).map(([fs, level]) => () => {
          if (!known.has(fs))
            throw propError(this, `fileAccess.${principal}`, `names a filesystem without an external location`, fs, `use one of ${[...known].join(", ")}.`);
          if (level !== "read" && level !== "readWrite")
            throw propError(this, `fileAccess.${principal}.${fs}`, "must be read or readWrite", level, "pick one.");
        }),
      ),
    ]);
    const skipValidation = props.skipValidation ?? UNITY_CATALOG_LAKE_DEFAULTS.skipValidation;
    if (!skipValidation)
      warnOptOut(this, "skipValidation", "Unity Catalog validates through the lake's public endpoint, which must then admit the access connector");

    this.storageCredential = new StorageCredential(this, "StorageCredential", {
      name: props.storageCredentialName,
      azureManagedIdentity: { accessConnectorId: props.accessConnectorId },
      isolationMode: "ISOLATION_MODE_ISOLATED",
      skipValidation,
      comment: "The lake, through the workspace's access connector (managed identity)",
    });
    const url = (fs: string, path = "") => `abfss://${fs}@${props.storageAccountName}.dfs.core.windows.net/${path}`;
    for (const fs of known) {
      this.externalLocations[fs] = new ExternalLocation(this, `ExternalLocation-${fs}`, {
        name: props.externalLocationName(fs),
        url: url(fs),
        credentialName: this.storageCredential.name,
        isolationMode: "ISOLATION_MODE_ISOLATED",
        skipValidation,
        comment: fs === UNITY_CATALOG_FILESYSTEM ? "Managed storage of the catalog and its schemas" : `The ${fs} layer of the lake`,
      });
    }
    const managed = this.externalLocations[UNITY_CATALOG_FILESYSTEM];
    // Workspaces enabled for Unity Catalog automatically have a metastore without root storage: the catalog needs its own.
    this.catalog = new Catalog(this, "Catalog", {
      name: props.catalogName,
      storageRoot: url(UNITY_CATALOG_FILESYSTEM, `${props.catalogName}/_catalog`),
      isolationMode: "ISOLATED",
      comment: "The medallion layers of this environment",
      dependsOn: [managed],
    });
    const schemas: Partial<Record<(typeof CATALOG_SCHEMAS)[number], Schema>> = {};
    for (const layer of CATALOG_SCHEMAS) {
      schemas[layer] = new Schema(this, `Schema-${layer}`, {
        catalogName: this.catalog.name,
        name: layer,
        storageRoot: url(UNITY_CATALOG_FILESYSTEM, `${props.catalogName}/${layer}`),
        comment: `Tables of the ${layer} layer`,
        dependsOn: [managed],
      });
    }
    this.schemas = schemas as Record<(typeof CATALOG_SCHEMAS)[number], Schema>;

    for (const fs of known) {
      const grant = Object.entries(fileAccess)
        .filter(([, access]) => access[fs] !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([principal, access]) => ({ principal, privileges: access[fs] === "readWrite" ? ["READ_FILES", "WRITE_FILES"] : ["READ_FILES"] }));
      if (grant.length === 0) continue;
      this.grants[fs] = new Grants(this, `Grants-${fs}`, { externalLocation: this.externalLocations[fs].id, grant });
    }
  }
}
