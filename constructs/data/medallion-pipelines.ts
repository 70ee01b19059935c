import { dependable, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { DataLake } from "./data-lake";
import { IDataFactory } from "./data-factory";
import {
  concat,
  CopyActivity,
  DatabricksNotebookActivity,
  datasetRef,
  ExecutePipelineActivity,
  ForEachActivity,
  formatDateTime,
  IfConditionActivity,
  item,
  linkedServiceRef,
  param,
  pipelineRef,
  SetVariableActivity,
  variable,
} from "./factory";
import { LakeDelimitedTextDataset, LakeParquetDataset, SqlTableDataset } from "./factory/datasets";
import { DatabricksLinkedService, JobClusterProps, KeyVaultLinkedService, LakeLinkedService, SqlLinkedService } from "./factory/linked-services";
import { Pipeline } from "./factory/pipeline";
import { PipelineDefinition } from "./factory/pipeline-definition";
import { ScheduleFrequency, ScheduleTrigger, StorageEventTrigger } from "./factory/triggers";
import { checkPattern, propError } from "../core/validation";

/** A Databricks notebook step of the pipeline. */
export interface NotebookStep {
  /** Absolute workspace path, e.g. "/Repos/data-platform/notebooks/bronze_to_silver". */
  readonly path: string;
  /**
   * Extra notebook parameters (dedupe keys, null filters, date columns...).
   * @default {}
   */
  readonly parameters?: Record<string, string>;
}

/** How a source's runs start. */
export type SourceTrigger =
  | {
      readonly type: "schedule";
      readonly frequency: ScheduleFrequency;
      readonly interval: number;
      /** ISO 8601 date-time of the first run. */
      readonly startTime: string;
      /** @default "UTC" */
      readonly timeZone?: string;
    }
  | { readonly type: "fileDrop" };

/** A data source of the medallion pipeline, declared in the environment config. */
export interface MedallionSource {
  /** Source name: the folder under each layer (`<layer>/<name>/yyyy/MM/dd`). */
  readonly name: string;
  /** Format of the files in `landing/<name>/yyyy/MM/dd/`. */
  readonly format: "csv" | "parquet";
  readonly trigger: SourceTrigger;
  /** Serving table that receives the source's gold data. */
  readonly goldTable: { readonly schema: string; readonly table: string };
}

/** Props of {@link MedallionPipelines}. */
export interface MedallionPipelinesProps {
  readonly factory: IDataFactory;
  readonly lake: DataLake;
  readonly databricks: { readonly workspaceId: string; readonly workspaceUrl: string; readonly jobCluster: JobClusterProps };
  readonly sql: { readonly serverFqdn: string; readonly databaseName: string };
  readonly keyVaultId: string;
  readonly bronzeToSilver: NotebookStep;
  readonly silverToGold: NotebookStep;
  readonly sources: readonly MedallionSource[];
}

/** Names of the factory's entities; part of the contract with notebooks, monitoring and runbooks. */
export const MEDALLION_NAMES = {
  sourcePipeline: "pl_medallion_source",
  allSourcesPipeline: "pl_medallion_all_sources",
  lakeLinkedService: "ls_lake",
  databricksLinkedService: "ls_databricks",
  sqlLinkedService: "ls_sql_serving",
  keyVaultLinkedService: "ls_key_vault",
  parquetDataset: "ds_lake_parquet",
  csvDataset: "ds_lake_csv",
  sqlTableDataset: "ds_sql_table",
} as const;

const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const COPY_POLICY = { timeout: "0.02:00:00", retry: 2, retryIntervalInSeconds: 60 } as const;
const NOTEBOOK_POLICY = { timeout: "0.04:00:00", retry: 1, retryIntervalInSeconds: 120 } as const;

/**
 * The metadata-driven medallion pipeline and its triggers. One pipeline, `pl_medallion_source`, serves every
 * source: ingest (Copy landing -> bronze, CSV or Parquet) -> notebook bronze -> silver (dedupe, null filtering,
 * date normalisation) -> notebook silver -> gold (aggregates) -> Copy gold -> SQL table. Each folder is
 * `<layer>/<source>/yyyy/MM/dd` from the run date. Scheduled sources get a schedule trigger, file-drop sources a
 * storage event trigger on `landing/<source>/`. `pl_medallion_all_sources` runs every source for one date
 * (backfills, reprocessing).
 */
export class MedallionPipelines extends Construct {
  public readonly sourcePipeline: Pipeline;
  public readonly allSourcesPipeline: Pipeline;

  constructor(scope: Construct, id: string, props: MedallionPipelinesProps) {
    super(scope, id);
    if (props.sources.length === 0) throw propError(this, "sources", "must declare at least one source", [], "add a source.");
    const names = new Set<string>();
    for (const s of props.sources) {
      if (names.has(s.name)) throw propError(this, "sources[].name", "must be unique", s.name, "rename one of the sources.");
      names.add(s.name);
      // The name becomes lake folders, trigger names and construct ids; schema and table are spliced into the
      // pre-copy SQL script, so neither may carry anything but identifier characters.
      checkPattern(this, "sources[].name", s.name, /^[a-z][a-z0-9_]{0,39}$/, "1-40 lowercase letters, digits or _, starting with a letter");
      checkPattern(this, `sources[${s.name}].goldTable.schema`, s.goldTable.schema, SQL_IDENTIFIER, "a SQL identifier (letters, digits, _)");
      checkPattern(this, `sources[${s.name}].goldTable.table`, s.goldTable.table, SQL_IDENTIFIER, "a SQL identifier (letters, digits, _)");
    }
    const factory = props.factory;
    const n = MEDALLION_NAMES;

    const lakeLs = new LakeLinkedService(this, "LakeLinkedService", { factory, name: n.lakeLinkedService, dfsEndpoint: props.lake.dfsEndpoint });
    const sqlLs = new SqlLinkedService(this, "SqlLinkedService", { factory, name: n.sqlLinkedService, ...props.sql });
    new KeyVaultLinkedService(this, "KeyVaultLinkedService", { factory, name: n.keyVaultLinkedService, keyVaultId: props.keyVaultId });
    // Pipelines reference these by name, so Terraform must create them first (explicit dependencies below).
    const referenced = [
      lakeLs,
      sqlLs,
      new DatabricksLinkedService(this, "DatabricksLinkedService", { factory, name: n.databricksLinkedService, ...props.databricks }),
      new LakeParquetDataset(this, "ParquetDataset", { factory, name: n.parquetDataset, linkedService: lakeLs }),
      new LakeDelimitedTextDataset(this, "CsvDataset", { factory, name: n.csvDataset, linkedService: lakeLs }),
      new SqlTableDataset(this, "SqlTableDataset", { factory, name: n.sqlTableDataset, linkedService: sqlLs }),
    ];

    this.sourcePipeline = new Pipeline(this, "SourcePipeline", {
      factory,
      name: n.sourcePipeline,
      description: "Medallion flow for one source: landing -> bronze -> silver -> gold -> SQL",
      definition: sourcePipelineDefinition(props, props.lake.name),
    });
    this.allSourcesPipeline = new Pipeline(this, "AllSourcesPipeline", {
      factory,
      name: n.allSourcesPipeline,
      description: "Runs the medallion flow of every source for one date",
      concurrency: 1,
      definition: allSourcesDefinition(props.sources),
    });
    dependOn(this.sourcePipeline, ...referenced);
    dependOn(this.allSourcesPipeline, this.sourcePipeline);

    for (const source of props.sources) {
      const parameters = {
        sourceName: source.name,
        sourceFormat: source.format,
        goldSchema: source.goldTable.schema,
        goldTable: source.goldTable.table,
      };
      const trigger =
        source.trigger.type === "schedule"
          ? new ScheduleTrigger(this, `ScheduleTrigger-${source.name}`, {
              factory,
              name: `tr_${source.name}_schedule`,
              pipelineName: this.sourcePipeline.name,
              frequency: source.trigger.frequency,
              interval: source.trigger.interval,
              startTime: source.trigger.startTime,
              timeZone: source.trigger.timeZone,
              pipelineParameters: { ...parameters, runDate: "@trigger().scheduledTime" },
            })
          : new StorageEventTrigger(this, `FileDropTrigger-${source.name}`, {
              factory,
              name: `tr_${source.name}_file_drop`,
              pipelineName: this.sourcePipeline.name,
              storageAccountId: props.lake.id,
              container: "landing",
              pathPrefix: `${source.name}/`,
              pipelineParameters: { ...parameters, runDate: FILE_DROP_RUN_DATE },
            });
      dependOn(trigger, this.sourcePipeline);
    }
  }
}

/**
 * Adds `depends_on` from one construct's resource to others'. Pipelines and triggers reference linked services,
 * datasets and pipelines by name only, so Terraform sees no implicit dependency; cdktf ignores construct-level
 * `node.addDependency`, so the dependency must be on the Terraform resources.
 */
function dependOn(dependent: { readonly resource: TerraformResource }, ...on: ReadonlyArray<{ readonly resource: TerraformResource }>): void {
  dependent.resource.dependsOn = [...(dependent.resource.dependsOn ?? []), ...on.map((c) => dependable(c.resource))];
}

/** `abfss://<layer>@<account>.dfs.core.windows.net/<partition>` as an expression, for notebook parameters. */
function lakeUrl(layer: string, accountName: string): string {
  return concat(`abfss://${layer}@${accountName}.dfs.core.windows.net/`, variable("partitionPath"));
}

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
  "', @runDate date = '",
  formatDateTime(param("runDate"), "yyyy-MM-dd"),
  "'; IF OBJECT_ID(QUOTENAME(@schema) + N'.' + QUOTENAME(@table), N'U') IS NOT NULL BEGIN ",
  "DECLARE @sql nvarchar(max) = N'DELETE FROM ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table) + N' WHERE run_date = @runDate'; ",
  "EXEC sp_executesql @sql, N'@runDate date', @runDate = @runDate; END",
);

/**
 * Run date of a file drop, from the folder the file landed in (`landing/<source>/yyyy/MM/dd`), so a late file
 * is processed with its own partition rather than the day it arrived.
 */
const FILE_DROP_RUN_DATE = (() => {
  const part = (i: number) => `split(triggerBody().folderPath, '/')[${i}]`;
  return `@concat(${part(2)}, '-', ${part(3)}, '-', ${part(4)}, 'T00:00:00Z')`;
})();

function sourcePipelineDefinition(props: MedallionPipelinesProps, accountName: string): PipelineDefinition {
  const n = MEDALLION_NAMES;
  // Every lake dataset reference points at <layer>/<source>/yyyy/MM/dd of this run.
  const lakeRef = (dataset: string, layer: string) => datasetRef(dataset, { layer, source: param("sourceName"), runDate: param("runDate") });
  const readAll = { type: "AzureBlobFSReadSettings", recursive: true, wildcardFileName: "*" } as const;
  const writeBronze = { type: "ParquetSink", storeSettings: { type: "AzureBlobFSWriteSettings", copyBehavior: "PreserveHierarchy" } } as const;

  const partition = new SetVariableActivity("Set partition path", {
    variableName: "partitionPath",
    value: concat(param("sourceName"), "/", formatDateTime(param("runDate"), "yyyy/MM/dd")),
    description: "Date-partitioned folder <source>/yyyy/MM/dd of this run",
  });
  const ingest = new IfConditionActivity("Ingest landing to bronze", {
    expression: "@equals(pipeline().parameters.sourceFormat, 'csv')",
    ifTrue: [
      new CopyActivity("Copy CSV to bronze", {
        input: lakeRef(n.csvDataset, "landing"),
        output: lakeRef(n.parquetDataset, "bronze"),
        source: { type: "DelimitedTextSource", storeSettings: readAll, formatSettings: { type: "DelimitedTextReadSettings" } },
        sink: writeBronze,
        policy: COPY_POLICY,
      }),
    ],
    ifFalse: [
      new CopyActivity("Copy Parquet to bronze", {
        input: lakeRef(n.parquetDataset, "landing"),
        output: lakeRef(n.parquetDataset, "bronze"),
        source: { type: "ParquetSource", storeSettings: readAll },
        sink: writeBronze,
        policy: COPY_POLICY,
      }),
    ],
  }).after(partition);
  const notebook = (name: string, step: NotebookStep, from: string, to: string) =>
    new DatabricksNotebookActivity(name, {
      linkedService: linkedServiceRef(n.databricksLinkedService),
      notebookPath: step.path,
      baseParameters: {
        ...step.parameters,
        source: param("sourceName"),
        runDate: param("runDate"),
        inputPath: lakeUrl(from, accountName),
        outputPath: lakeUrl(to, accountName),
      },
      policy: NOTEBOOK_POLICY,
    });
  const toSilver = notebook("Bronze to silver", props.bronzeToSilver, "bronze", "silver").after(ingest);
  const toGold = notebook("Silver to gold", props.silverToGold, "silver", "gold").after(toSilver);
  const serve = new CopyActivity("Copy gold to SQL", {
    input: lakeRef(n.parquetDataset, "gold"),
    output: datasetRef(n.sqlTableDataset, { schemaName: param("goldSchema"), tableName: param("goldTable") }),
    source: { type: "ParquetSource", storeSettings: readAll },
    sink: {
      type: "AzureSqlSink",
      tableOption: "autoCreate",
      writeBehavior: "Insert",
      // Idempotent re-runs: the gold notebook writes a run_date column; rows of this date are replaced.
      preCopyScript: replaceRunDateRows,
    },
    policy: COPY_POLICY,
  }).after(toGold);

  return new PipelineDefinition({
    name: n.sourcePipeline,
    parameters: {
      sourceName: { type: "String" },
      sourceFormat: { type: "String", defaultValue: "csv" },
      runDate: { type: "String" },
      goldSchema: { type: "String", defaultValue: "gold" },
      goldTable: { type: "String" },
    },
    variables: { partitionPath: { type: "String" } },
    activities: [partition, ingest, toSilver, toGold, serve],
  });
}

function allSourcesDefinition(sources: readonly MedallionSource[]): PipelineDefinition {
  const metadata = sources.map((s) => ({ name: s.name, format: s.format, goldSchema: s.goldTable.schema, goldTable: s.goldTable.table }));
  const forEach = new ForEachActivity("For each source", {
    items: "@json(pipeline().parameters.sources)",
    isSequential: false,
    batchCount: 4,
    activities: [
      new ExecutePipelineActivity("Run source pipeline", {
        pipeline: pipelineRef(MEDALLION_NAMES.sourcePipeline),
        waitOnCompletion: true,
        parameters: {
          sourceName: item("name"),
          sourceFormat: item("format"),
          goldSchema: item("goldSchema"),
          goldTable: item("goldTable"),
          runDate: param("runDate"),
        },
      }),
    ],
  });
  return new PipelineDefinition({
    name: MEDALLION_NAMES.allSourcesPipeline,
    parameters: {
      runDate: { type: "String" },
      // azurerm declares pipeline parameters as strings, so the source list travels as JSON text.
      sources: { type: "String", defaultValue: JSON.stringify(metadata) },
    },
    activities: [forEach],
  });
}
