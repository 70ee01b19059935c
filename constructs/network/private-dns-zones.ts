/**
 * Private DNS zones of the services the data platform reaches over private endpoints (Azure public cloud), keyed
 * by the name the rest of the code uses. Source: learn.microsoft.com "Azure Private Endpoint private DNS zone values".
 */
export const DATA_PRIVATE_DNS_ZONES = {
  dfs: "privatelink.dfs.core.windows.net",
  blob: "privatelink.blob.core.windows.net",
  sql: "privatelink.database.windows.net",
  dataFactory: "privatelink.datafactory.azure.net",
  databricks: "privatelink.azuredatabricks.net",
  vault: "privatelink.vaultcore.azure.net",
} as const;

export type DataPrivateDnsZone = keyof typeof DATA_PRIVATE_DNS_ZONES;
