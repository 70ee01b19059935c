import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { ALL_RULES, PolicyAspect } from "azure-platform-iac";
import { synthCluster } from "../../examples/cluster/main";
import { synthDataPlatform } from "../../examples/data-platform/main";

/** Synthesizes an example into a fresh temp dir; returns its only stack and that stack's Terraform JSON. */
function synthesize(build: (outdir: string) => App): { stack: TerraformStack; json: any } {
  const outdir = join(mkdtempSync(join(tmpdir(), "example-")), "cdktf.out");
  const app = build(outdir);
  const stacks = app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c));
  expect(stacks).toHaveLength(1);
  const stack = stacks[0];
  return { stack, json: JSON.parse(readFileSync(join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) };
}

const count = (json: any, type: string) => Object.keys(json.resource[type] ?? {}).length;
const warnings = (stack: TerraformStack) => stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data));

describe.each([
  {
    name: "data-platform",
    build: synthDataPlatform,
    resources: {
      azurerm_virtual_network: 1,
      azurerm_firewall: 1,
      azurerm_log_analytics_workspace: 1,
      azurerm_key_vault: 1,
      azurerm_data_factory: 1,
      azurerm_databricks_workspace: 1,
      azurerm_mssql_server: 1,
      azurerm_mssql_database: 1,
    },
    // The lake is a private, keyless ADLS Gen2 account.
    main: (json: any) =>
      expect(Object.values<any>(json.resource.azurerm_storage_account).find((a) => a.name === "stexamplelake")).toMatchObject({
        is_hns_enabled: true,
        public_network_access_enabled: false,
        shared_access_key_enabled: false,
      }),
  },
  {
    name: "cluster",
    build: synthCluster,
    resources: { azurerm_virtual_network: 1, azurerm_network_security_group: 2, azurerm_kubernetes_cluster: 1, azurerm_kubernetes_cluster_node_pool: 1 },
    // A private API server, Entra ID sign-in only.
    main: (json: any) =>
      expect(Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0]).toMatchObject({
        name: "aks-example",
        private_cluster_enabled: true,
        local_account_disabled: true,
      }),
  },
])("examples/$name", ({ build, resources, main }) => {
  const { stack, json } = synthesize(build);

  test("synthesizes its main resources", () => {
    for (const [type, n] of Object.entries(resources)) expect([type, count(json, type)]).toEqual([type, n]);
    expect(json.provider.azurerm).toHaveLength(1);
    main(json);
  });

  test("passes the whole policy pack without a waiver, with no opt-out warning", () => {
    const result = PolicyAspect.resultsOf(stack);
    expect(result).toMatchObject({ violations: [], waived: [], expiredWaivers: [], rulesEvaluated: ALL_RULES.length });
    expect(warnings(stack)).toEqual([]);
  });
});
