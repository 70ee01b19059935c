/**
 * Names of the medallion flow's Data Factory entities and Databricks workspace paths: a contract with the
 * notebooks, monitoring, alerts and runbooks, so they live in one place.
 */
export const MEDALLION_NAMES = {
  /** The shared worker: one source, one date, landing -> bronze -> silver -> gold -> SQL. Never run it directly. */
  sourcePipeline: "pl_medallion_source",
  /** Every source for one date (backfills); calls each source's run pipeline. */
  allSourcesPipeline: "pl_medallion_all_sources",
  lakeLinkedService: "ls_lake",
  databricksLinkedService: "ls_databricks",
  sqlLinkedService: "ls_sql_serving",
  keyVaultLinkedService: "ls_key_vault",
  transformCredential: "cred_transform",
  parquetDataset: "ds_lake_parquet",
  csvDataset: "ds_lake_csv",
  folderDataset: "ds_lake_folder",
  sqlTableDataset: "ds_sql_table",
} as const;

/** Access to one filesystem of the lake. */
export type LakeAccess = "read" | "readWrite";

/**
 * Which filesystems of the lake each identity of the flow uses, and how: the only lake access they get. Data Factory
 * reads file drops in `landing`, replaces the bronze partition and reads `gold` for the serving copy; the notebooks
 * (Unity Catalog, through the workspace's access connector) read `bronze` and write `silver` and `gold`, and the
 * catalog's managed tables live in its own filesystem.
 */
export const MEDALLION_LAKE_ACCESS = {
  factory: { landing: "read", bronze: "readWrite", gold: "read" },
  transformation: { bronze: "read", silver: "readWrite", gold: "readWrite" },
} as const satisfies Record<string, Partial<Record<"landing" | "bronze" | "silver" | "gold", LakeAccess>>>;

/** The filesystems of `access` with the given level. */
export const filesystemsWith = (access: Readonly<Record<string, LakeAccess>>, level: LakeAccess) =>
  Object.entries(access)
    .filter(([, l]) => l === level)
    .map(([fs]) => fs);

/** Per-source entities. */
export const sourceNames = (source: string) => ({
  /** Runs the worker for one date; concurrency 1, so one source and date are never processed twice at once. */
  runPipeline: `pl_medallion_run_${source}`,
  /** Started by every blob under `landing/<source>/`: checks its path, runs the source when the marker lands. */
  dropPipeline: `pl_medallion_drop_${source}`,
  dailyTrigger: `tr_${source}_daily`,
  fileDropTrigger: `tr_${source}_file_drop`,
});

/** The transformation steps: a notebook each, and a SQL file per source and step. */
export const TRANSFORMATION_STEPS = ["bronze_to_silver", "silver_to_gold"] as const;
export type TransformationStep = (typeof TRANSFORMATION_STEPS)[number];

/**
 * Workspace folder of the notebooks and SQL files: the home folder of the transformation identity's service
 * principal (`/Users/<application id>`), which only it and workspace admins can change. A folder under /Shared
 * would let every workspace user edit code that runs with the identity's grants.
 */
export const transformationFolder = (applicationId: string) => `/Users/${applicationId}/medallion`;
export const notebookPath = (folder: string, step: TransformationStep) => `${folder}/${step}`;
export const sqlFilePath = (folder: string, source: string, step: TransformationStep) => `${folder}/sql/${source}/${step}.sql`;
