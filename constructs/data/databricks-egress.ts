import { EgressAllowList, EgressApplicationRule, EgressNetworkRule } from "../network/egress-firewall";

/**
 * Where classic Databricks compute must reach in one region, when its subnets route 0.0.0.0/0 through a firewall
 * (Databricks' data-exfiltration-protection pattern). Values come from Microsoft Learn's "IP addresses and domains
 * for Azure Databricks services and assets" table, as copied by Databricks' own example
 * (databricks/terraform-databricks-examples `examples/adb-exfiltration-protection`, 2026-02) and Microsoft's
 * AzureTRE (`templates/workspace_services/databricks/terraform/databricks-udr.json`); both agree for the regions
 * listed here. Regions share control planes and their abbreviations are irregular (`westeu`, `westeuc2`,
 * `northeu`): never derive a row by renaming another, copy it from the Microsoft page.
 */
export interface DatabricksRegionEndpoints {
  /** Legacy Hive metastore (Azure Database for MySQL), TCP 3306. */
  readonly metastore: readonly string[];
  /** Databricks' observability Event Hubs, TCP 9093 (Kafka). */
  readonly eventHubs: readonly string[];
  /** Artifact Blob storage (Databricks runtime images and libraries), primary and secondary. */
  readonly artifactStorage: readonly string[];
  /** Unity Catalog system tables storage. */
  readonly systemTablesStorage: readonly string[];
  /** Log Blob storage. */
  readonly logStorage: readonly string[];
  /** Extended infrastructure ranges, TCP 443. */
  readonly extendedInfrastructure: readonly string[];
  /** Secure cluster connectivity relay: reached through the internet only without back-end Private Link. */
  readonly sccRelay: readonly string[];
  /** Web application / control plane ranges (TCP 443, 8443-8451): only without back-end Private Link. */
  readonly webApp: readonly string[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The regions whose endpoints are known here; add a region's row from Microsoft's table to deploy there. */
export const DATABRICKS_EGRESS_ENDPOINTS: Readonly<Record<string, DatabricksRegionEndpoints>> = {
  westeurope: {
    metastore: [
      "consolidated-westeurope-prod-metastore.mysql.database.azure.com",
      "consolidated-westeurope-prod-metastore-addl-1.mysql.database.azure.com",
      "consolidated-westeurope-prod-metastore-addl-2.mysql.database.azure.com",
      "consolidated-westeurope-prod-metastore-addl-3.mysql.database.azure.com",
      "consolidated-westeuropec2-prod-metastore-0.mysql.database.azure.com",
      "consolidated-westeuropec2-prod-metastore-1.mysql.database.azure.com",
      "consolidated-westeuropec2-prod-metastore-2.mysql.database.azure.com",
      "consolidated-westeuropec2-prod-metastore-3.mysql.database.azure.com",
    ],
    eventHubs: ["prod-westeurope-observabilityeventhubs.servicebus.windows.net", "prod-westeuc2-observabilityeventhubs.servicebus.windows.net"],
    artifactStorage: [
      "dbartifactsprodwesteu.blob.core.windows.net",
      ...range(1, 24).map((n) => `arprodwesteua${n}.blob.core.windows.net`),
      "dbartifactsprodnortheu.blob.core.windows.net",
    ],
    systemTablesStorage: ["ucstprdwesteu.dfs.core.windows.net", "ucstprdwesteu.blob.core.windows.net"],
    logStorage: ["dblogprodwesteurope.blob.core.windows.net"],
    extendedInfrastructure: ["20.73.215.48/28"],
    sccRelay: ["tunnel.westeurope.azuredatabricks.net", "tunnel.westeuropec2.azuredatabricks.net"],
    webApp: ["52.232.19.246/32", "40.74.30.80/32", "20.103.219.240/28", "4.150.168.160/28"],
  },
};

/** Options of {@link databricksEgressAllowList}. */
export interface DatabricksEgressOptions {
  /**
   * The workspace's front end is public (`AllRules`, no back-end Private Link): clusters then reach the SCC relay
   * and the web application through the internet, so those are allowed too.
   */
  readonly publicWorkspace: boolean;
  /** Name of the workspace's DBFS root storage account (set on the workspace, so it is known here). */
  readonly dbfsStorageAccountName: string;
}

/**
 * The firewall allow-list of a VNet-injected workspace's clusters in `region`. The lake, Key Vault and SQL are
 * reached through private endpoints inside the network and need no rule; storage is allowed by account FQDN, never
 * by the regional `Storage` tag (which would open every account in the region). Throws for a region whose
 * endpoints are not in {@link DATABRICKS_EGRESS_ENDPOINTS}.
 */
export function databricksEgressAllowList(region: string, options: DatabricksEgressOptions): EgressAllowList {
  const endpoints = DATABRICKS_EGRESS_ENDPOINTS[region];
  if (!endpoints) {
    throw new Error(
      `Databricks egress: no endpoints known for region ${JSON.stringify(region)} (known: ${Object.keys(DATABRICKS_EGRESS_ENDPOINTS).join(", ")}). ` +
        "Fix: add the region's row of Microsoft Learn's \"IP addresses and domains for Azure Databricks services and assets\" to DATABRICKS_EGRESS_ENDPOINTS (constructs/data/databricks-egress.ts), or use NAT gateway egress outside production.",
    );
  }
  const network: EgressNetworkRule[] = [
    {
      name: "databricks-metastore",
      description: "Legacy Hive metastore (Azure Database for MySQL)",
      protocols: ["TCP"],
      ports: ["3306"],
      fqdns: endpoints.metastore,
    },
    {
      name: "databricks-eventhubs",
      description: "Databricks observability Event Hubs (Kafka)",
      protocols: ["TCP"],
      ports: ["9093"],
      fqdns: endpoints.eventHubs,
    },
    {
      name: "databricks-extended-infrastructure",
      description: "Databricks extended infrastructure",
      protocols: ["TCP"],
      ports: ["443"],
      addresses: endpoints.extendedInfrastructure,
    },
  ];
  const application: EgressApplicationRule[] = [
    { name: "databricks-artifacts", description: "Databricks artifact Blob storage (runtime images, libraries)", fqdns: endpoints.artifactStorage },
    { name: "databricks-system-tables", description: "Unity Catalog system tables storage", fqdns: endpoints.systemTablesStorage },
    { name: "databricks-logs", description: "Databricks log Blob storage", fqdns: endpoints.logStorage },
    {
      name: "databricks-dbfs-root",
      description: "The workspace's DBFS root storage account",
      fqdns: [`${options.dbfsStorageAccountName}.blob.core.windows.net`, `${options.dbfsStorageAccountName}.dfs.core.windows.net`],
    },
  ];
  if (options.publicWorkspace) {
    network.push({
      name: "databricks-webapp",
      description: "Databricks web application (no back-end Private Link)",
      protocols: ["TCP"],
      ports: ["443", "8443-8451"],
      addresses: endpoints.webApp,
    });
    application.push({ name: "databricks-scc-relay", description: "Secure cluster connectivity relay (no back-end Private Link)", fqdns: endpoints.sccRelay });
  }
  return { network, application };
}
