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
import { propError } from "../core/validation";

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
      new SqlTableDataset(this, "SqlTableDataset", { factory, name: n.sqlTableDataset, linkedService: sqlLs, linkedServiceId: sqlLs.resource.id }),
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
    this.sourcePipeline.node.addDependency(...referenced);
    this.allSourcesPipeline.node.addDependency(this.sourcePipeline);

    for (const source of props.sources) {
      const parameters = {
        sourceName: source.name,
        sourceFormat: source.format,
        goldSchema: source.goldTable.schema,
        goldTable: source.goldTable.table,
      };
      if (source.trigger.type === "schedule") {
        new ScheduleTrigger(this, `ScheduleTrigger-${source.name}`, {
          factory,
          name: `tr_${source.name}_schedule`,
          pipelineName: this.sourcePipeline.name,
          frequency: source.trigger.frequency,
          interval: source.trigger.interval,
          startTime: source.trigger.startTime,
          timeZone: source.trigger.timeZone,
          pipelineParameters: { ...parameters, runDate: "@trigger().scheduledTime" },
        }).node.addDependency(this.sourcePipeline);
      } else {
        new StorageEventTrigger(this, `FileDropTrigger-${source.name}`, {
          factory,
          name: `tr_${source.name}_file_drop`,
          pipelineName: this.sourcePipeline.name,
          storageAccountId: props.lake.id,
          container: "landing",
          pathPrefix: `${source.name}/`,
          pipelineParameters: { ...parameters, runDate: "@trigger().startTime" },
        }).node.addDependency(this.sourcePipeline);
      }
    }
  }
}

/** `abfss://<layer>@<account>.dfs.core.windows.net/<partition>` as an expression, for notebook parameters. */
function lakeUrl(layer: string, accountName: string): string {
  return concat(`abfss://${layer}@${accountName}.dfs.core.windows.net/`, variable("partitionPath"));
}

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
  const table = concat(param("goldSchema"), ".", param("goldTable"));
  const serve = new CopyActivity("Copy gold to SQL", {
    input: lakeRef(n.parquetDataset, "gold"),
    output: datasetRef(n.sqlTableDataset, { schemaName: param("goldSchema"), tableName: param("goldTable") }),
    source: { type: "ParquetSource", storeSettings: readAll },
    sink: {
      type: "AzureSqlSink",
      tableOption: "autoCreate",
      writeBehavior: "Insert",
      // Idempotent re-runs: the gold notebook writes a run_date column; rows of this date are replaced.
      preCopyScript: concat(
        "IF OBJECT_ID('",
        table,
        "') IS NOT NULL DELETE FROM ",
        table,
        " WHERE run_date = '",
        formatDateTime(param("runDate"), "yyyy-MM-dd"),
        "'",
      ),
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
