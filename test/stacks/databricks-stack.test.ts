import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { stepSql } from "../../constructs/data/transformation-workspace";
import { stackNames } from "../../stacks/stack-names";
import { shippedStackText } from "./synthesized-app";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
const byEnv = (env: string): EnvironmentConfig => configs.find((c) => c.environment === env)!;

/** Each environment's data and Databricks stacks from the run's shared synth (the tests only read them). */
const synthesized = new Map<string, { data: any; databricks: any; text: string }>();
function synth(env: string) {
  if (!synthesized.has(env)) {
    const text = shippedStackText(`${env}-databricks`);
    synthesized.set(env, { data: JSON.parse(shippedStackText(`${env}-data`)), databricks: JSON.parse(text), text });
  }
  return synthesized.get(env)!;
}
const all = (tf: any, type: string): any[] => Object.values(tf.resource?.[type] ?? {});
/** Terraform references to the identity's client id, in either stack, as one placeholder. */
const normalise = (path: string) => path.replace(/\$\{(data\.)?azurerm_user_assigned_identity\.[^.]+\.client_id\}/, "<client-id>");
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("<env>-databricks stack", () => {
  test.each(configs.map((c) => c.environment))("%s-databricks matches its snapshot", (env) => {
    expect(synth(env).text).toMatchSnapshot();
  });

  test("is named <env>-databricks", () => {
    expect(stackNames("prod").databricks).toBe("prod-databricks");
  });

  test("the provider signs in through the Azure CLI (Entra ID): no token, secret or password anywhere", () => {
    const { databricks, text } = synth("prod");
    expect(databricks.provider.databricks).toEqual([
      {
        host: expect.stringMatching(/^https:\/\/\$\{data\.azurerm_databricks_workspace\.[^.]+\.workspace_url\}$/),
        azure_workspace_resource_id: expect.stringMatching(/^\$\{data\.azurerm_databricks_workspace\.[^.]+\.id\}$/),
        auth_type: "azure-cli",
      },
    ]);
    expect(text).not.toMatch(/"(token|password|client_secret|azure_client_secret)"\s*:/);
    expect(databricks.terraform.required_providers.databricks).toEqual({ source: "databricks/databricks", version: "1.99.0" });
  });

  test("Unity Catalog: a credential from the access connector, an external location per filesystem the notebooks use (not landing), validation skipped (private lake)", () => {
    const { data, databricks } = synth("prod");
    const [account] = all(data, "azurerm_storage_account");
    const [credential] = all(databricks, "databricks_storage_credential");
    expect(credential).toMatchObject({
      name: "medal_prod_lake",
      azure_managed_identity: { access_connector_id: expect.stringMatching(/^\$\{data\.azurerm_databricks_access_connector\.[^.]+\.id\}$/) },
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      skip_validation: true,
    });
    const [connector] = Object.values<any>(databricks.data.azurerm_databricks_access_connector);
    expect(connector.name).toBe(all(data, "azurerm_databricks_access_connector")[0].name);
    expect(
      all(databricks, "databricks_external_location")
        .map((l) => [l.name, l.url])
        .sort(),
    ).toEqual(["bronze", "catalog", "gold", "silver"].map((fs) => [`medal_prod_${fs}`, `abfss://${fs}@${account.name}.dfs.core.windows.net/`]));
    expect(
      all(data, "azurerm_storage_container")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["bronze", "catalog", "gold", "landing", "silver"]);
  });

  test("the environment's catalog, bound to the workspace, with bronze, silver and gold schemas in the catalog filesystem", () => {
    const { databricks } = synth("dev");
    const [catalog] = all(databricks, "databricks_catalog");
    expect(catalog).toMatchObject({
      name: "medal_dev",
      isolation_mode: "ISOLATED",
      storage_root: expect.stringMatching(/^abfss:\/\/catalog@[a-z0-9]+\.dfs\.core\.windows\.net\/medal_dev\/_catalog$/),
    });
    expect(all(databricks, "databricks_schema").map((s) => [s.name, s.storage_root.replace(/@[a-z0-9]+\./, "@<account>.")])).toEqual(
      ["bronze", "gold", "silver"].map((s) => [s, `abfss://catalog@<account>.dfs.core.windows.net/medal_dev/${s}`]),
    );
  });

  test("grants: the transformation identity reads bronze and writes silver and gold; nothing else is granted", () => {
    const { databricks } = synth("prod");
    const sp = "${databricks_service_principal.Transformations_ServicePrincipal_991B3D25.application_id}";
    const grants = all(databricks, "databricks_grants").map((g) => [g.external_location.match(/ExternalLocation-(\w+)_/)[1], g.grant]);
    expect(grants.sort()).toEqual([
      ["bronze", [{ principal: sp, privileges: ["READ_FILES"] }]],
      ["gold", [{ principal: sp, privileges: ["READ_FILES", "WRITE_FILES"] }]],
      ["silver", [{ principal: sp, privileges: ["READ_FILES", "WRITE_FILES"] }]],
    ]);
    expect(all(databricks, "databricks_grant")).toEqual([]);
    const [principal] = all(databricks, "databricks_service_principal");
    expect(principal).toMatchObject({
      application_id: expect.stringMatching(/^\$\{data\.azurerm_user_assigned_identity\.[^.]+\.client_id\}$/),
      display_name: "id-medal-prod-weu-transform",
      workspace_access: true,
      allow_cluster_create: true,
    });
  });

  test("the code Data Factory runs is what the repository holds, at the paths its pipeline names", () => {
    const { data, databricks } = synth("dev");
    const notebooks = Object.fromEntries(all(databricks, "databricks_notebook").map((n) => [normalise(n.path), decode(n.content_base64)]));
    for (const step of ["bronze_to_silver", "silver_to_gold"]) {
      expect(notebooks[`/Users/<client-id>/medallion/${step}`]).toBe(readFileSync(join(__dirname, "..", "..", "notebooks", `${step}.py`), "utf8"));
    }
    const files = Object.fromEntries(all(databricks, "databricks_workspace_file").map((f) => [normalise(f.path), decode(f.content_base64)]));
    expect(files["/Users/<client-id>/medallion/medallion_runner.py"]).toBe(
      readFileSync(join(__dirname, "..", "..", "notebooks", "medallion_runner.py"), "utf8"),
    );
    for (const source of byEnv("dev").medallion.sources) {
      expect(files[`/Users/<client-id>/medallion/sql/${source.name}/bronze_to_silver.sql`]).toBe(`${stepSql(source, "bronze_to_silver")}\n`);
      expect(files[`/Users/<client-id>/medallion/sql/${source.name}/silver_to_gold.sql`]).toBe(`${stepSql(source, "silver_to_gold")}\n`);
    }
    // Data Factory's notebook activities point at exactly these notebooks.
    const [worker] = all(data, "azurerm_data_factory_pipeline").filter((p) => p.name === "pl_medallion_source");
    const paths = JSON.parse(worker.activities_json)
      .filter((a: any) => a.type === "DatabricksNotebook")
      .map((a: any) => normalise(a.typeProperties.notebookPath));
    expect(paths).toEqual(["/Users/<client-id>/medallion/bronze_to_silver", "/Users/<client-id>/medallion/silver_to_gold"]);
    expect(paths.every((p: string) => p in notebooks)).toBe(true);
  });
});
