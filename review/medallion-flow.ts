import { resourcesOfType, SynthesizedStack } from "./cdktf-out";

/** One source of the medallion pipeline, as the synthesized triggers declare it. */
export interface FlowSource {
  readonly name: string;
  readonly format: string;
  /** e.g. "every 1 Day from 2026-01-01T02:00:00Z" or "on file drop in landing/sales/". */
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
  const notebooks = resourcesOfType(stacks, "azurerm_data_factory_pipeline").flatMap((p) =>
    (JSON.parse(p.activities_json ?? "[]") as any[]).filter((a) => a.type === "DatabricksNotebook").map((a) => String(a.typeProperties.notebookPath)),
  );
  const params = (t: any) => (Array.isArray(t.pipeline) ? t.pipeline[0] : t.pipeline)?.parameters ?? {};
  const sources: FlowSource[] = [
    ...resourcesOfType(stacks, "azurerm_data_factory_trigger_schedule").map((t) => ({ t, trigger: `every ${t.interval} ${t.frequency} from ${t.start_time}` })),
    ...resourcesOfType(stacks, "azurerm_data_factory_trigger_blob_event").map((t) => ({ t, trigger: `on file drop in ${String(t.blob_path_begins_with).replace("/blobs/", "/").replace(/^\//, "")}` })),
  ]
    .map(({ t, trigger }) => {
      const p = params(t);
      return { name: p.sourceName, format: p.sourceFormat, trigger, goldTable: `${p.goldSchema}.${p.goldTable}` };
    })
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
