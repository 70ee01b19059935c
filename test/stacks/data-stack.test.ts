import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { loadEnvironmentConfigs } from "../../config/load";
import { EnvironmentConfig } from "../../config/schema";
import { stackNames } from "../../stacks/stack-names";
import { shippedStackText } from "./synthesized-app";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
const byEnv = (env: string): EnvironmentConfig => configs.find((c) => c.environment === env)!;

/** Each environment's data stack from the run's shared synth (the tests only read it). */
const synthData = (env: string): string => shippedStackText(`${env}-data`);

describe("<env>-data stack", () => {
  test.each(configs.map((c) => c.environment))("%s-data matches its snapshot", (env) => {
    expect(synthData(env)).toMatchSnapshot();
  });

  test("is named <env>-data", () => {
    expect(stackNames("prod").data).toBe("prod-data");
  });

  test("configures the azurerm provider with Entra ID storage access, never in a construct", () => {
    expect(synthData("dev")).toHaveProviderWithProperties(AzurermProvider, {
      storage_use_azuread: true,
      features: [{ storage: [{ data_plane_available: false }] }],
      subscription_id: byEnv("dev").subscriptionId,
      tenant_id: byEnv("dev").tenantId,
    });
  });

  test("tags every taggable resource with environment, owner, cost-center and managed-by", () => {
    const tf = JSON.parse(synthData("prod"));
    const tagged = Object.values<Record<string, { tags?: Record<string, string> }>>(tf.resource)
      .flatMap((byName) => Object.values(byName))
      .filter((r) => r.tags !== undefined);
    expect(tagged.length).toBeGreaterThan(20);
    for (const r of tagged) {
      expect(r.tags).toMatchObject({ environment: "prod", owner: "data-platform@contoso.com", "cost-center": "CC-4711", "managed-by": "cdktf" });
    }
  });

  test("prod: zone-redundant geo replication, locked lake, private everything", () => {
    const synth = synthData("prod");
    expect(synth).toHaveResourceWithProperties(StorageAccount, { account_replication_type: "RAGZRS", public_network_access_enabled: false });
    const tf = JSON.parse(synth);
    expect(Object.values(tf.resource.azurerm_management_lock)).toContainEqual(expect.objectContaining({ lock_level: "CanNotDelete" }));
    expect(synth).not.toMatch(/"public_network_access_enabled": true|"public_network_enabled": true/);
  });

  test("egress: staging and prod route Databricks through the firewall (allow-list of their region, DBFS root named), dev through a NAT gateway", () => {
    for (const env of ["staging", "prod"]) {
      const tf = JSON.parse(synthData(env));
      expect(Object.keys(tf.resource.azurerm_firewall)).toHaveLength(1);
      expect(tf.resource.azurerm_nat_gateway).toBeUndefined();
      const [group] = Object.values<any>(tf.resource.azurerm_firewall_policy_rule_collection_group);
      const dbfs = Object.values<any>(tf.resource.azurerm_databricks_workspace)[0].custom_parameters.storage_account_name;
      expect(dbfs).toMatch(/^dbfsmedal(staging|prod)[0-9a-f]{4}$/);
      expect(group.application_rule_collection[0].rule.find((r: any) => r.name === "databricks-dbfs-root").destination_fqdns).toEqual([
        `${dbfs}.blob.core.windows.net`,
        `${dbfs}.dfs.core.windows.net`,
      ]);
      // Private workspaces reach the relay and web app through their private endpoint.
      expect(JSON.stringify(group)).not.toContain("databricks-scc-relay");
    }
    expect(Object.values<any>(JSON.parse(synthData("prod")).resource.azurerm_firewall)[0].zones).toEqual(["1", "2", "3"]);
    const dev = JSON.parse(synthData("dev"));
    expect(dev.resource.azurerm_firewall).toBeUndefined();
    expect(Object.keys(dev.resource.azurerm_nat_gateway)).toHaveLength(1);
  });

  test("every linked service the factory holds is of a type its allow-list policy admits", () => {
    const tf = JSON.parse(synthData("prod"));
    const [assignment] = Object.values<any>(tf.resource.azurerm_resource_group_policy_assignment);
    const allowed: string[] = JSON.parse(assignment.parameters).allowedLinkedServiceResourceTypes.value;
    const azurermTypes: Record<string, string> = {
      azurerm_data_factory_linked_service_data_lake_storage_gen2: "AzureBlobFS",
      azurerm_data_factory_linked_service_azure_sql_database: "AzureSqlDatabase",
      azurerm_data_factory_linked_service_key_vault: "AzureKeyVault",
    };
    const deployed = Object.keys(tf.resource)
      .filter((t) => t.startsWith("azurerm_data_factory_linked_service_"))
      .map((t) => azurermTypes[t] ?? t);
    // The Databricks linked service is an ARM template deployment of Data Factory's own JSON.
    for (const d of Object.values<any>(tf.resource.azurerm_resource_group_template_deployment ?? {})) {
      for (const r of JSON.parse(d.template_content).resources)
        if (r.type === "Microsoft.DataFactory/factories/linkedservices") deployed.push(r.properties.type);
    }
    expect(deployed.sort()).toEqual([...allowed].sort());
  });

  test("prod: Databricks gets the browser-authentication private endpoint its private UI needs; dev does not", () => {
    const endpoints = (env: string) =>
      Object.values<any>(JSON.parse(synthData(env)).resource.azurerm_private_endpoint).flatMap((pe) => pe.private_service_connection.subresource_names);
    expect(endpoints("prod")).toContain("browser_authentication");
    expect(endpoints("dev")).not.toContain("browser_authentication");
  });

  test("has no secret in the synthesized JSON", () => {
    for (const env of ["dev", "staging", "prod"]) {
      // No argument that carries a credential: *password, *secret, *_key (not *_key_enabled), *token.
      expect(synthData(env)).not.toMatch(/"[a-z_]*(password|secret|_key|token)"\s*:/i);
      expect(synthData(env)).not.toMatch(/AccountKey=|Password=|SharedAccessSignature=/i);
    }
  });

  test("keeps state in its environment's container of the bootstrap state account, with Entra ID auth", () => {
    expect(JSON.parse(synthData("prod")).terraform.backend).toEqual({
      azurerm: {
        container_name: "tfstate-prod",
        key: "prod-data.tfstate",
        resource_group_name: "rg-medal-tfstate-weu",
        storage_account_name: "stmedaltfstateweu",
        subscription_id: "55555555-5555-5555-5555-555555555555",
        tenant_id: byEnv("prod").tenantId,
        use_azuread_auth: true,
      },
    });
  });

  test("contains no absolute path of the machine it was synthesized on", () => {
    expect(synthData("dev")).not.toContain(process.cwd());
  });

  test("names resources deterministically from config", () => {
    expect(synthData("staging")).toEqual(synthData("staging"));
  });
});

describe("<env>-data pipeline alerts", () => {
  test.each(configs.map((c) => c.environment))("%s: the receivers and severity from config hear about failed pipeline, trigger and Databricks runs", (env) => {
    const tf = JSON.parse(synthData(env));
    const [group] = Object.values<any>(tf.resource.azurerm_monitor_action_group);
    expect(group.email_receiver.map((r: any) => r.email_address)).toEqual(byEnv(env).medallion.alerts.emails);
    const alerts = Object.values<any>(tf.resource.azurerm_monitor_metric_alert);
    expect(alerts.map((a) => a.criteria[0].metric_name).sort()).toEqual(["ActivityFailedRuns", "PipelineFailedRuns", "TriggerFailedRuns"]);
    const [factory] = Object.values<any>(tf.resource.azurerm_data_factory);
    for (const a of alerts) {
      expect(a.severity).toBe(byEnv(env).medallion.alerts.severity);
      expect(a.scopes).toEqual([expect.stringMatching(/^\$\{azurerm_data_factory\.[^.]+\.id\}$/)]);
      expect(a.action).toEqual([{ action_group_id: expect.stringMatching(/^\$\{azurerm_monitor_action_group\.[^.]+\.id\}$/) }]);
      expect(a.criteria[0]).toMatchObject({ metric_namespace: "Microsoft.DataFactory/factories", aggregation: "Total", operator: "GreaterThan", threshold: 0 });
    }
    expect(factory).toBeDefined();
    const databricks = alerts.find((a) => a.criteria[0].metric_name === "ActivityFailedRuns");
    expect(databricks.criteria[0].dimension).toContainEqual({ name: "ActivityType", operator: "Include", values: ["DatabricksNotebook"] });
  });

  test("prod pages with severity 1, dev with 3", () => {
    const severity = (env: string) => Object.values<any>(JSON.parse(synthData(env)).resource.azurerm_monitor_metric_alert)[0].severity;
    expect([severity("prod"), severity("dev")]).toEqual([1, 3]);
  });
});
