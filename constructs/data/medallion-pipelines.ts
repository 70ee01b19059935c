import { Construct } from "constructs";
import { DataLake } from "./data-lake";
import { IDataFactory } from "./data-factory";
import { UserAssignedIdentityCredential } from "./factory/credentials";
import { LakeDelimitedTextDataset, LakeFolderDataset, LakeParquetDataset, SqlTableDataset } from "./factory/datasets";
import { DatabricksLinkedService, JobClusterProps, KeyVaultLinkedService, LakeLinkedService, SqlLinkedService } from "./factory/linked-services";
import { Pipeline } from "./factory/pipeline";
import { StorageEventTrigger, TumblingWindowTrigger } from "./factory/triggers";
import { allSourcesDefinition, dropPipelineDefinition, runPipelineDefinition } from "./medallion/entry-pipelines";
import { MEDALLION_NAMES, sourceNames, transformationFolder } from "./medallion/names";
import { checkSource, dailyWindow, DEFAULT_MARKER, MedallionSource } from "./medallion/source";
import { workerPipelineDefinition } from "./medallion/worker-pipeline";
import { collectProblems, propError } from "../core/validation";

export { MEDALLION_NAMES } from "./medallion/names";
export type { CsvDialect, MedallionSource, SourceTrigger } from "./medallion/source";

/** The identity the notebooks run as (a user-assigned managed identity, assigned to the factory). */
export interface TransformIdentity {
  /** Resource id of the user-assigned identity. */
  readonly id: string;
  /** Its client (application) id: the Databricks service principal and the workspace folder of the code. */
  readonly clientId: string;
}

/** Props of {@link MedallionPipelines}. */
export interface MedallionPipelinesProps {
  readonly factory: IDataFactory;
  readonly lake: DataLake;
  readonly databricks: { readonly workspaceId: string; readonly workspaceUrl: string; readonly jobCluster: JobClusterProps };
  readonly sql: { readonly serverFqdn: string; readonly databaseName: string };
  readonly keyVaultId: string;
  /** The notebooks run as this identity, through a factory credential. */
  readonly transformIdentity: TransformIdentity;
  readonly sources: readonly MedallionSource[];
}

/**
 * The medallion flow in Data Factory. `pl_medallion_source` (the worker) processes one source and date: landing
 * -> bronze (copy), bronze -> silver and silver -> gold (Databricks notebooks, run as the transformation
 * identity on single-user job clusters), gold -> SQL. Each source gets `pl_medallion_run_<source>` (concurrency 1,
 * the only way in), a daily tumbling-window trigger or a storage event trigger with `pl_medallion_drop_<source>`
 * (path check, completion marker); `pl_medallion_all_sources` runs every source for one date.
 *
 * @example
 * ```ts
 * new MedallionPipelines(this, "Pipelines", {
 *   factory,
 *   lake,
 *   databricks: {
 *     workspaceId: workspace.id,
 *     workspaceUrl: workspace.workspaceUrl,
 *     jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
 *   },
 *   sql: { serverFqdn: sql.serverFqdn, databaseName: "sqldb-gold" },
 *   keyVaultId: vault.id,
 *   transformIdentity: { id: transformIdentity.id, clientId: transformIdentity.clientId },
 *   sources: [orders],
 * });
 * ```
 */
export class MedallionPipelines extends Construct {
  public readonly sourcePipeline: Pipeline;
  public readonly allSourcesPipeline: Pipeline;
  /** Per source: its run pipeline and, for file drops, its drop pipeline. */
  public readonly sourcePipelines: Record<string, { readonly run: Pipeline; readonly drop?: Pipeline }> = {};

  constructor(scope: Construct, id: string, props: MedallionPipelinesProps) {
    super(scope, id);
    if (props.sources.length === 0) throw propError(this, "sources", "must declare at least one source", [], "add a source.");
    const names = new Set<string>();
    collectProblems(
      this,
      props.sources.map((s) => () => {
        if (names.has(s.name)) throw propError(this, "sources[].name", "must be unique", s.name, "rename one of the sources.");
        names.add(s.name);
        checkSource(this, s);
      }),
    );
    const factory = props.factory;
    const n = MEDALLION_NAMES;

    const lakeLs = new LakeLinkedService(this, "LakeLinkedService", { factory, name: n.lakeLinkedService, dfsEndpoint: props.lake.dfsEndpoint });
    const sqlLs = new SqlLinkedService(this, "SqlLinkedService", { factory, name: n.sqlLinkedService, ...props.sql });
    new KeyVaultLinkedService(this, "KeyVaultLinkedService", { factory, name: n.keyVaultLinkedService, keyVaultId: props.keyVaultId });
    const credential = new UserAssignedIdentityCredential(this, "TransformCredential", {
      factory,
      name: n.transformCredential,
      identityId: props.transformIdentity.id,
      description: "The identity the Databricks notebooks run as (Unity Catalog grants in <env>-databricks)",
    });
    // Each pipeline and trigger depends on what it refers to (the references below), so Terraform creates the
    // linked services, datasets and called pipelines first.
    const databricks = new DatabricksLinkedService(this, "DatabricksLinkedService", {
      factory,
      name: n.databricksLinkedService,
      credential,
      ...props.databricks,
    });
    const datasets = {
      parquet: new LakeParquetDataset(this, "ParquetDataset", { factory, name: n.parquetDataset, linkedService: lakeLs }),
      csv: new LakeDelimitedTextDataset(this, "CsvDataset", { factory, name: n.csvDataset, linkedService: lakeLs }),
      folder: new LakeFolderDataset(this, "FolderDataset", { factory, name: n.folderDataset, linkedService: lakeLs }),
      sqlTable: new SqlTableDataset(this, "SqlTableDataset", { factory, name: n.sqlTableDataset, linkedService: sqlLs }),
    };

    this.sourcePipeline = new Pipeline(this, "SourcePipeline", {
      factory,
      name: n.sourcePipeline,
      description: "Medallion worker for one source and date (run it through pl_medallion_run_<source>)",
      // Serialisation is per source, in the run pipelines; the worker runs every source at once.
      concurrency: 50,
      definition: workerPipelineDefinition({
        lakeAccountName: props.lake.name,
        transformationFolder: transformationFolder(props.transformIdentity.clientId),
        datasets,
        databricks,
      }),
    });

    const runPipelines: Record<string, Pipeline> = {};
    for (const source of props.sources) {
      const sn = sourceNames(source.name);
      const run = new Pipeline(this, `RunPipeline-${source.name}`, {
        factory,
        name: sn.runPipeline,
        description: `Medallion flow of ${source.name} for one date; one run at a time`,
        concurrency: 1,
        definition: runPipelineDefinition(source, this.sourcePipeline),
      });
      runPipelines[source.name] = run;
      if (source.trigger.type === "schedule") {
        const { windowStart, delay } = dailyWindow(source.trigger.startTime);
        new TumblingWindowTrigger(this, `DailyTrigger-${source.name}`, {
          factory,
          name: sn.dailyTrigger,
          pipeline: run,
          frequency: "Hour",
          interval: 24,
          startTime: windowStart,
          delay,
          maxConcurrency: 1,
          // The window is the data date: the day that ended `delay` ago.
          pipelineParameters: { runDate: "@formatDateTime(trigger().outputs.windowStartTime, 'yyyy-MM-dd')" },
        });
        this.sourcePipelines[source.name] = { run };
      } else {
        const drop = new Pipeline(this, `DropPipeline-${source.name}`, {
          factory,
          name: sn.dropPipeline,
          description: `Checks each file dropped under landing/${source.name}/; runs the date when ${source.trigger.marker ?? DEFAULT_MARKER} lands`,
          concurrency: 50,
          definition: dropPipelineDefinition(source, run),
        });
        new StorageEventTrigger(this, `FileDropTrigger-${source.name}`, {
          factory,
          name: sn.fileDropTrigger,
          pipeline: drop,
          storageAccountId: props.lake.id,
          container: "landing",
          pathPrefix: `${source.name}/`,
          pipelineParameters: { folderPath: "@triggerBody().folderPath", fileName: "@triggerBody().fileName" },
        });
        this.sourcePipelines[source.name] = { run, drop };
      }
    }
    this.allSourcesPipeline = new Pipeline(this, "AllSourcesPipeline", {
      factory,
      name: n.allSourcesPipeline,
      description: "Runs the medallion flow of every source for one date",
      concurrency: 1,
      definition: allSourcesDefinition(props.sources, runPipelines),
    });
  }
}
