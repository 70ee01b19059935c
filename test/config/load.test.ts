import { configDirFromEnvironment, DEFAULT_CONFIG_DIR, loadEnvironmentConfigs } from "../../config/load";
import { configDir, devWith, problems, prodWith, shippedConfig, SHIPPED_CONFIG_DIR } from "./config-fixtures";

describe("loadEnvironmentConfigs", () => {
  test("loads the shipped dev, staging and prod files", () => {
    const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
    expect(configs.map((c) => c.environment)).toEqual(["dev", "prod", "staging"]);
  });

  test("applies defaults (names, tag extras, CSV dialect, marker, required columns, alert severity)", () => {
    const [dev] = loadEnvironmentConfigs(
      devWith((c) => {
        delete c.medallion.sources[1].silver.required;
        delete c.medallion.alerts.severity;
      }),
    );
    expect(dev.names).toEqual({});
    expect(dev.tags.extra).toEqual({});
    const [sales, inventory] = dev.medallion.sources;
    expect(sales.csv).toEqual({ delimiter: ",", quote: '"', escape: '"', encoding: "UTF-8", header: true });
    expect(inventory.csv).toBeUndefined();
    expect(inventory.trigger).toEqual({ type: "fileDrop", marker: "_READY" });
    expect(inventory.silver.required).toEqual([]);
    expect(dev.medallion.alerts.severity).toBe(2);
  });

  test("reads INFRA_CONFIG_DIR when set, else the shipped folder", () => {
    expect(configDirFromEnvironment({ INFRA_CONFIG_DIR: "/tmp/x" })).toBe("/tmp/x");
    expect(configDirFromEnvironment({})).toBe(DEFAULT_CONFIG_DIR);
  });

  test("prints each problem as <file>: <path>: <what is wrong> (got <value>)", () => {
    const dir = devWith((c) => (c.location = "moon"));
    expect(problems(dir)).toEqual([expect.stringMatching(/^dev\.yaml: location: must be one of the known regions \(.*\) \(got "moon"\)$/)]);
  });

  test("reports every problem of every file at once", () => {
    const dev = shippedConfig("dev");
    dev.subscriptionId = "not-a-guid";
    dev.dataLake.softDeleteRetentionInDays = 0;
    const prod = shippedConfig("prod");
    prod.dataLake.lock = false;
    const found = problems(configDir({ "dev.yaml": dev, "prod.yaml": prod }));
    expect(found).toEqual([
      expect.stringMatching(/^dev\.yaml: subscriptionId: must be a GUID .* \(got "not-a-guid"\)$/),
      expect.stringMatching(/^dev\.yaml: dataLake\.softDeleteRetentionInDays: must be at least 1 \(got 0\)$/),
      "prod.yaml: dataLake.lock: must be true in prod (got false)",
    ]);
  });

  test("fails on an empty directory", () => {
    expect(problems(configDir({}))[0]).toMatch(/holds no <env>\.yaml file/);
  });

  test("fails on invalid YAML with line and column", () => {
    expect(problems(configDir({ "dev.yaml": "environment: dev\n  workload: [unclosed\n" }))[0]).toMatch(/^dev\.yaml: line \d+, column \d+: invalid YAML/);
  });

  test("fails on duplicate YAML keys", () => {
    expect(problems(configDir({ "dev.yaml": "environment: dev\nenvironment: dev\n" }))[0]).toMatch(/^dev\.yaml: line 2, column 1: invalid YAML/);
  });

  test("fails when environment does not match the file name", () => {
    const renamed = devWith((c) => {
      c.environment = "test";
      c.policy.waivers = [];
    });
    expect(problems(renamed)).toEqual(['dev.yaml: environment: must match the file name "dev" (got "test")']);
  });

  test("fails when dev or staging shares an admin group with prod, naming the file and field", () => {
    const prod = shippedConfig("prod");
    const dev = shippedConfig("dev");
    dev.sql.entraAdmin.objectId = prod.sql.entraAdmin.objectId;
    dev.aks.adminGroupObjectIds = [dev.aks.adminGroupObjectIds[0], prod.aks.adminGroupObjectIds[0].toUpperCase()];
    expect(problems(configDir({ "dev.yaml": dev, "prod.yaml": prod }))).toEqual([
      `dev.yaml: sql.entraAdmin.objectId: must not be an admin group of prod (give each environment its own groups) (got "${prod.sql.entraAdmin.objectId}")`,
      `dev.yaml: aks.adminGroupObjectIds.1: must not be an admin group of prod (give each environment its own groups) (got "${prod.aks.adminGroupObjectIds[0].toUpperCase()}")`,
    ]);
  });

  test("fails on a waiver without owner, ticket or granted date, naming each field", () => {
    const dev = devWith((c) => {
      const w = c.policy.waivers[0];
      delete w.owner;
      delete w.ticket;
      delete w.granted;
    });
    expect(problems(dev)).toEqual([
      "dev.yaml: policy.waivers.0.owner: must be the e-mail address of who answers for the waiver (got nothing)",
      "dev.yaml: policy.waivers.0.ticket: must name the ticket that tracks the fix, e.g. PLAT-123 or a URL (got nothing)",
      "dev.yaml: policy.waivers.0.granted: must be a date such as 2026-12-01 (got nothing)",
    ]);
  });

  test("fails on a waiver longer than 180 days, or expiring before it was granted", () => {
    expect(problems(devWith((c) => (c.policy.waivers[0].expires = "2027-06-30")))).toEqual([
      'dev.yaml: policy.waivers.0.expires: must be at most 180 days after granted (2026-12-01); renew the waiver instead (got "2027-06-30")',
    ]);
    expect(problems(devWith((c) => (c.policy.waivers[0].expires = "2026-11-30")))).toEqual([
      'dev.yaml: policy.waivers.0.expires: must be after granted (2026-12-01) (got "2026-11-30")',
    ]);
  });

  test("fails on a prod waiver without an approver, or approved by its owner", () => {
    const waiver = {
      rule: "STG-004",
      resource: "prod-data/Platform/Lake/Resource",
      reason: "A reason long enough.",
      owner: "a@contoso.com",
      ticket: "PLAT-1",
      granted: "2026-12-01",
      expires: "2027-01-31",
    };
    expect(problems(prodWith((c) => (c.policy.waivers = [waiver])))).toEqual([
      "prod.yaml: policy.waivers.0.approvedBy: is required for a production waiver: name who approved it (not the owner) (got nothing)",
    ]);
    expect(problems(prodWith((c) => (c.policy.waivers = [{ ...waiver, approvedBy: "A@contoso.com" }])))).toEqual([
      'prod.yaml: policy.waivers.0.approvedBy: must be someone else than the owner (got "A@contoso.com")',
    ]);
  });

  test("sql.threatDetection is on by default and required in prod", () => {
    expect(loadEnvironmentConfigs(SHIPPED_CONFIG_DIR).map((c) => c.sql.threatDetection)).toEqual([
      { enabled: true, alertEmails: [] },
      { enabled: true, alertEmails: [] },
      { enabled: true, alertEmails: [] },
    ]);
    expect(problems(prodWith((c) => (c.sql.threatDetection = { enabled: false })))).toEqual([
      "prod.yaml: sql.threatDetection.enabled: must be true in prod (got false)",
    ]);
  });

  test("aks.defender is on by default and required in prod", () => {
    expect(loadEnvironmentConfigs(SHIPPED_CONFIG_DIR).map((c) => c.aks.defender)).toEqual([true, true, true]);
    expect(problems(prodWith((c) => (c.aks.defender = false)))).toEqual(["prod.yaml: aks.defender: must be true in prod (got false)"]);
  });

  test("the shipped environments have their own admin groups", () => {
    const configs = loadEnvironmentConfigs(SHIPPED_CONFIG_DIR);
    const groups = configs.map((c) => [c.sql.entraAdmin.objectId, ...c.aks.adminGroupObjectIds].join());
    expect(new Set(groups).size).toBe(3);
  });
});

const DEV_VAULT = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-medal-keys";
const OTHER_SUBSCRIPTION_VAULT = DEV_VAULT.replace("11111111-1111-1111-1111-111111111111", "44444444-4444-4444-4444-444444444444");

describe("schema rules", () => {
  const cases: [string, (c: Record<string, any>) => void, RegExp][] = [
    ["an unknown key", (c) => (c.network.firewall = true), /^dev\.yaml: network\.firewall: unknown key, not in the schema \(got true\)$/],
    ["a missing field", (c) => delete c.tenantId, /^dev\.yaml: tenantId: .* \(got nothing\)$/],
    [
      "an invalid name override",
      (c) => (c.names = { storageAccount: "St-Lake" }),
      /^dev\.yaml: names\.storageAccount: must be 3-24 lowercase letters and digits \(got "St-Lake"\)$/,
    ],
    ["an invalid SQL server name override", (c) => (c.names = { sqlServer: "-sql" }), /^dev\.yaml: names\.sqlServer: must be 1-63 lowercase/],
    ["an invalid data factory name override", (c) => (c.names = { dataFactory: "adf--x" }), /^dev\.yaml: names\.dataFactory: must be 3-63/],
    ["an invalid Databricks name override", (c) => (c.names = { databricksWorkspace: "db" }), /^dev\.yaml: names\.databricksWorkspace: must be 3-64/],
    ["an unknown region", (c) => (c.location = "westeurope2"), /^dev\.yaml: location: must be one of the known regions/],
    ["a non-GUID tenant", (c) => (c.tenantId = "contoso"), /^dev\.yaml: tenantId: must be a GUID/],
    [
      "an invalid CIDR",
      (c) => (c.network.addressSpace = "10.10.0.0/33"),
      /^dev\.yaml: network\.addressSpace: must be an IPv4 CIDR .* \(got "10\.10\.0\.0\/33"\)$/,
    ],
    ["host bits in the address space", (c) => (c.network.addressSpace = "10.10.0.1/16"), /^dev\.yaml: network\.addressSpace: has host bits set/],
    [
      "a subnet outside the VNet",
      (c) => (c.network.subnets.privateEndpoints = "10.99.0.0/24"),
      /^dev\.yaml: network\.subnets\.privateEndpoints: must lie inside the address space 10\.10\.0\.0\/16 \(got "10\.99\.0\.0\/24"\)$/,
    ],
    [
      "overlapping subnets",
      (c) => (c.network.subnets.databricksHost = "10.10.0.0/22"),
      /^dev\.yaml: network\.subnets\.databricksHost: overlaps subnet privateEndpoints \(10\.10\.0\.0\/24\)/,
    ],
    [
      "a Databricks subnet smaller than /26",
      (c) => (c.network.subnets.databricksContainer = "10.10.8.0/27"),
      /^dev\.yaml: network\.subnets\.databricksContainer: must be \/26 or larger for Databricks/,
    ],
    [
      "a firewall egress without its subnet",
      (c) => (c.network.egress = { type: "firewall" }),
      /^dev\.yaml: network\.subnets\.firewall: is required with egress\.type firewall/,
    ],
    [
      "a firewall subnet with NAT gateway egress",
      (c) => (c.network.subnets.firewall = "10.10.12.0/26"),
      /^dev\.yaml: network\.subnets\.firewall: is only used with egress\.type firewall/,
    ],
    [
      "a firewall subnet smaller than /26",
      (c) => ((c.network.subnets.firewall = "10.10.12.0/27"), (c.network.egress = { type: "firewall" })),
      /^dev\.yaml: network\.subnets\.firewall: must be \/26 or larger/,
    ],
    [
      "a firewall subnet overlapping another",
      (c) => ((c.network.subnets.firewall = "10.10.0.0/26"), (c.network.egress = { type: "firewall" })),
      /^dev\.yaml: network\.subnets\.firewall: overlaps subnet privateEndpoints/,
    ],
    [
      "a public workspace without its IP access list",
      (c) => delete c.databricks.allowedIpRanges,
      /^dev\.yaml: databricks\.allowedIpRanges: must list at least one range when publicNetworkAccess is true/,
    ],
    [
      "an IP access list of a private workspace",
      (c) => (c.databricks.publicNetworkAccess = false),
      /^dev\.yaml: databricks\.allowedIpRanges: applies only when publicNetworkAccess is true/,
    ],
    [
      "a workspace IP access list wider than a /16",
      (c) => (c.databricks.allowedIpRanges = ["10.0.0.0/8"]),
      /^dev\.yaml: databricks\.allowedIpRanges: is too wide/,
    ],
    [
      "a key vault id that is not one",
      (c) => (c.encryption = { customerManagedKeys: { keyVaultId: "/subscriptions/x/vaults/kv", dataLake: { keyName: "lake" } } }),
      /^dev\.yaml: encryption\.customerManagedKeys\.keyVaultId: must be a Key Vault resource id/,
    ],
    [
      "a key vault in another subscription",
      (c) => (c.encryption = { customerManagedKeys: { keyVaultId: OTHER_SUBSCRIPTION_VAULT, dataLake: { keyName: "lake" } } }),
      /^dev\.yaml: encryption\.customerManagedKeys\.keyVaultId: must be in the environment's subscription \(11111111-1111-1111-1111-111111111111\)/,
    ],
    [
      "customer-managed keys naming no service",
      (c) => (c.encryption = { customerManagedKeys: { keyVaultId: DEV_VAULT } }),
      /^dev\.yaml: encryption\.customerManagedKeys: names no service/,
    ],
    [
      "a SQL key without its version",
      (c) => (c.encryption = { customerManagedKeys: { keyVaultId: DEV_VAULT, sqlServer: { keyName: "sql" } } }),
      /^dev\.yaml: encryption\.customerManagedKeys\.sqlServer\.keyVersion: /,
    ],
    [
      "a key version that is not one",
      (c) => (c.encryption = { customerManagedKeys: { keyVaultId: DEV_VAULT, aksDisks: { keyName: "aks", keyVersion: "latest" } } }),
      /^dev\.yaml: encryption\.customerManagedKeys\.aksDisks\.keyVersion: must be a Key Vault key version/,
    ],
    [
      "a Databricks key without the AzureDatabricks principal",
      (c) =>
        (c.encryption = { customerManagedKeys: { keyVaultId: DEV_VAULT, databricks: { keyName: "dbw", keyVersion: "0123456789abcdef0123456789abcdef" } } }),
      /^dev\.yaml: encryption\.customerManagedKeys\.databricks\.azureDatabricksPrincipalId: /,
    ],
    [
      "two disk encryption sets for volumes",
      (c) => (
        (c.encryption = { customerManagedKeys: { keyVaultId: DEV_VAULT, aksDisks: { keyName: "aks", keyVersion: "0123456789abcdef0123456789abcdef" } } }),
        (c.kubernetes.storage = {
          ...c.kubernetes.storage,
          diskEncryptionSetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des",
        })
      ),
      /^dev\.yaml: kubernetes\.storage\.diskEncryptionSetId: is given while encryption\.customerManagedKeys\.aksDisks creates/,
    ],
    [
      "a factory secret name Key Vault refuses",
      (c) => (c.keyVault.factorySecrets = ["crm_password"]),
      /^dev\.yaml: keyVault\.factorySecrets\.0: must be a Key Vault secret name/,
    ],
    ["an unknown egress type", (c) => (c.network.egress = { type: "direct" }), /^dev\.yaml: network\.egress\.type: /],
    [
      "minWorkers above maxWorkers",
      (c) => (c.databricks.jobCluster.minWorkers = 5),
      /^dev\.yaml: databricks\.jobCluster\.minWorkers: must be <= maxWorkers \(2\) \(got 5\)$/,
    ],
    [
      "serverless minCapacity above maxVCores",
      (c) => (c.sql.database.sku.minCapacity = 4),
      /^dev\.yaml: sql\.database\.sku\.minCapacity: must be <= maxVCores \(2\) \(got 4\)$/,
    ],
    ["an unknown SKU tier", (c) => (c.sql.database.sku = { tier: "hyperscale", vCores: 2 }), /^dev\.yaml: sql\.database\.sku\.tier: .* \(got "hyperscale"\)$/],
    [
      "an invalid auto-pause delay",
      (c) => (c.sql.database.sku.autoPauseDelayInMinutes = 5),
      /^dev\.yaml: sql\.database\.sku\.autoPauseDelayInMinutes: must be -1 \(never pause\) or 15-10080 minutes \(got 5\)$/,
    ],
    [
      "short-term retention below 7 days",
      (c) => (c.sql.database.shortTermRetentionDays = 3),
      /^dev\.yaml: sql\.database\.shortTermRetentionDays: must be at least 7 \(got 3\)$/,
    ],
    ["an unknown replication", (c) => (c.dataLake.replication = "XRS"), /^dev\.yaml: dataLake\.replication: .* \(got "XRS"\)$/],
    [
      "cool after archive",
      (c) => (c.dataLake.lifecycle.bronze = { coolAfterDays: 90, archiveAfterDays: 30 }),
      /^dev\.yaml: dataLake\.lifecycle\.bronze\.coolAfterDays: must be <= archiveAfterDays \(30\) \(got 90\)$/,
    ],
    [
      "delete before tiering",
      (c) => (c.dataLake.lifecycle.bronze = { coolAfterDays: 30, deleteAfterDays: 10 }),
      /^dev\.yaml: dataLake\.lifecycle\.bronze\.deleteAfterDays: must be >= the tiering days \(30\) \(got 10\)$/,
    ],
    [
      "archive with zone-redundant replication",
      (c) => {
        c.dataLake.replication = "ZRS";
        c.dataLake.lifecycle.bronze = { archiveAfterDays: 90 };
      },
      /^dev\.yaml: dataLake\.lifecycle\.bronze\.archiveAfterDays: is not supported with ZRS replication/,
    ],
    ["public access without ranges", (c) => (c.dataLake.allowedIpRanges = []), /^dev\.yaml: dataLake\.allowedIpRanges: must list at least one range/],
    [
      "a public lake without its ranges",
      (c) => delete c.dataLake.allowedIpRanges,
      /^dev\.yaml: dataLake\.allowedIpRanges: must list at least one range when publicNetworkAccess is true/,
    ],
    [
      "lake ranges with public access off",
      (c) => (c.dataLake.publicNetworkAccess = false),
      /^dev\.yaml: dataLake\.allowedIpRanges: applies only when publicNetworkAccess is true/,
    ],
    [
      "the lake's former publicAccess block",
      (c) => (c.dataLake.publicAccess = { allowedIpRanges: ["203.0.113.0/24"] }),
      /^dev\.yaml: dataLake\.publicAccess: was renamed: write dataLake\.publicNetworkAccess: true and dataLake\.allowedIpRanges: \[\.\.\.\]/,
    ],
    ["duplicate source names", (c) => c.medallion.sources.push({ ...c.medallion.sources[0] }), /^dev\.yaml: medallion\.sources\.2\.name: is declared twice/],
    ["no sources", (c) => (c.medallion.sources = []), /^dev\.yaml: medallion\.sources: must declare at least one source \(got \[\]\)$/],
    [
      "an unknown trigger type",
      (c) => (c.medallion.sources[0].trigger = { type: "hourly" }),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.type: .* \(got "hourly"\)$/,
    ],
    [
      "a schedule without an ISO start time",
      (c) => (c.medallion.sources[0].trigger.startTime = "tomorrow"),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.startTime: must be an ISO 8601 date-time/,
    ],
    [
      "a weekly schedule",
      (c) => (c.medallion.sources[0].trigger.frequency = "Week"),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.frequency: must be Day \(got "Week"\): partitions are daily/,
    ],
    [
      "a schedule every other day",
      (c) => (c.medallion.sources[0].trigger.interval = 2),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.interval: must be 1 \(got 2\)/,
    ],
    [
      "a start time with an offset",
      (c) => (c.medallion.sources[0].trigger.startTime = "2026-12-01T02:00:00+01:00"),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.startTime: must be an ISO 8601 date-time in UTC/,
    ],
    [
      "a time zone (windows are UTC)",
      (c) => (c.medallion.sources[0].trigger.timeZone = "W. Europe Standard Time"),
      /^dev\.yaml: medallion\.sources\.0\.trigger\.timeZone: unknown key/,
    ],
    [
      "a marker a wildcard would copy",
      (c) => (c.medallion.sources[1].trigger.marker = "done.parquet"),
      /^dev\.yaml: medallion\.sources\.1\.trigger\.marker: must be a file name starting with _/,
    ],
    [
      "CSV settings on a Parquet source",
      (c) => (c.medallion.sources[1].csv = { delimiter: ";" }),
      /^dev\.yaml: medallion\.sources\.1\.csv: only applies to csv sources \(format is parquet\)/,
    ],
    [
      "a two-character delimiter",
      (c) => (c.medallion.sources[0].csv = { delimiter: ";;" }),
      /^dev\.yaml: medallion\.sources\.0\.csv\.delimiter: must be one character/,
    ],
    [
      "an unknown encoding",
      (c) => (c.medallion.sources[0].csv = { encoding: "EBCDIC" }),
      /^dev\.yaml: medallion\.sources\.0\.csv\.encoding: .* \(got "EBCDIC"\)$/,
    ],
    [
      "a column name that needs quoting",
      (c) => (c.medallion.sources[0].silver.columns["Order Id"] = "STRING"),
      /^dev\.yaml: medallion\.sources\.0\.silver\.columns\.Order Id: must be 1-63 lowercase letters/,
    ],
    [
      "a reserved column name",
      (c) => (c.medallion.sources[0].silver.columns.run_date = "DATE"),
      /^dev\.yaml: medallion\.sources\.0\.silver\.columns\.run_date: is reserved for the run date column/,
    ],
    [
      "an unknown column type",
      (c) => (c.medallion.sources[0].silver.columns.amount = "MONEY"),
      /^dev\.yaml: medallion\.sources\.0\.silver\.columns\.amount: must be STRING, BOOLEAN, INT/,
    ],
    ["no dedupe key", (c) => (c.medallion.sources[0].silver.keys = []), /^dev\.yaml: medallion\.sources\.0\.silver\.keys: must name at least one column/],
    [
      "a key that is not a column",
      (c) => (c.medallion.sources[0].silver.keys = ["id"]),
      /^dev\.yaml: medallion\.sources\.0\.silver\.keys\.0: must be one of the columns \(.*\) \(got id\)/,
    ],
    [
      "a gold group that is not a silver column",
      (c) => (c.medallion.sources[0].gold.groupBy = ["region"]),
      /^dev\.yaml: medallion\.sources\.0\.gold\.groupBy\.0: must be one of the silver columns/,
    ],
    [
      "a sum of a text column",
      (c) => (c.medallion.sources[0].gold.measures = { store_id: "sum" }),
      /^dev\.yaml: medallion\.sources\.0\.gold\.measures\.store_id: sum needs a numeric column \(got STRING\)/,
    ],
    [
      "an unknown aggregation",
      (c) => (c.medallion.sources[0].gold.measures = { amount: "median" }),
      /^dev\.yaml: medallion\.sources\.0\.gold\.measures\.amount: .* \(got "median"\)$/,
    ],
    [
      "alerts that reach nobody",
      (c) => (c.medallion.alerts = { emails: [] }),
      /^dev\.yaml: medallion\.alerts: must name at least one e-mail address or webhook/,
    ],
    [
      "an invalid alert e-mail",
      (c) => (c.medallion.alerts.emails = ["data team"]),
      /^dev\.yaml: medallion\.alerts\.emails\.0: must be an e-mail address \(got "data team"\)$/,
    ],
    [
      "a webhook with a token in its URL",
      (c) => (c.medallion.alerts.webhooks = [{ name: "teams", serviceUri: "https://example.com/hook?code=abc" }]),
      /^dev\.yaml: medallion\.alerts\.webhooks\.0\.serviceUri: must not carry a query string: a token in the URL would be a secret/,
    ],
    [
      "a plain-http webhook",
      (c) => (c.medallion.alerts.webhooks = [{ name: "ops", serviceUri: "http://example.com/hook" }]),
      /^dev\.yaml: medallion\.alerts\.webhooks\.0\.serviceUri: must be an https:\/\/ URL/,
    ],
    [
      "an invalid Spark version",
      (c) => (c.databricks.jobCluster.sparkVersion = "latest"),
      /^dev\.yaml: databricks\.jobCluster\.sparkVersion: must be a Databricks runtime key/,
    ],
    [
      "a waiver of an unknown rule",
      (c) => (c.policy.waivers[0].rule = "STG-999"),
      /^dev\.yaml: policy\.waivers\.0\.rule: must be a rule id listed by `npm run policy` \(got "STG-999"\)$/,
    ],
    ["a waiver without a date", (c) => (c.policy.waivers[0].expires = "soon"), /^dev\.yaml: policy\.waivers\.0\.expires: must be a date such as 2027-03-31/],
    ["a waiver without a reason", (c) => (c.policy.waivers[0].reason = "because"), /^dev\.yaml: policy\.waivers\.0\.reason: must explain why/],
    [
      "a waiver of another environment's resource",
      (c) => (c.policy.waivers[0].resource = "prod-data/Platform/Lake/Resource"),
      /^dev\.yaml: policy\.waivers\.0\.resource: must be a path in this environment's stacks \(dev-\.\.\.\)/,
    ],
    [
      "an invalid LTR period",
      (c) => (c.sql.database.longTermRetention = { weeklyRetention: "4 weeks" }),
      /^dev\.yaml: sql\.database\.longTermRetention\.weeklyRetention: must be an ISO 8601 period/,
    ],
    [
      "an LTR period of two units, which the construct (and Azure SQL) refuse",
      (c) => (c.sql.database.longTermRetention = { yearlyRetention: "P1Y2M" }),
      /^dev\.yaml: sql\.database\.longTermRetention\.yearlyRetention: must be an ISO 8601 period of one unit and at most 10 years/,
    ],
    [
      "an LTR period past 10 years",
      (c) => (c.sql.database.longTermRetention = { yearlyRetention: "P11Y" }),
      /^dev\.yaml: sql\.database\.longTermRetention\.yearlyRetention: must be an ISO 8601 period of one unit/,
    ],
  ];
  test("fails on a workload whose derived storage account name is too long", () => {
    const staging = shippedConfig("staging");
    staging.workload = "medallion";
    expect(problems(configDir({ "staging.yaml": staging }))).toContainEqual(
      expect.stringMatching(
        /^staging\.yaml: workload: gives the storageAccount name "stmedallionstagingweu[0-9a-f]{4}", which must be 3-24 lowercase letters and digits; shorten workload or set names\.storageAccount \(got "medallion"\)$/,
      ),
    );
  });

  test("accepts a name override where the derived name would be too long", () => {
    const staging = shippedConfig("staging");
    staging.workload = "medallion";
    staging.names = { storageAccount: "stmedallionstg01", keyVault: "kv-medallion-stg-01" };
    expect(loadEnvironmentConfigs(configDir({ "staging.yaml": staging }))[0].names.storageAccount).toBe("stmedallionstg01");
  });

  test.each(cases)("fails on %s", (_label, mutate, message) => {
    expect(problems(devWith(mutate))).toContainEqual(expect.stringMatching(message));
  });

  const prodCases: [string, (c: Record<string, any>) => void, string][] = [
    [
      "public lake access",
      (c) => Object.assign(c.dataLake, { publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24"] }),
      "prod.yaml: dataLake.publicNetworkAccess: must be false in prod (got true)",
    ],
    ["an unlocked lake", (c) => (c.dataLake.lock = false), "prod.yaml: dataLake.lock: must be true in prod (got false)"],
    ["a public factory", (c) => (c.dataFactory.publicNetworkAccess = true), "prod.yaml: dataFactory.publicNetworkAccess: must be false in prod (got true)"],
    ["a public workspace", (c) => (c.databricks.publicNetworkAccess = true), "prod.yaml: databricks.publicNetworkAccess: must be false in prod (got true)"],
    ["a public SQL server", (c) => (c.sql.publicNetworkAccess = true), "prod.yaml: sql.publicNetworkAccess: must be false in prod (got true)"],
    ["audit retention under 90 days", (c) => (c.sql.auditRetentionInDays = 30), "prod.yaml: sql.auditRetentionInDays: must be at least 90 in prod (got 30)"],
    [
      "log retention under 90 days",
      (c) => (c.observability.logRetentionInDays = 30),
      "prod.yaml: observability.logRetentionInDays: must be at least 90 in prod (audit logs live there) (got 30)",
    ],
    ["no long-term retention", (c) => delete c.sql.database.longTermRetention, "prod.yaml: sql.database.longTermRetention: is required in prod (got nothing)"],
    [
      "a single replica of the gateway's proxies",
      (c) => (c.kubernetes.gateway.dataPlane.minReplicas = 1),
      "prod.yaml: kubernetes.gateway.dataPlane.minReplicas: must be at least 2 in prod (ingress survives a node drain) (got 1)",
    ],
    [
      "a single replica of each controller",
      (c) => (c.kubernetes.controllerReplicas = 1),
      "prod.yaml: kubernetes.controllerReplicas: must be at least 2 in prod (cert-manager and the gateway controller survive a node drain) (got 1)",
    ],
    [
      "the experimental Gateway API channel",
      (c) => (c.kubernetes.gateway.apiChannel = "experimental"),
      'prod.yaml: kubernetes.gateway.apiChannel: must be standard in prod (got "experimental")',
    ],
    ["a Defender plan off", (c) => (c.defender = { containers: false }), "prod.yaml: defender.containers: must be true in prod (got false)"],
    [
      "NAT gateway egress",
      (c) => ((c.network.egress = { type: "natGateway" }), delete c.network.subnets.firewall),
      'prod.yaml: network.egress.type: must be firewall in prod: Databricks egress goes through the allow-list (got "natGateway")',
    ],
    [
      "git integration",
      (c) => (c.dataFactory.git = { type: "github", accountName: "a", repositoryName: "r", branchName: "main", rootFolder: "/" }),
      'prod.yaml: dataFactory.git: is for development factories; prod is deployed from code only (got {"type":"github","accountName":"a","repositoryName":"r","branchName":"main","...)',
    ],
  ];
  test.each(prodCases)("fails in prod on %s", (_label, mutate, message) => {
    expect(problems(prodWith(mutate))).toContain(message);
  });
});
