import { NAME_RULES, ResourceNames } from "../../config/naming";

const input = { workload: "medal", environment: "dev", location: "westeurope", subscriptionId: "11111111-1111-1111-1111-111111111111" } as const;

describe("ResourceNames", () => {
  test("follows the CAF convention <abbreviation>-<workload>-<env>-<region>", () => {
    const names = new ResourceNames(input);
    expect(names.dataResourceGroup).toBe("rg-medal-dev-weu-data");
    expect(names.logAnalytics).toBe("log-medal-dev-weu");
    expect(names.databricksWorkspace).toBe("dbw-medal-dev-weu");
    expect(names.dataFactory).toMatch(/^adf-medal-dev-weu-[0-9a-f]{4}$/);
    expect(names.sqlServer).toMatch(/^sql-medal-dev-weu-[0-9a-f]{4}$/);
    expect(names.storageAccount).toMatch(/^stmedaldevweu[0-9a-f]{4}$/);
    expect(names.keyVault).toMatch(/^kv-medal-dev-[0-9a-f]{4}$/);
  });

  test("names the backup account stbak<env><suffix>: a valid storage account name for every environment name", () => {
    expect(new ResourceNames(input).aksNames().backupStorageAccount).toMatch(/^stbakdev[0-9a-f]{4}$/);
    expect(new ResourceNames({ ...input, workload: "abcdefghij", environment: "abcdefgh" }).aksNames().backupStorageAccount).toMatch(
      NAME_RULES.storageAccount.pattern,
    );
  });

  test("derives the suffix deterministically from subscription, workload and environment", () => {
    expect(new ResourceNames(input).suffix).toBe(new ResourceNames({ ...input }).suffix);
    expect(new ResourceNames(input).suffix).not.toBe(new ResourceNames({ ...input, subscriptionId: "22222222-2222-2222-2222-222222222222" }).suffix);
    expect(new ResourceNames(input).suffix).not.toBe(new ResourceNames({ ...input, environment: "prod" }).suffix);
  });

  test("ignores the case of the subscription id", () => {
    const upper = new ResourceNames({ ...input, subscriptionId: "AAAAAAAA-1111-1111-1111-111111111111" });
    const lower = new ResourceNames({ ...input, subscriptionId: "aaaaaaaa-1111-1111-1111-111111111111" });
    expect(upper.suffix).toBe(lower.suffix);
  });

  test("gives names that satisfy Azure's rules", () => {
    const names = new ResourceNames(input).constrained();
    for (const [key, name] of Object.entries(names)) {
      expect(name).toMatch(NAME_RULES[key as keyof typeof NAME_RULES].pattern);
    }
  });

  test("gives each application workload's Key Vault a short, deterministic, globally unique name", () => {
    const names = new ResourceNames({
      workload: "medal",
      environment: "staging",
      location: "westeurope",
      subscriptionId: "33333333-3333-3333-3333-333333333333",
    });
    const vault = names.workloadKeyVault("shop", "database");
    expect(vault).toMatch(/^kv-staging-[0-9a-f]{8}$/);
    expect(vault.length).toBeLessThanOrEqual(24);
    expect(names.workloadKeyVault("shop", "database")).toBe(vault);
    expect(names.workloadKeyVault("shop", "backend")).not.toBe(vault);
    expect(names.workloadIdentity("shop", "database")).toBe("id-medal-staging-weu-shop-database");
  });
});
