import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerSchedule } from "@cdktf/provider-azurerm/lib/data-factory-trigger-schedule";
import { Testing } from "cdktf";
import { IDataFactory } from "../../../constructs/data/data-factory";
import { DataLake } from "../../../constructs/data/data-lake";
import { MEDALLION_NAMES, MedallionPipelines, MedallionPipelinesProps, MedallionSource } from "../../../constructs/data/medallion-pipelines";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet" };
const WORKSPACE_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw";

const sales: MedallionSource = {
  name: "sales",
  format: "csv",
  trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" },
  goldTable: { schema: "gold", table: "daily_sales" },
};
const inventory: MedallionSource = { name: "inventory", format: "parquet", trigger: { type: "fileDrop" }, goldTable: { schema: "gold", table: "inventory_levels" } };
const orders: MedallionSource = {
  name: "orders",
  format: "csv",
  trigger: { type: "schedule", frequency: "Hour", interval: 6, startTime: "2026-01-01T00:00:00Z", timeZone: "W. Europe Standard Time" },
  goldTable: { schema: "mart", table: "orders" },
};

type Props = Omit<MedallionPipelinesProps, "lake" | "factory">;
const baseProps: Props = {
  databricks: {
    workspaceId: WORKSPACE_ID,
    workspaceUrl: "adb-1.azuredatabricks.net",
    jobCluster: { sparkVersion: "15.4.x-scala2.12", nodeType: "Standard_D4ds_v5", minWorkers: 1, maxWorkers: 2 },
  },
  sql: { serverFqdn: "sql-x.database.windows.net", databaseName: "gold" },
  keyVaultId: "/subscriptions/0000/vaults/kv",
  bronzeToSilver: { path: "/Repos/data/bronze_to_silver", parameters: { dedupeKeys: "id", dateColumns: "order_date" } },
  silverToGold: { path: "/Repos/data/silver_to_gold", parameters: { aggregation: "daily" } },
  sources: [sales, inventory, orders],
};

type Json = Record<string, unknown>;
type Activity = Json & { name: string; type: string; dependsOn: Json[]; typeProperties: Json; policy?: Json; inputs?: Json[]; outputs?: Json[] };

function synth(props: Partial<Props> = {}): string {
  return Testing.synthScope((scope) => {
    const lake = new DataLake(scope, "Lake", { name: "stmedallion", location: "westeurope", resourceGroupName: "rg" });
    new MedallionPipelines(scope, "Medallion", { ...baseProps, ...props, factory, lake });
  });
}

/** Resources of `type` keyed by their `name` attribute. */
function byName(out: string, type: string): Record<string, Json> {
  const all = Object.values(JSON.parse(out).resource[type] ?? {}) as Json[];
  return Object.fromEntries(all.map((r) => [r.name as string, r]));
}

function pipeline(out: string, name: string): Json & { activities: Activity[] } {
  const p = byName(out, "azurerm_data_factory_pipeline")[name];
  return { ...p, activities: JSON.parse(p.activities_json as string) };
}

/** `{ value, type: "Expression" }`, as the builders render dynamic content. */
const ex = (value: string) => ({ value, type: "Expression" });
const lakeParams = (layer: string) => ({ layer, source: ex("@pipeline().parameters.sourceName"), runDate: ex("@pipeline().parameters.runDate") });

describe("MedallionPipelines", () => {
  const out = synth();
  const source = pipeline(out, MEDALLION_NAMES.sourcePipeline);
  const step = (name: string) => source.activities.find((a) => a.name === name) as Activity;
  const ingest = step("Ingest landing to bronze");
  const [copyCsv] = ingest.typeProperties.ifTrueActivities as Activity[];
  const [copyParquet] = ingest.typeProperties.ifFalseActivities as Activity[];

  test("defaults: linked services and datasets under their contract names", () => {
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_data_lake_storage_gen2"))).toEqual(["ls_lake"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_azure_databricks"))).toEqual(["ls_databricks"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_azure_sql_database"))).toEqual(["ls_sql_serving"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_key_vault"))).toEqual(["ls_key_vault"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_dataset_parquet"))).toEqual(["ds_lake_parquet"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_dataset_delimited_text"))).toEqual(["ds_lake_csv"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_dataset_azure_sql_table"))).toEqual(["ds_sql_table"]);
    expect(byName(out, "azurerm_data_factory_linked_service_data_lake_storage_gen2").ls_lake).toMatchObject({
      url: expect.stringMatching(/^\$\{azurerm_storage_account\.[^.]+\.primary_dfs_endpoint\}$/),
      use_managed_identity: true,
    });
  });

  test("source pipeline: partition -> ingest -> bronze to silver -> silver to gold -> copy to SQL", () => {
    const order = ["Set partition path", "Ingest landing to bronze", "Bronze to silver", "Silver to gold", "Copy gold to SQL"];
    expect(source.activities.map((a) => a.name)).toEqual(order);
    expect(source.activities.map((a) => a.type)).toEqual(["SetVariable", "IfCondition", "DatabricksNotebook", "DatabricksNotebook", "Copy"]);
    expect(source.activities[0].dependsOn).toEqual([]);
    order.slice(1).forEach((name, i) => expect(step(name).dependsOn).toEqual([{ activity: order[i], dependencyConditions: ["Succeeded"] }]));
  });

  test("source pipeline: the partition path is <source>/yyyy/MM/dd of the run date", () => {
    expect(step("Set partition path").typeProperties).toEqual({
      variableName: "partitionPath",
      value: ex("@concat(pipeline().parameters.sourceName, '/', formatDateTime(pipeline().parameters.runDate, 'yyyy/MM/dd'))"),
    });
  });

  test("source pipeline: ingest branches on the source format", () => {
    expect(ingest.typeProperties.expression).toEqual(ex("@equals(pipeline().parameters.sourceFormat, 'csv')"));
    expect(copyCsv).toMatchObject({ name: "Copy CSV to bronze", type: "Copy", typeProperties: { source: { type: "DelimitedTextSource" }, sink: { type: "ParquetSink" } } });
    expect(copyParquet).toMatchObject({ name: "Copy Parquet to bronze", type: "Copy", typeProperties: { source: { type: "ParquetSource" }, sink: { type: "ParquetSink" } } });
  });

  test("source pipeline: copies read landing and write bronze of the run's date partition", () => {
    expect(copyCsv.inputs).toEqual([{ referenceName: "ds_lake_csv", type: "DatasetReference", parameters: lakeParams("landing") }]);
    expect(copyParquet.inputs).toEqual([{ referenceName: "ds_lake_parquet", type: "DatasetReference", parameters: lakeParams("landing") }]);
    for (const copy of [copyCsv, copyParquet]) {
      expect(copy.outputs).toEqual([{ referenceName: "ds_lake_parquet", type: "DatasetReference", parameters: lakeParams("bronze") }]);
    }
  });

  test("source pipeline: gold is copied to the source's SQL table, replacing the run date's rows", () => {
    const serve = step("Copy gold to SQL");
    expect(serve.inputs).toEqual([{ referenceName: "ds_lake_parquet", type: "DatasetReference", parameters: lakeParams("gold") }]);
    expect(serve.outputs).toEqual([
      {
        referenceName: "ds_sql_table",
        type: "DatasetReference",
        parameters: { schemaName: ex("@pipeline().parameters.goldSchema"), tableName: ex("@pipeline().parameters.goldTable") },
      },
    ]);
    const sink = serve.typeProperties.sink as Json & { preCopyScript: { value: string } };
    expect(sink).toMatchObject({ type: "AzureSqlSink", tableOption: "autoCreate", writeBehavior: "Insert" });
    const script = sink.preCopyScript.value;
    // Schema and table travel as quote-escaped string literals and become identifiers through QUOTENAME only.
    expect(script).toContain("'DECLARE @schema sysname = N''', replace(pipeline().parameters.goldSchema, '''', ''''''), '''");
    expect(script).toContain("replace(pipeline().parameters.goldTable, '''', '''''')");
    expect(script).toContain("formatDateTime(pipeline().parameters.runDate, 'yyyy-MM-dd')");
    expect(script).toContain("QUOTENAME(@schema) + N''.'' + QUOTENAME(@table)");
    expect(script).toContain("EXEC sp_executesql @sql, N''@runDate date'', @runDate = @runDate; END'");
    expect(script).not.toMatch(/DELETE FROM ', (concat\()?pipeline\(\)/);
  });

  test("source pipeline: notebook paths and parameters come from props", () => {
    const partition = (layer: string) => ex(`@concat('abfss://${layer}@stmedallion.dfs.core.windows.net/', variables('partitionPath'))`);
    const common = { source: ex("@pipeline().parameters.sourceName"), runDate: ex("@pipeline().parameters.runDate") };
    expect(step("Bronze to silver")).toMatchObject({
      linkedServiceName: { referenceName: "ls_databricks", type: "LinkedServiceReference" },
      typeProperties: {
        notebookPath: "/Repos/data/bronze_to_silver",
        baseParameters: { dedupeKeys: "id", dateColumns: "order_date", ...common, inputPath: partition("bronze"), outputPath: partition("silver") },
      },
    });
    expect(step("Silver to gold").typeProperties).toEqual({
      notebookPath: "/Repos/data/silver_to_gold",
      baseParameters: { aggregation: "daily", ...common, inputPath: partition("silver"), outputPath: partition("gold") },
    });
  });

  test("source pipeline: retry and timeout policies (copies 2 h x 3 tries, notebooks 4 h x 2 tries)", () => {
    const copyPolicy = { timeout: "0.02:00:00", retry: 2, retryIntervalInSeconds: 60 };
    const notebookPolicy = { timeout: "0.04:00:00", retry: 1, retryIntervalInSeconds: 120 };
    expect([copyCsv.policy, copyParquet.policy, step("Copy gold to SQL").policy]).toEqual([copyPolicy, copyPolicy, copyPolicy]);
    expect([step("Bronze to silver").policy, step("Silver to gold").policy]).toEqual([notebookPolicy, notebookPolicy]);
  });

  test("source pipeline: declared parameters and variable", () => {
    expect(source).toMatchObject({
      concurrency: 4,
      folder: "medallion",
      parameters: { sourceName: "", sourceFormat: "csv", runDate: "", goldSchema: "gold", goldTable: "" },
      variables: { partitionPath: "" },
    });
  });

  test("all-sources pipeline: ForEach over the sources runs the source pipeline", () => {
    const all = pipeline(out, MEDALLION_NAMES.allSourcesPipeline);
    expect(all.concurrency).toBe(1);
    expect(all.activities).toHaveLength(1);
    const [forEach] = all.activities;
    expect(forEach).toMatchObject({ type: "ForEach", typeProperties: { items: ex("@json(pipeline().parameters.sources)"), isSequential: false, batchCount: 4 } });
    expect((forEach.typeProperties.activities as Activity[])[0]).toMatchObject({
      type: "ExecutePipeline",
      typeProperties: {
        pipeline: { referenceName: "pl_medallion_source", type: "PipelineReference" },
        waitOnCompletion: true,
        parameters: {
          sourceName: ex("@item().name"),
          sourceFormat: ex("@item().format"),
          goldSchema: ex("@item().goldSchema"),
          goldTable: ex("@item().goldTable"),
          runDate: ex("@pipeline().parameters.runDate"),
        },
      },
    });
  });

  test("all-sources pipeline: the sources parameter defaults to the declared sources as JSON", () => {
    const params = pipeline(out, MEDALLION_NAMES.allSourcesPipeline).parameters as Record<string, string>;
    expect(params.runDate).toBe("");
    expect(JSON.parse(params.sources)).toEqual([
      { name: "sales", format: "csv", goldSchema: "gold", goldTable: "daily_sales" },
      { name: "inventory", format: "parquet", goldSchema: "gold", goldTable: "inventory_levels" },
      { name: "orders", format: "csv", goldSchema: "mart", goldTable: "orders" },
    ]);
  });

  test("triggers: one schedule trigger per scheduled source, runDate = scheduled time", () => {
    const schedules = byName(out, "azurerm_data_factory_trigger_schedule");
    expect(Object.keys(schedules).sort()).toEqual(["tr_orders_schedule", "tr_sales_schedule"]);
    expect(out).toHaveResourceWithProperties(DataFactoryTriggerSchedule, {
      name: "tr_sales_schedule",
      frequency: "Day",
      interval: 1,
      start_time: "2026-01-01T02:00:00Z",
      time_zone: "UTC",
      activated: true,
      pipeline: [
        {
          name: "pl_medallion_source",
          parameters: { sourceName: "sales", sourceFormat: "csv", goldSchema: "gold", goldTable: "daily_sales", runDate: "@trigger().scheduledTime" },
        },
      ],
    });
    expect(schedules.tr_orders_schedule).toMatchObject({ frequency: "Hour", interval: 6, time_zone: "W. Europe Standard Time" });
  });

  test("triggers: one blob event trigger per file-drop source under /landing/blobs/<source>/", () => {
    expect(Object.keys(byName(out, "azurerm_data_factory_trigger_blob_event"))).toEqual(["tr_inventory_file_drop"]);
    expect(out).toHaveResourceWithProperties(DataFactoryTriggerBlobEvent, {
      name: "tr_inventory_file_drop",
      storage_account_id: expect.stringMatching(/^\$\{azurerm_storage_account\.[^.]+\.id\}$/),
      events: ["Microsoft.Storage.BlobCreated"],
      blob_path_begins_with: "/landing/blobs/inventory/",
      ignore_empty_blobs: true,
      pipeline: [
        {
          name: "pl_medallion_source",
          parameters: { sourceName: "inventory", sourceFormat: "parquet", goldSchema: "gold", goldTable: "inventory_levels", runDate: "@concat(split(triggerBody().folderPath, '/')[2], '-', split(triggerBody().folderPath, '/')[3], '-', split(triggerBody().folderPath, '/')[4], 'T00:00:00Z')" },
        },
      ],
    });
  });

  test("depends_on: pipelines after the linked services and datasets they name, triggers after the pipeline", () => {
    const sourceRef = "azurerm_data_factory_pipeline.Medallion_SourcePipeline_";
    const deps = source.depends_on as string[];
    expect(deps.every((d) => d.includes(".Medallion_"))).toBe(true);
    expect(deps.map((d) => d.split(".")[0]).sort()).toEqual([
      "azurerm_data_factory_dataset_azure_sql_table",
      "azurerm_data_factory_dataset_delimited_text",
      "azurerm_data_factory_dataset_parquet",
      "azurerm_data_factory_linked_service_azure_databricks",
      "azurerm_data_factory_linked_service_azure_sql_database",
      "azurerm_data_factory_linked_service_data_lake_storage_gen2",
    ]);
    expect(pipeline(out, MEDALLION_NAMES.allSourcesPipeline).depends_on).toEqual([expect.stringContaining(sourceRef)]);
    const triggers = [
      ...Object.values(byName(out, "azurerm_data_factory_trigger_schedule")),
      ...Object.values(byName(out, "azurerm_data_factory_trigger_blob_event")),
    ];
    expect(triggers).toHaveLength(3);
    for (const t of triggers) expect(t.depends_on).toEqual([expect.stringContaining(sourceRef)]);
  });

  test("fails without sources", () => {
    expect(() => synth({ sources: [] })).toThrow(/Medallion: sources must declare at least one source/);
  });

  test("fails for duplicate source names", () => {
    expect(() => synth({ sources: [sales, { ...inventory, name: "sales" }] })).toThrow(/Medallion: sources\[\]\.name must be unique \(got "sales"\)/);
  });

  test("fails for a source name that is not a lowercase identifier", () => {
    expect(() => synth({ sources: [{ ...sales, name: "Sales Data" }] })).toThrow(/Medallion: sources\[\]\.name must be 1-40 lowercase letters/);
  });

  test("fails for a gold table that is not a SQL identifier", () => {
    expect(() => synth({ sources: [{ ...sales, goldTable: { schema: "gold", table: "x; DROP TABLE y" } }] })).toThrow(
      /Medallion: sources\[sales\]\.goldTable\.table must be a SQL identifier/,
    );
  });

  test("fails for a notebook path that is not absolute", () => {
    expect(() => synth({ silverToGold: { path: "notebooks/silver_to_gold" } })).toThrow(/notebookPath must be an absolute workspace path/);
  });

  test("fails for a scheduled source with an invalid start time", () => {
    expect(() => synth({ sources: [{ ...sales, trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "01/01/2026" } }] })).toThrow(
      /ScheduleTrigger-sales: startTime must be an ISO 8601 date-time/,
    );
  });
});
