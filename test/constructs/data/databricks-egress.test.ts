import { DATABRICKS_EGRESS_ENDPOINTS, databricksEgressAllowList } from "../../../constructs/data/databricks-egress";

const names = (rules: readonly { name: string }[]) => rules.map((r) => r.name);

describe("databricksEgressAllowList", () => {
  test("a private workspace: metastore, Event Hubs, extended infrastructure, artifacts, system tables, logs and its DBFS root; no web app or relay", () => {
    const list = databricksEgressAllowList("westeurope", { publicWorkspace: false, dbfsStorageAccountName: "dbfsmedalprod1234" });
    expect(names(list.network)).toEqual(["databricks-metastore", "databricks-eventhubs", "databricks-extended-infrastructure"]);
    expect(names(list.application)).toEqual(["databricks-artifacts", "databricks-system-tables", "databricks-logs", "databricks-dbfs-root"]);
    expect(list.network.find((r) => r.name === "databricks-metastore")).toMatchObject({ protocols: ["TCP"], ports: ["3306"] });
    expect(list.network.find((r) => r.name === "databricks-eventhubs")).toMatchObject({ protocols: ["TCP"], ports: ["9093"] });
    expect(list.application.find((r) => r.name === "databricks-dbfs-root")?.fqdns).toEqual([
      "dbfsmedalprod1234.blob.core.windows.net",
      "dbfsmedalprod1234.dfs.core.windows.net",
    ]);
    expect(DATABRICKS_EGRESS_ENDPOINTS.westeurope.artifactStorage).toHaveLength(26);
  });

  test("never the regional Storage or Sql tag, never a wildcard: storage is allowed account by account", () => {
    const list = databricksEgressAllowList("westeurope", { publicWorkspace: true, dbfsStorageAccountName: "dbfs" });
    const destinations = [...list.network.flatMap((r) => [...(r.addresses ?? []), ...(r.fqdns ?? [])]), ...list.application.flatMap((r) => r.fqdns ?? [])];
    for (const d of destinations) {
      expect(d).not.toMatch(/^(Storage|Sql|AzureCloud|Internet)(\.|$)|\*/);
    }
  });

  test("a public workspace also reaches the web application and the SCC relay", () => {
    const list = databricksEgressAllowList("westeurope", { publicWorkspace: true, dbfsStorageAccountName: "dbfs" });
    expect(list.network.find((r) => r.name === "databricks-webapp")).toMatchObject({ ports: ["443", "8443-8451"] });
    expect(list.application.find((r) => r.name === "databricks-scc-relay")?.fqdns).toEqual([
      "tunnel.westeurope.azuredatabricks.net",
      "tunnel.westeuropec2.azuredatabricks.net",
    ]);
  });

  test("fails for a region whose endpoints are not known", () => {
    expect(() => databricksEgressAllowList("eastus", { publicWorkspace: false, dbfsStorageAccountName: "dbfs" })).toThrow(
      /^Databricks egress: no endpoints known for region "eastus" \(known: westeurope\)\. Fix: add the region's row .* to DATABRICKS_EGRESS_ENDPOINTS/,
    );
  });
});
