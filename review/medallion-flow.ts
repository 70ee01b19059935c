import { resourcesOfType, SynthesizedStack } from "./cdktf-out";

/** One source of the medallion pipeline, as the synthesized triggers declare it. */
export interface FlowSource {
  readonly name: string;
  readonly format: string;
  /** e.g. "daily at 02:00:00 UTC for the day before, from 2026-01-01" or "on _READY in landing/sales/yyyy/MM/dd/". */
  readonly trigger: string;
  readonly goldTable: string;
}

/** The medallion data flow and the services in charge of each step. */
export interface MedallionFlow {
  readonly storageAccount?: string;
  readonly dataFactory?: string;
  readonly databricksWorkspace?: string;
  readonly sqlServer?: string;
  readonly sqlDatabase?: string;
  readonly notebooks: string[];
  readonly sources: FlowSource[];
}

/** Reads the flow from the synthesized data stack: lake, factory, workspace, SQL, notebooks and triggers. */
export function medallionFlow(stacks: readonly SynthesizedStack[]): MedallionFlow {
  const one = (type: string, filter: (r: any) => boolean = () => true) => resourcesOfType(stacks, type).find(filter)?.name as string | undefined;
  // Notebook paths hold the identity's client id (known at apply): the step is the last path segment.
  const notebooks = resourcesOfType(stacks, "azurerm_data_factory_pipeline").flatMap((p) =>
    (JSON.parse(p.activities_json ?? "[]") as any[])
      .filter((a) => a.type === "DatabricksNotebook")
      .map((a) => String(a.typeProperties.notebookPath).split("/").pop() as string),
  );
  const pipelines = resourcesOfType(stacks, "azurerm_data_factory_pipeline");
  /** What a source's run pipeline passes to the worker. */
  const runOf = (pipelineName: string) => {
    const p = pipelines.find((x) => x.name === pipelineName);
    return (JSON.parse(p?.activities_json ?? "[]") as any[]).find((a) => a.type === "ExecutePipeline")?.typeProperties.parameters ?? {};
  };
  const markerOf = (dropPipeline: string) => {
    const p = pipelines.find((x) => x.name === dropPipeline);
    const last = (JSON.parse(p?.activities_json ?? "[]") as any[]).at(-1);
    return /'([^']+)'\)$/.exec(String(last?.typeProperties?.expression?.value ?? ""))?.[1] ?? "its marker";
  };
  const sources: FlowSource[] = [
    ...resourcesOfType(stacks, "azurerm_data_factory_trigger_tumbling_window").map((t) => ({
      run: runOf(t.pipeline.name),
      trigger: `daily at ${t.delay ?? "00:00:00"} UTC for the day before, first day ${String(t.start_time).slice(0, 10)}`,
    })),
    ...resourcesOfType(stacks, "azurerm_data_factory_trigger_blob_event").map((t) => {
      const folder = String(t.blob_path_begins_with).replace("/blobs/", "/").replace(/^\//, "");
      const drop = t.pipeline[0].name as string;
      return { run: runOf(drop.replace("pl_medallion_drop_", "pl_medallion_run_")), trigger: `on ${markerOf(drop)} in ${folder}yyyy/MM/dd/` };
    }),
  ]
    .map(({ run, trigger }) => ({ name: run.sourceName, format: run.sourceFormat, trigger, goldTable: `${run.goldSchema}.${run.goldTable}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    storageAccount: one("azurerm_storage_account", (r) => r.is_hns_enabled === true),
    dataFactory: one("azurerm_data_factory"),
    databricksWorkspace: one("azurerm_databricks_workspace"),
    sqlServer: one("azurerm_mssql_server"),
    sqlDatabase: one("azurerm_mssql_database"),
    notebooks: [...new Set(notebooks)],
    sources,
  };
}

/** The flow as a Mermaid flowchart: source -> landing -> bronze -> silver -> gold -> SQL, each arrow labelled with the service in charge. */
export function medallionMermaid(flow: MedallionFlow): string {
  const adf = `Data Factory ${flow.dataFactory ?? ""}`.trim();
  const dbx = `Databricks ${flow.databricksWorkspace ?? ""}`.trim();
  const [toSilver, toGold] = [flow.notebooks[0] ?? "bronze to silver", flow.notebooks[1] ?? "silver to gold"];
  const lines = [
    "flowchart LR",
    ...flow.sources.map((s, i) => `  src${i}["${s.name}<br/>${s.format}, ${s.trigger}"] --> landing`),
    `  subgraph lake ["ADLS Gen2 ${flow.storageAccount ?? ""}"]`,
    `    landing[(landing)] -->|"${adf}: Copy"| bronze[(bronze)]`,
    `    bronze -->|"${dbx}: ${toSilver}"| silver[(silver)]`,
    `    silver -->|"${dbx}: ${toGold}"| gold[(gold)]`,
    "  end",
    `  gold -->|"${adf}: Copy"| sql[("Azure SQL ${flow.sqlServer ?? ""}/${flow.sqlDatabase ?? ""}<br/>${flow.sources.map((s) => s.goldTable).join(", ")}")]`,
  ];
  return lines.join("\n");
}
