import { DATA_PRIVATE_DNS_ZONES } from "../../../constructs/network/private-dns-zones";

describe("DATA_PRIVATE_DNS_ZONES", () => {
  test("maps each data service to its Azure public cloud privatelink zone", () => {
    expect(DATA_PRIVATE_DNS_ZONES).toEqual({
      dfs: "privatelink.dfs.core.windows.net",
      blob: "privatelink.blob.core.windows.net",
      sql: "privatelink.database.windows.net",
      dataFactory: "privatelink.datafactory.azure.net",
      databricks: "privatelink.azuredatabricks.net",
      vault: "privatelink.vaultcore.azure.net",
    });
  });

  test("every zone is a privatelink zone", () => {
    expect(Object.values(DATA_PRIVATE_DNS_ZONES).every((z) => z.startsWith("privatelink."))).toBe(true);
  });
});
