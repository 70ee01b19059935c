import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerTumblingWindow } from "@cdktf/provider-azurerm/lib/data-factory-trigger-tumbling-window";
import { Testing } from "cdktf";
import { IDataFactory } from "../../../constructs/data/data-factory";
import { DataLake } from "../../../constructs/data/data-lake";
import { MEDALLION_NAMES, MedallionPipelines, MedallionPipelinesProps, MedallionSource } from "../../../constructs/data/medallion-pipelines";
import { dailyWindow } from "../../../constructs/data/medallion/source";
import { evaluate } from "./adf-expression";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet", resourceGroupName: "rg-data" };
const WORKSPACE_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/dbw";
const CLIENT_ID = "0f0e0d0c-0b0a-0908-0706-050403020100";

const salesSilver = { columns: { order_id: "BIGINT", store_id: "STRING", amount: "DECIMAL(18,2)" }, keys: ["order_id"], required: ["order_id"] } as const;
const sales: MedallionSource = {
  name: "sales",
  format: "csv",
  trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "2026-03-01T02:30:00Z" },
  silver: salesSilver,
  gold: { groupBy: ["store_id"], measures: { amount: "sum" } },
  goldTable: { schema: "gold", table: "daily_sales" },
};
const inventory: MedallionSource = {
  name: "inventory",
  format: "parquet",
  trigger: { type: "fileDrop" },
  silver: { columns: { sku: "STRING", quantity: "INT" }, keys: ["sku"], required: [] },
  gold: { groupBy: [], measures: { quantity: "sum" } },
  goldTable: { schema: "gold", table: "inventory_levels" },
};
const orders: MedallionSource = {
  ...sales,
  name: "orders",
  csv: { delimiter: ";", escape: "\\", encoding: "WINDOWS-1252", header: false },
  trigger: { type: "fileDrop", marker: "_DONE" },
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
  transformIdentity: { id: "/subscriptions/0000/userAssignedIdentities/id-transform", clientId: CLIENT_ID },
  sources: [sales, inventory, orders],
};

type Json = Record<string, any>;
type Activity = Json & { name: string; type: string; dependsOn: Json[]; typeProperties: Json };

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
const partition = (layer: string) => ({ layer, source: ex("@pipeline().parameters.sourceName"), runDate: ex("@pipeline().parameters.runDate") });
const deps = (a: Activity) => a.dependsOn.map((d) => d.activity).sort();
const allExpressions = (node: unknown): string[] =>
  typeof node === "string"
    ? node.startsWith("@")
      ? [node]
      : []
    : Array.isArray(node)
      ? node.flatMap(allExpressions)
      : node && typeof node === "object"
        ? Object.values(node).flatMap(allExpressions)
        : [];

describe("MedallionPipelines", () => {
  const out = synth();
  const worker = pipeline(out, MEDALLION_NAMES.sourcePipeline);
  const step = (name: string) => worker.activities.find((a) => a.name === name) as Activity;

  test("defaults: linked services, datasets and the credential under their contract names", () => {
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_data_lake_storage_gen2"))).toEqual(["ls_lake"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_azure_sql_database"))).toEqual(["ls_sql_serving"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_linked_service_key_vault"))).toEqual(["ls_key_vault"]);
    expect(Object.keys(byName(out, "azurerm_resource_group_template_deployment"))).toEqual(["adf-linked-service-ls_databricks"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_credential_user_managed_identity"))).toEqual(["cred_transform"]);
    expect(byName(out, "azurerm_data_factory_credential_user_managed_identity").cred_transform.identity_id).toBe(baseProps.transformIdentity.id);
    expect(Object.keys(byName(out, "azurerm_data_factory_dataset_parquet"))).toEqual(["ds_lake_parquet"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_custom_dataset")).sort()).toEqual(["ds_lake_csv", "ds_lake_folder"]);
    expect(Object.keys(byName(out, "azurerm_data_factory_dataset_azure_sql_table"))).toEqual(["ds_sql_table"]);
  });

  test("worker: check date -> (partition path | clear bronze) -> ingest -> notebooks -> copy to SQL (no DDL step)", () => {
    expect(worker.activities.map((a) => [a.name, deps(a)])).toEqual([
      ["Check run date", []],
      ["Set partition path", ["Check run date"]],
      ["Look for bronze partition", ["Check run date"]],
      ["Clear bronze partition", ["Look for bronze partition"]],
      ["Ingest landing to bronze", ["Clear bronze partition"]],
      ["Bronze to silver", ["Ingest landing to bronze", "Set partition path"]],
      ["Silver to gold", ["Bronze to silver"]],
      ["Copy gold to SQL", ["Silver to gold"]],
    ]);
    // Serialisation is per source (the run pipelines); the worker itself serves every source at once.
    expect(worker.concurrency).toBe(50);
  });

  test("worker: a run date that is not yyyy-MM-dd fails the run, naming the value", () => {
    const check = step("Check run date");
    const run = (runDate: string) => evaluate(check.typeProperties.expression.value, { parameters: { runDate } });
    expect(run("2026-03-02")).toBe(false);
    expect(() => run("2026-02-30")).toThrow(/not a valid date/);
    expect(run("2026-03-02T00:00:00Z")).toBe(true);
    const [fail] = check.typeProperties.ifTrueActivities;
    expect(fail).toMatchObject({ type: "Fail", typeProperties: { errorCode: "InvalidRunDate" } });
    expect(evaluate(fail.typeProperties.message.value, { parameters: { runDate: "2026-03-02T00:00:00Z" } })).toBe(
      "runDate must be a date written yyyy-MM-dd (got '2026-03-02T00:00:00Z')",
    );
  });

  test("worker: the bronze partition is deleted before the copy, when it exists", () => {
    const find = step("Look for bronze partition");
    expect(find).toMatchObject({
      type: "GetMetadata",
      typeProperties: { dataset: { referenceName: "ds_lake_folder", parameters: partition("bronze") }, fieldList: ["exists"] },
    });
    // Both set: azurerm's model (go-azure-sdk pipelines, GetMetadataActivityTypeProperties) sends absent ones as null
    // and reads them back as another value, a change on every plan.
    expect(find.typeProperties.storeSettings).toEqual({ type: "AzureBlobFSReadSettings", recursive: false });
    expect(find.typeProperties.formatSettings).toEqual({ type: "BinaryReadSettings", compressionProperties: { type: "ZipDeflateReadSettings" } });
    const clear = step("Clear bronze partition");
    expect(clear.typeProperties.expression).toEqual(ex("@activity('Look for bronze partition').output.exists"));
    expect(clear.typeProperties.ifTrueActivities).toEqual([
      expect.objectContaining({
        type: "Delete",
        typeProperties: {
          dataset: { referenceName: "ds_lake_folder", type: "DatasetReference", parameters: partition("bronze") },
          enableLogging: false,
          storeSettings: { type: "AzureBlobFSReadSettings", recursive: true },
        },
      }),
    ]);
  });

  test("worker: ingest copies only *.csv or *.parquet of the landing partition (no sub-folders, no marker) to bronze", () => {
    const ingest = step("Ingest landing to bronze");
    expect(ingest.typeProperties.expression).toEqual(ex("@equals(pipeline().parameters.sourceFormat, 'csv')"));
    const [csv] = ingest.typeProperties.ifTrueActivities;
    const [parquet] = ingest.typeProperties.ifFalseActivities;
    expect(csv.inputs).toEqual([
      {
        referenceName: "ds_lake_csv",
        type: "DatasetReference",
        parameters: {
          ...partition("landing"),
          delimiter: ex("@pipeline().parameters.csvDelimiter"),
          quote: ex("@pipeline().parameters.csvQuote"),
          escape: ex("@pipeline().parameters.csvEscape"),
          encoding: ex("@pipeline().parameters.csvEncoding"),
          header: ex("@pipeline().parameters.csvHeader"),
        },
      },
    ]);
    expect(csv.typeProperties.source).toEqual({
      type: "DelimitedTextSource",
      storeSettings: { type: "AzureBlobFSReadSettings", recursive: false, wildcardFileName: "*.csv" },
    });
    expect(parquet.inputs[0]).toMatchObject({ referenceName: "ds_lake_parquet", parameters: partition("landing") });
    expect(parquet.typeProperties.source.storeSettings).toEqual({ type: "AzureBlobFSReadSettings", recursive: false, wildcardFileName: "*.parquet" });
    for (const copy of [csv, parquet]) expect(copy.outputs[0]).toMatchObject({ referenceName: "ds_lake_parquet", parameters: partition("bronze") });
  });

  test("worker: notebooks in the identity's workspace folder get source, runDate, lake paths and their SQL file", () => {
    const folder = `/Users/${CLIENT_ID}/medallion`;
    const vars = { parameters: { sourceName: "sales", runDate: "2026-03-02" }, variables: { partitionPath: "sales/2026/03/02" } };
    for (const [name, nb, from, to] of [
      ["Bronze to silver", "bronze_to_silver", "bronze", "silver"],
      ["Silver to gold", "silver_to_gold", "silver", "gold"],
    ]) {
      const a = step(name);
      expect(a).toMatchObject({
        type: "DatabricksNotebook",
        linkedServiceName: { referenceName: "ls_databricks" },
        typeProperties: { notebookPath: `${folder}/${nb}` },
      });
      const params = Object.fromEntries(Object.entries<any>(a.typeProperties.baseParameters).map(([k, v]) => [k, evaluate(v.value, vars)]));
      expect(params).toEqual({
        source: "sales",
        runDate: "2026-03-02",
        inputPath: `abfss://${from}@stmedallion.dfs.core.windows.net/sales/2026/03/02`,
        outputPath: `abfss://${to}@stmedallion.dfs.core.windows.net/sales/2026/03/02`,
        sqlPath: `/Workspace${folder}/sql/sales/${nb}.sql`,
      });
    }
    expect(evaluate(step("Set partition path").typeProperties.value.value, vars)).toBe("sales/2026/03/02");
  });

  test("worker: the gold copy reads only the *.parquet data files and replaces the date's rows of the source's table", () => {
    const serve = step("Copy gold to SQL");
    expect(serve.inputs[0]).toMatchObject({ referenceName: "ds_lake_parquet", parameters: partition("gold") });
    expect(serve.typeProperties.source.storeSettings).toEqual({ type: "AzureBlobFSReadSettings", recursive: false, wildcardFileName: "*.parquet" });
    expect(serve.outputs[0]).toMatchObject({
      referenceName: "ds_sql_table",
      parameters: { schemaName: ex("@pipeline().parameters.goldSchema"), tableName: ex("@pipeline().parameters.goldTable") },
    });
    expect(serve.typeProperties.sink).toMatchObject({ type: "AzureSqlSink", writeBehavior: "Insert" });
    // The table exists ahead (serving-setup.sql): the factory has no DDL right to create it.
    expect(serve.typeProperties.sink.tableOption).toBeUndefined();
    expect(JSON.stringify(worker)).not.toMatch(/CREATE |ALTER |DROP /);
    const sql = evaluate(serve.typeProperties.sink.preCopyScript.value, {
      parameters: { goldSchema: "gold", goldTable: "daily_sales", runDate: "2026-03-02" },
    });
    expect(sql).toContain("@runDate date = N'2026-03-02'");
    expect(sql).toContain("N' WHERE run_date = @runDate'; EXEC sp_executesql @sql, N'@runDate date', @runDate = @runDate;");
    expect(sql).toContain("QUOTENAME(@schema) + N'.' + QUOTENAME(@table)");
  });

  test("worker: runDate travels as yyyy-MM-dd; only lake paths format it, as yyyy/MM/dd", () => {
    const formats = allExpressions(worker.activities).flatMap((e) =>
      [...e.matchAll(/formatDateTime\(pipeline\(\)\.parameters\.(\w+), '([^']*)'\)/g)].map((m) => `${m[1]} ${m[2]}`),
    );
    expect(new Set(formats)).toEqual(new Set(["runDate yyyy-MM-dd", "runDate yyyy/MM/dd"]));
    expect(
      allExpressions(worker.activities)
        .join("\n")
        .match(/formatDateTime\(/g),
    ).toHaveLength(formats.length);
    expect(JSON.stringify(worker.activities)).not.toContain("T00:00:00");
  });

  test("worker: declared parameters (RFC 4180 CSV defaults) and variable", () => {
    expect(worker.parameters).toEqual({
      sourceName: "",
      sourceFormat: "",
      runDate: "",
      goldSchema: "",
      goldTable: "",
      csvDelimiter: ",",
      csvQuote: '"',
      csvEscape: '"',
      csvEncoding: "UTF-8",
      csvHeader: "true",
    });
    expect(worker.variables).toEqual({ partitionPath: "" });
  });

  test("run pipelines: one per source, concurrency 1, passing the source's settings and CSV dialect to the worker", () => {
    for (const [source, csv] of [
      [sales, { csvDelimiter: ",", csvQuote: '"', csvEscape: '"', csvEncoding: "UTF-8", csvHeader: "true" }],
      [orders, { csvDelimiter: ";", csvQuote: '"', csvEscape: "\\", csvEncoding: "WINDOWS-1252", csvHeader: "false" }],
    ] as const) {
      const run = pipeline(out, `pl_medallion_run_${source.name}`);
      expect(run.concurrency).toBe(1);
      expect(run.parameters).toEqual({ runDate: "" });
      expect(run.activities).toEqual([
        expect.objectContaining({
          type: "ExecutePipeline",
          typeProperties: {
            pipeline: { referenceName: "pl_medallion_source", type: "PipelineReference" },
            waitOnCompletion: true,
            parameters: {
              ...csv,
              goldSchema: source.goldTable.schema,
              goldTable: source.goldTable.table,
              runDate: ex("@pipeline().parameters.runDate"),
              sourceFormat: "csv",
              sourceName: source.name,
            },
          },
        }),
      ]);
    }
  });

  test("daily sources: a tumbling window per day, one at a time, whose run processes the day that ended", () => {
    expect(dailyWindow("2026-03-01T02:30:00Z")).toEqual({ windowStart: "2026-02-28T00:00:00Z", delay: "02:30:00" });
    expect(dailyWindow("2026-01-01T00:00:00Z")).toEqual({ windowStart: "2025-12-31T00:00:00Z", delay: "00:00:00" });
    expect(out).toHaveResourceWithProperties(DataFactoryTriggerTumblingWindow, {
      name: "tr_sales_daily",
      frequency: "Hour",
      interval: 24,
      start_time: "2026-02-28T00:00:00Z",
      delay: "02:30:00",
      max_concurrency: 1,
      activated: true,
      pipeline: { name: "pl_medallion_run_sales", parameters: { runDate: "@formatDateTime(trigger().outputs.windowStartTime, 'yyyy-MM-dd')" } },
    });
    expect(Object.keys(byName(out, "azurerm_data_factory_trigger_tumbling_window"))).toEqual(["tr_sales_daily"]);
    expect(byName(out, "azurerm_data_factory_trigger_schedule")).toEqual({});
  });

  test("file-drop sources: every blob under landing/<source>/ starts the source's drop pipeline with its path", () => {
    for (const source of ["inventory", "orders"]) {
      expect(out).toHaveResourceWithProperties(DataFactoryTriggerBlobEvent, {
        name: `tr_${source}_file_drop`,
        events: ["Microsoft.Storage.BlobCreated"],
        blob_path_begins_with: `/landing/blobs/${source}/`,
        ignore_empty_blobs: true,
        pipeline: [{ name: `pl_medallion_drop_${source}`, parameters: { folderPath: "@triggerBody().folderPath", fileName: "@triggerBody().fileName" } }],
      });
    }
  });

  describe("drop pipeline", () => {
    const drop = pipeline(out, "pl_medallion_drop_inventory");
    /** Runs the drop pipeline's checks on a dropped blob: where it stops, and what it would run. */
    function dropped(path: string): { failed?: string; runDate?: string; runs: boolean } {
      const folderPath = path.slice(0, path.lastIndexOf("/"));
      const fileName = path.slice(path.lastIndexOf("/") + 1);
      const scope = { parameters: { folderPath, fileName }, variables: {} as Record<string, string> };
      for (const a of drop.activities) {
        if (a.type === "IfCondition") {
          const hit = evaluate(a.typeProperties.expression.value, scope);
          const body = (hit ? a.typeProperties.ifTrueActivities : a.typeProperties.ifFalseActivities) ?? [];
          const fail = body.find((b: Activity) => b.type === "Fail");
          if (fail) return { failed: String(evaluate(fail.typeProperties.message.value, scope)), runs: false };
          if (body.some((b: Activity) => b.type === "ExecutePipeline")) return { runDate: scope.variables.runDate, runs: true };
        } else if (a.type === "SetVariable") {
          try {
            scope.variables[a.typeProperties.variableName] = String(evaluate(a.typeProperties.value.value, scope));
          } catch (e) {
            return { failed: (e as Error).message, runs: false };
          }
        }
      }
      return { runDate: scope.variables.runDate, runs: false };
    }

    test("the marker in a date folder runs the source for that date", () => {
      expect(dropped("landing/inventory/2026/03/02/_READY")).toEqual({ runDate: "2026-03-02", runs: true });
      const [run] = drop.activities.at(-1)!.typeProperties.ifTrueActivities;
      expect(run.typeProperties).toEqual({
        pipeline: { referenceName: "pl_medallion_run_inventory", type: "PipelineReference" },
        waitOnCompletion: true,
        parameters: { runDate: ex("@variables('runDate')") },
      });
    });

    test("a data file in a date folder waits for the marker", () => {
      expect(dropped("landing/inventory/2026/03/02/part-0001.parquet")).toEqual({ runDate: "2026-03-02", runs: false });
    });

    test.each([
      "landing/inventory/readme.txt",
      "landing/inventory/2026/03/_READY",
      "landing/inventory/2026-03-02/_READY",
      "landing/inventory/2026/3/02x/_READY",
      "landing/inventory/2026/03/02/late/_READY",
      "landing/inventoryx/2026/03/02/_READY",
    ])("a blob outside a date folder fails the run, naming its path: %s", (path) => {
      const result = dropped(path);
      expect(result.runs).toBe(false);
      expect(result.failed).toBe(
        `A file was dropped outside landing/inventory/yyyy/MM/dd/: '${path}'. Move it into the folder of its date; the partition is processed when _READY is written there.`,
      );
    });

    test("a folder that is not a date fails the run with the value", () => {
      expect(dropped("landing/inventory/2026/13/02/_READY").failed).toMatch(/'2026-13-02' is not a valid date/);
      expect(dropped("landing/inventory/2026/02/30/_READY").failed).toMatch(/'2026-02-30' is not a valid date/);
    });

    test("a custom marker", () => {
      const orders = pipeline(out, "pl_medallion_drop_orders");
      expect(orders.activities.at(-1)!.typeProperties.expression).toEqual(ex("@equals(pipeline().parameters.fileName, '_DONE')"));
    });

    test("has no concurrency limit of its own (the run pipeline serialises)", () => {
      expect(drop.concurrency).toBe(50);
      expect(byName(out, "azurerm_data_factory_pipeline").pl_medallion_drop_sales).toBeUndefined();
    });
  });

  test("all-sources pipeline: every source's run pipeline, in parallel, one date at a time", () => {
    const all = pipeline(out, MEDALLION_NAMES.allSourcesPipeline);
    expect(all.concurrency).toBe(1);
    expect(all.parameters).toEqual({ runDate: "" });
    expect(all.activities.map((a) => [a.name, a.type, a.typeProperties.pipeline.referenceName, deps(a)])).toEqual([
      ["Run sales", "ExecutePipeline", "pl_medallion_run_sales", []],
      ["Run inventory", "ExecutePipeline", "pl_medallion_run_inventory", []],
      ["Run orders", "ExecutePipeline", "pl_medallion_run_orders", []],
    ]);
  });

  test("depends_on: every pipeline after what it names, every trigger after its pipeline", () => {
    const tf = JSON.parse(out).resource;
    const ref = (type: string, name: string) => {
      const [id] = Object.entries<any>(tf[type]).find(([, r]) => r.name === name)!;
      return `${type}.${id}`;
    };
    const p = (name: string) => ref("azurerm_data_factory_pipeline", name);
    expect(byName(out, "azurerm_data_factory_pipeline").pl_medallion_source.depends_on).toEqual(
      expect.arrayContaining([
        ref("azurerm_resource_group_template_deployment", "adf-linked-service-ls_databricks"),
        ref("azurerm_data_factory_custom_dataset", "ds_lake_folder"),
        ref("azurerm_data_factory_custom_dataset", "ds_lake_csv"),
      ]),
    );
    expect(byName(out, "azurerm_data_factory_pipeline").pl_medallion_run_sales.depends_on).toEqual([p("pl_medallion_source")]);
    expect(byName(out, "azurerm_data_factory_pipeline").pl_medallion_drop_inventory.depends_on).toEqual([p("pl_medallion_run_inventory")]);
    expect(byName(out, "azurerm_data_factory_pipeline").pl_medallion_all_sources.depends_on).toEqual(
      ["sales", "inventory", "orders"].map((s) => p(`pl_medallion_run_${s}`)),
    );
    expect(byName(out, "azurerm_data_factory_trigger_tumbling_window").tr_sales_daily.depends_on).toEqual([p("pl_medallion_run_sales")]);
    expect(byName(out, "azurerm_data_factory_trigger_blob_event").tr_inventory_file_drop.depends_on).toEqual([p("pl_medallion_drop_inventory")]);
  });

  test("fails without sources", () => {
    expect(() => synth({ sources: [] })).toThrow(/Medallion: sources must declare at least one source/);
  });

  test("fails for duplicate source names", () => {
    expect(() => synth({ sources: [sales, sales] })).toThrow(/sources\[\]\.name must be unique \(got "sales"\)/);
  });

  test("fails for a source name that is not a lowercase identifier", () => {
    expect(() => synth({ sources: [{ ...sales, name: "Sales-EU" }] })).toThrow(/sources\[\]\.name must be 1-40 lowercase letters/);
  });

  test("fails for a gold table that is not a SQL identifier", () => {
    expect(() => synth({ sources: [{ ...sales, goldTable: { schema: "gold", table: "x; DROP TABLE y" } }] })).toThrow(
      /sources\[sales\]\.goldTable\.table must be a SQL identifier/,
    );
  });

  test("fails for a schedule that is not daily", () => {
    expect(() => synth({ sources: [{ ...sales, trigger: { type: "schedule", frequency: "Week", interval: 1, startTime: "2026-01-01T00:00:00Z" } }] })).toThrow(
      /sources\[sales\]\.trigger must be daily \(frequency Day, interval 1\).*\(got "Week x 1"\)/,
    );
    expect(() => synth({ sources: [{ ...sales, trigger: { type: "schedule", frequency: "Day", interval: 2, startTime: "2026-01-01T00:00:00Z" } }] })).toThrow(
      /\(got "Day x 2"\)/,
    );
  });

  test("fails for a start time that is not UTC", () => {
    expect(() =>
      synth({ sources: [{ ...sales, trigger: { type: "schedule", frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00+01:00" } }] }),
    ).toThrow(/sources\[sales\]\.trigger\.startTime must be an RFC 3339 date-time in UTC/);
  });

  test("fails for a marker a copy wildcard would match, or CSV settings on a Parquet source", () => {
    expect(() => synth({ sources: [{ ...inventory, trigger: { type: "fileDrop", marker: "done.parquet" } }] })).toThrow(
      /sources\[inventory\]\.trigger\.marker must be a file name starting with _/,
    );
    expect(() => synth({ sources: [{ ...inventory, csv: { delimiter: ";" } }] })).toThrow(/sources\[inventory\]\.csv only applies to csv sources/);
    expect(() => synth({ sources: [{ ...sales, csv: { delimiter: "||" } }] })).toThrow(/sources\[sales\]\.csv\.delimiter must be one character \(got "\|\|"\)/);
  });

  test("fails naming every problem of every source at once", () => {
    const weekly = { type: "schedule" as const, frequency: "Week" as const, interval: 1, startTime: "2026-01-01T00:00:00Z" };
    expect(() =>
      synth({
        sources: [
          { ...sales, goldTable: { schema: "gold", table: "x; DROP TABLE y" }, trigger: weekly },
          { ...inventory, csv: { delimiter: ";" } },
        ],
      }),
    ).toThrow(
      /Medallion: 3 problems:\n- \S*Medallion: sources\[sales\]\.goldTable\.table must be a SQL identifier.*\n- \S*Medallion: sources\[sales\]\.trigger must be daily.*\n- \S*Medallion: sources\[inventory\]\.csv only applies to csv sources.*$/,
    );
  });

  test("fails for an invalid silver or gold spec, listing the fields", () => {
    expect(() => synth({ sources: [{ ...sales, silver: { ...salesSilver, keys: ["id"] } }] })).toThrow(
      /sources\[sales\]\.silver is invalid: keys\.0: must be one of the columns/,
    );
    expect(() => synth({ sources: [{ ...sales, gold: { groupBy: [], measures: { store_id: "sum" } } }] })).toThrow(
      /sources\[sales\]\.gold is invalid: measures\.store_id: sum needs a numeric column/,
    );
  });
});
