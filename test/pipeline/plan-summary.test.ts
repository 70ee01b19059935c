import { planErrorProtectedDestroys, summarizeDrift, summarizePlan, withPlanErrors } from "../../pipeline/plan-summary";
import { configAddress, protectedResources } from "../../pipeline/protection";
import { planJson, resourceChange } from "./pipeline-fixture";

/** Shaped like cdktf.out/stacks/prod-data/cdk.tf.json: prevent_destroy on the lake and database, locks on the lake and SQL server. */
const stackJson = {
  "//": { metadata: { stackName: "prod-data" } },
  resource: {
    azurerm_resource_group: { Rg_1: { name: "rg-prod" } },
    azurerm_storage_account: {
      Platform_Lake_FD425E5A: { "//": { metadata: { path: "prod-data/Platform/Lake/Resource" } }, name: "stlake", lifecycle: { prevent_destroy: true } },
      Scratch_1: { name: "stscratch", resource_group_name: "${azurerm_resource_group.Rg_1.name}" },
    },
    azurerm_mssql_server: { Platform_Sql_B5476C14: { name: "sql-prod" } },
    azurerm_key_vault: { Vault_1: { name: "kv-prod" } },
    azurerm_management_lock: {
      Platform_Lake_Lock_07B3A1CE: { name: "lock-lake", lock_level: "CanNotDelete", scope: "${azurerm_storage_account.Platform_Lake_FD425E5A.id}" },
      Platform_Sql_Lock_F81B8B0D: { name: "lock-sql", lock_level: "CanNotDelete", scope: "${azurerm_mssql_server.Platform_Sql_B5476C14.id}" },
      Rg_Lock: { name: "lock-rg", lock_level: "ReadOnly", scope: "${azurerm_resource_group.Rg_1.id}" },
    },
  },
};

const SECRET = "s3cr3t-P@ssw0rd-value";

describe("protectedResources", () => {
  test("finds prevent_destroy, locks on a resource, and locks on its resource group", () => {
    const found = protectedResources(stackJson);
    expect(found.get("azurerm_storage_account.Platform_Lake_FD425E5A")).toBe(
      "lifecycle.prevent_destroy; management lock azurerm_management_lock.Platform_Lake_Lock_07B3A1CE (CanNotDelete)",
    );
    expect(found.get("azurerm_mssql_server.Platform_Sql_B5476C14")).toBe("management lock azurerm_management_lock.Platform_Sql_Lock_F81B8B0D (CanNotDelete)");
    expect(found.get("azurerm_storage_account.Scratch_1")).toBe(
      "in resource group azurerm_resource_group.Rg_1, locked by azurerm_management_lock.Rg_Lock (ReadOnly)",
    );
    expect(found.has("azurerm_key_vault.Vault_1")).toBe(false);
    expect(protectedResources(undefined).size).toBe(0);
  });

  test("configAddress strips instance keys; modules and data sources have none", () => {
    expect(configAddress("azurerm_storage_account.Lake[0]")).toBe("azurerm_storage_account.Lake");
    expect(configAddress('azurerm_storage_account.Lake["a"]')).toBe("azurerm_storage_account.Lake");
    expect(configAddress("module.m.azurerm_storage_account.Lake")).toBeUndefined();
    expect(configAddress("data.azurerm_client_config.Current")).toBeUndefined();
  });
});

describe("summarizePlan", () => {
  const plan = planJson([
    resourceChange("azurerm_key_vault_secret.Password", ["create"], { after: { value: SECRET } }),
    resourceChange("azurerm_subnet.A", ["update"], { before: { name: "a" }, after: { name: "a", service_endpoints: [SECRET] } }),
    resourceChange("azurerm_subnet.B[0]", ["delete"], { before: { name: SECRET } }),
    resourceChange("azurerm_key_vault.Vault_1", ["delete", "create"], { before: { tenant_id: SECRET } }),
    resourceChange("azurerm_nat_gateway.C", ["create", "delete"]),
    resourceChange("azurerm_subnet.D", ["no-op"]),
    resourceChange("data.azurerm_client_config.Current", ["read"]),
  ]);

  test("counts creates, updates, deletes and replaces (either order); ignores no-op and reads", () => {
    expect(summarizePlan("dev-data", plan)).toEqual({
      stack: "dev-data",
      adds: 1,
      changes: 1,
      destroys: 1,
      replaces: 2,
      destroyed: ["azurerm_subnet.B[0]"],
      replaced: ["azurerm_key_vault.Vault_1", "azurerm_nat_gateway.C"],
      protectedDestroys: [],
    });
  });

  test("never carries attribute values", () => {
    expect(JSON.stringify(summarizePlan("dev-data", plan, stackJson))).not.toContain(SECRET);
  });

  test("a replace or delete of a prevent_destroy or locked resource is protected", () => {
    const summary = summarizePlan(
      "prod-data",
      planJson([
        resourceChange("azurerm_storage_account.Platform_Lake_FD425E5A", ["delete", "create"]),
        resourceChange("azurerm_mssql_server.Platform_Sql_B5476C14", ["delete"]),
        resourceChange("azurerm_storage_account.Scratch_1", ["create", "delete"]),
        resourceChange("azurerm_storage_account.Platform_Lake_FD425E5A", ["delete"], { deposed: "abcd1234" }),
        resourceChange("azurerm_key_vault.Vault_1", ["update"]),
      ]),
      stackJson,
    );
    expect(summary.protectedDestroys).toEqual([
      { address: "azurerm_mssql_server.Platform_Sql_B5476C14", reason: "management lock azurerm_management_lock.Platform_Sql_Lock_F81B8B0D (CanNotDelete)" },
      { address: "azurerm_storage_account.Platform_Lake_FD425E5A", reason: expect.stringMatching(/^lifecycle\.prevent_destroy; management lock/) },
      { address: "azurerm_storage_account.Scratch_1", reason: expect.stringContaining("in resource group azurerm_resource_group.Rg_1") },
    ]);
    // A deposed object (left by a failed create_before_destroy) is cleanup, not a protected destroy.
    expect(summary.destroyed).toEqual([
      "azurerm_mssql_server.Platform_Sql_B5476C14",
      "azurerm_storage_account.Platform_Lake_FD425E5A (deposed object abcd1234)",
    ]);
  });

  test("deleting a CanNotDelete lock is protected (its resource can then go); an update of a lock is not", () => {
    const summary = summarizePlan(
      "prod-data",
      planJson([
        resourceChange("azurerm_management_lock.Old", ["delete"], { before: { lock_level: "CanNotDelete", scope: "/subscriptions/x" } }),
        resourceChange("azurerm_management_lock.Renamed", ["delete", "create"], { before: { lock_level: "CanNotDelete" } }),
        resourceChange("azurerm_management_lock.Note", ["update"], { before: { lock_level: "CanNotDelete" } }),
      ]),
    );
    expect(summary.protectedDestroys).toEqual([
      { address: "azurerm_management_lock.Old", reason: expect.stringContaining("deletes a CanNotDelete management lock") },
    ]);
    expect(JSON.stringify(summary)).not.toContain("/subscriptions/x");
  });

  test("with main's stack JSON: a protected resource removed from the configuration (or stripped of its protection) is still protected", () => {
    const head = { resource: { azurerm_storage_account: { Platform_Lake_FD425E5A: { name: "stlake" } } } };
    const summary = summarizePlan(
      "prod-data",
      planJson([
        resourceChange("azurerm_storage_account.Platform_Lake_FD425E5A", ["delete", "create"]),
        resourceChange("azurerm_mssql_server.Platform_Sql_B5476C14", ["delete"]),
      ]),
      head,
      { baseStackJson: stackJson },
    );
    expect(summary.protectedDestroys.map((p) => p.address)).toEqual([
      "azurerm_mssql_server.Platform_Sql_B5476C14",
      "azurerm_storage_account.Platform_Lake_FD425E5A",
    ]);
    expect(summary.protectedDestroys[0].reason).toBe(
      "management lock azurerm_management_lock.Platform_Sql_Lock_F81B8B0D (CanNotDelete) on main, which this change removes",
    );
  });

  test("fails on input that is not terraform show -json output, naming the stack, field and fix", () => {
    expect(() => summarizePlan("dev-data", { resource_changes: [] })).toThrow(
      "dev-data: the plan JSON has no format_version, so it is not terraform show -json output. Fix: pass the output of terraform show -json <planfile>.",
    );
    expect(() => summarizePlan("dev-data", { format_version: "1.2", resource_changes: [{ address: "a.b" }] })).toThrow(
      "dev-data: the plan JSON: resource_changes[0] has no address or change.actions.",
    );
    expect(summarizePlan("dev-data", { format_version: "1.2" }).adds).toBe(0);
  });
});

describe("summarizeDrift", () => {
  test("lists resources changed or deleted outside Terraform, without values", () => {
    const drift = summarizeDrift(
      "dev-aks",
      planJson(
        [],
        [
          resourceChange("azurerm_kubernetes_cluster.Cluster", ["update"], { before: { tags: { a: SECRET } } }),
          resourceChange("azurerm_subnet.S", ["delete"]),
          resourceChange("azurerm_subnet.T", ["no-op"]),
        ],
      ),
    );
    expect(drift).toEqual({
      stack: "dev-aks",
      drifted: [
        { address: "azurerm_kubernetes_cluster.Cluster", action: "update" },
        { address: "azurerm_subnet.S", action: "delete" },
      ],
    });
    expect(JSON.stringify(drift)).not.toContain(SECRET);
    expect(summarizeDrift("dev-aks", planJson([])).drifted).toEqual([]);
  });
});

describe("planErrorProtectedDestroys", () => {
  test("reads Terraform's human-readable error, with box borders and wrapped lines", () => {
    const stderr = [
      "╷",
      "│ Error: Instance cannot be destroyed",
      "│ ",
      "│   on cdk.tf.json line 120, in resource.azurerm_storage_account.Platform_Lake_FD425E5A:",
      "│  120:         },",
      "│ ",
      "│ Resource azurerm_storage_account.Platform_Lake_FD425E5A has lifecycle.prevent_destroy set, but the",
      "│ plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either",
      "│ disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target flag.",
      "╵",
      "Error: Instance cannot be destroyed",
      "",
      "Resource",
      'module.m["a b"].azurerm_mssql_database.Db[0] has lifecycle.prevent_destroy',
      "set, but the plan calls for this resource to be destroyed.",
    ].join("\n");
    expect(planErrorProtectedDestroys(stderr)).toEqual([
      { address: "azurerm_storage_account.Platform_Lake_FD425E5A", reason: "lifecycle.prevent_destroy (terraform plan refused to destroy it)" },
      { address: 'module.m["a b"].azurerm_mssql_database.Db[0]', reason: "lifecycle.prevent_destroy (terraform plan refused to destroy it)" },
    ]);
  });

  test("reads colored output, -json diagnostics, OpenTofu's wording and the pre-0.12 wording", () => {
    const json = JSON.stringify({
      "@level": "error",
      type: "diagnostic",
      diagnostic: {
        severity: "error",
        summary: "Instance cannot be destroyed",
        detail: 'Resource azurerm_subnet.S["x"] has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.',
      },
    });
    const colored =
      "\x1b[31m│\x1b[0m \x1b[1m\x1b[31mError: \x1b[0m\x1b[1mInstance cannot be destroyed\n\x1b[31m│\x1b[0m Resource azurerm_subnet.Colored has lifecycle.prevent_destroy set, but";
    const tofu =
      "Error: Resource instance cannot be destroyed\n\nResource instance azurerm_subnet.Tofu has prevent_destroy set, but the plan calls for it to be destroyed.";
    const old = "* azurerm_subnet.Old: the plan would destroy this resource, but it currently has lifecycle.prevent_destroy set to true.";
    expect(planErrorProtectedDestroys([json, colored, tofu, old].join("\n")).map((p) => p.address)).toEqual([
      'azurerm_subnet.S["x"]',
      "azurerm_subnet.Colored",
      "azurerm_subnet.Tofu",
      "azurerm_subnet.Old",
    ]);
  });

  test("finds nothing in other errors, and lists an address once", () => {
    expect(planErrorProtectedDestroys("Error: building account: could not acquire access token")).toEqual([]);
    const twice = "Resource a.b has lifecycle.prevent_destroy set, but\nResource a.b has lifecycle.prevent_destroy set, but";
    expect(planErrorProtectedDestroys(twice)).toHaveLength(1);
    const summary = withPlanErrors(summarizePlan("s", planJson([])), twice);
    expect(summary.protectedDestroys).toEqual([{ address: "a.b", reason: expect.any(String) }]);
  });
});
