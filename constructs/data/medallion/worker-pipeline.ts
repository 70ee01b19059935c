import {
  concat,
  CopyActivity,
  DatabricksNotebookActivity,
  datasetRef,
  DeleteActivity,
  FailActivity,
  formatDateTime,
  GetMetadataActivity,
  IfConditionActivity,
  linkedServiceRef,
  param,
  SetVariableActivity,
  variable,
} from "../factory";
import { IDataset } from "../factory/datasets";
import { ILinkedService } from "../factory/linked-services";
import { PipelineDefinition } from "../factory/pipeline-definition";
import { CSV_DEFAULTS } from "./source";
import { MEDALLION_NAMES, TransformationStep, notebookPath } from "./names";

/** What the worker needs to know about the platform. */
export interface WorkerPipelineProps {
  /** Storage account name of the lake (for the notebooks' `abfss://` paths). */
  readonly lakeAccountName: string;
  /** Workspace folder of the notebooks and SQL files ({@link transformationFolder}). */
  readonly transformationFolder: string;
  /** The lake datasets (date-partitioned folders) and the serving table the worker reads and writes. */
  readonly datasets: { readonly folder: IDataset; readonly csv: IDataset; readonly parquet: IDataset; readonly sqlTable: IDataset };
  /** The Databricks linked service the notebooks run on. */
  readonly databricks: ILinkedService;
}

const COPY_POLICY = { timeout: "0.02:00:00", retry: 2, retryIntervalInSeconds: 60 } as const;
const NOTEBOOK_POLICY = { timeout: "0.04:00:00", retry: 1, retryIntervalInSeconds: 120 } as const;
const METADATA_POLICY = { timeout: "0.00:10:00", retry: 2, retryIntervalInSeconds: 30 } as const;

/** A pipeline parameter as the body of a T-SQL N'...' literal: single quotes doubled. */
const sqlStringOf = (name: string) => `@replace(pipeline().parameters.${name}, '''', '''''')`;

/**
 * Deletes the run date's rows from the gold table before the copy. Schema and table arrive as pipeline
 * parameters, so they are never spliced into SQL text: they are quoted as string literals, turned into
 * identifiers with QUOTENAME, and the date is a typed parameter of sp_executesql.
 */
const replaceRunDateRows = concat(
  "DECLARE @schema sysname = N'",
  sqlStringOf("goldSchema"),
  "', @table sysname = N'",
  sqlStringOf("goldTable"),
  "', @runDate date = N'",
  sqlStringOf("runDate"),
  "'; IF OBJECT_ID(QUOTENAME(@schema) + N'.' + QUOTENAME(@table), N'U') IS NOT NULL BEGIN ",
  "DECLARE @sql nvarchar(max) = N'DELETE FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table) + N' WHERE run_date = @runDate'; ",
  "EXEC sp_executesql @sql, N'@runDate date', @runDate = @runDate; END",
);

/**
 * `pl_medallion_source`, the worker shared by every source: one source, one date (`runDate`, `yyyy-MM-dd`).
 * Source runs reach it only through `pl_medallion_run_<source>` (concurrency 1), which serialises each source.
 *
 * 1. checks the run date; 2. deletes the bronze partition, so a landing file renamed or removed since an earlier run
 * does not survive; 3. copies `*.csv` or `*.parquet` of the landing partition (not sub-folders, not the marker) to
 * bronze as Parquet; 4-5. runs the notebooks, which overwrite the silver and gold partitions; 6. replaces the date's
 * rows of the gold table (created ahead, `servingSetupSql`) with the gold partition's `*.parquet`.
 */
export function workerPipelineDefinition(props: WorkerPipelineProps): PipelineDefinition {
  const ds = props.datasets;
  const partition = { layer: "", source: param("sourceName"), runDate: param("runDate") };
  const lake = (dataset: IDataset, layer: string, extra: Record<string, string> = {}) => datasetRef(dataset, { ...partition, layer, ...extra });
  const readFolder = (wildcardFileName: string) => ({ type: "AzureBlobFSReadSettings", recursive: false, wildcardFileName }) as const;
  const writeBronze = { type: "ParquetSink", storeSettings: { type: "AzureBlobFSWriteSettings", copyBehavior: "PreserveHierarchy" } } as const;

  const checkRunDate = new IfConditionActivity("Check run date", {
    description: "runDate must be a date written yyyy-MM-dd",
    expression: "@not(equals(formatDateTime(pipeline().parameters.runDate, 'yyyy-MM-dd'), pipeline().parameters.runDate))",
    ifTrue: [
      new FailActivity("Fail on run date", {
        message: concat("runDate must be a date written yyyy-MM-dd (got '", param("runDate"), "')"),
        errorCode: "InvalidRunDate",
      }),
    ],
  });
  const setPartition = new SetVariableActivity("Set partition path", {
    variableName: "partitionPath",
    value: concat(param("sourceName"), "/", formatDateTime(param("runDate"), "yyyy/MM/dd")),
    description: "Date-partitioned folder <source>/yyyy/MM/dd of this run",
  }).after(checkRunDate);
  const findBronze = new GetMetadataActivity("Look for bronze partition", {
    dataset: lake(ds.folder, "bronze"),
    // `exists` answers false for a missing folder instead of failing (Delete's behaviour there is undocumented).
    fieldList: ["exists"],
    // Both settings are spelled out because azurerm's pipeline model sends absent ones as null and reads them back
    // as a different value: the pipeline would show a change on every plan. Compression settings apply only to a
    // compressed dataset; this one has none, so they do nothing here.
    storeSettings: { type: "AzureBlobFSReadSettings", recursive: false },
    formatSettings: { type: "BinaryReadSettings", compressionProperties: { type: "ZipDeflateReadSettings" } },
    policy: METADATA_POLICY,
  }).after(checkRunDate);
  const clearBronze = new IfConditionActivity("Clear bronze partition", {
    expression: "@activity('Look for bronze partition').output.exists",
    ifTrue: [
      new DeleteActivity("Delete bronze partition", {
        dataset: lake(ds.folder, "bronze"),
        storeSettings: { type: "AzureBlobFSReadSettings", recursive: true },
        policy: METADATA_POLICY,
      }),
    ],
  }).after(findBronze);
  const ingest = new IfConditionActivity("Ingest landing to bronze", {
    expression: "@equals(pipeline().parameters.sourceFormat, 'csv')",
    ifTrue: [
      new CopyActivity("Copy CSV to bronze", {
        input: lake(ds.csv, "landing", {
          delimiter: param("csvDelimiter"),
          quote: param("csvQuote"),
          escape: param("csvEscape"),
          encoding: param("csvEncoding"),
          header: param("csvHeader"),
        }),
        output: lake(ds.parquet, "bronze"),
        // No formatSettings: azurerm's model would add a null compressionProperties to them and show a change on
        // every plan; the dialect is the dataset's.
        source: { type: "DelimitedTextSource", storeSettings: readFolder("*.csv") },
        sink: writeBronze,
        policy: COPY_POLICY,
      }),
    ],
    ifFalse: [
      new CopyActivity("Copy Parquet to bronze", {
        input: lake(ds.parquet, "landing"),
        output: lake(ds.parquet, "bronze"),
        source: { type: "ParquetSource", storeSettings: readFolder("*.parquet") },
        sink: writeBronze,
        policy: COPY_POLICY,
      }),
    ],
  }).after(clearBronze);

  const lakeUrl = (layer: string) => concat(`abfss://${layer}@${props.lakeAccountName}.dfs.core.windows.net/`, variable("partitionPath"));
  const notebook = (name: string, step: TransformationStep, from: string, to: string) =>
    new DatabricksNotebookActivity(name, {
      linkedService: linkedServiceRef(props.databricks),
      notebookPath: notebookPath(props.transformationFolder, step),
      baseParameters: {
        source: param("sourceName"),
        runDate: param("runDate"),
        inputPath: lakeUrl(from),
        outputPath: lakeUrl(to),
        // Workspace files are read through the /Workspace mount of the cluster's file system.
        sqlPath: concat(`/Workspace${props.transformationFolder}/sql/`, param("sourceName"), `/${step}.sql`),
      },
      policy: NOTEBOOK_POLICY,
    });
  const toSilver = notebook("Bronze to silver", "bronze_to_silver", "bronze", "silver").after(ingest).after(setPartition);
  const toGold = notebook("Silver to gold", "silver_to_gold", "silver", "gold").after(toSilver);
  const serve = new CopyActivity("Copy gold to SQL", {
    input: lake(ds.parquet, "gold"),
    output: datasetRef(ds.sqlTable, { schemaName: param("goldSchema"), tableName: param("goldTable") }),
    // Only the data files: Spark also leaves _SUCCESS (and, after a failed attempt, _temporary/) in the folder.
    source: { type: "ParquetSource", storeSettings: readFolder("*.parquet") },
    // Into the table created ahead (sql/<env>/serving-setup.sql): the factory has no DDL right.
    sink: {
      type: "AzureSqlSink",
      writeBehavior: "Insert",
      // Idempotent re-runs: gold rows carry run_date (a DATE); the date's rows are replaced.
      preCopyScript: replaceRunDateRows,
    },
    policy: COPY_POLICY,
  }).after(toGold);

  return new PipelineDefinition({
    name: MEDALLION_NAMES.sourcePipeline,
    parameters: {
      sourceName: { type: "String" },
      sourceFormat: { type: "String" },
      runDate: { type: "String" },
      goldSchema: { type: "String" },
      goldTable: { type: "String" },
      csvDelimiter: { type: "String", defaultValue: CSV_DEFAULTS.delimiter },
      csvQuote: { type: "String", defaultValue: CSV_DEFAULTS.quote },
      csvEscape: { type: "String", defaultValue: CSV_DEFAULTS.escape },
      csvEncoding: { type: "String", defaultValue: CSV_DEFAULTS.encoding },
      csvHeader: { type: "String", defaultValue: String(CSV_DEFAULTS.header) },
    },
    variables: { partitionPath: { type: "String" } },
    activities: [checkRunDate, setPartition, findBronze, clearBronze, ingest, toSilver, toGold, serve],
  });
}

/** Exported for tests: the SQL the worker runs against the serving database. */
export const WORKER_SQL = { replaceRunDateRows } as const;
