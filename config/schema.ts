import { z } from "zod";
import { aksSchema } from "./aks-schema";
import { encryptionSchema } from "./encryption-schema";
import { kubernetesSchema } from "./kubernetes-schema";
import { medallionSchema } from "./medallion-schema";
import { isProductionEnvironment } from "./environments";
import { NAME_RULES, NamedResource, ResourceNames } from "./naming";
import { policySchema, requireApprovers } from "./policy-schema";
import { allowList, checkPublicEndpoint, checkSubnets, cidr, days, guid, renamed, withoutRenamed } from "./primitives";
import { REGIONS } from "./regions";
import { stateBackendSchema } from "./state-schema";
import { isValidTotalRetention } from "../constructs/observability/log-analytics";
import { dataSubnetMinimumSize } from "../constructs/network/data-network";
import { lifecycleProblems } from "../constructs/data/data-lake";
import { isLongTermRetentionPeriod, LONG_TERM_RETENTION_RULE } from "../constructs/data/sql-serving-validation";
import { KEY_VAULT_OBJECT_NAME } from "../constructs/security/key-vault";
import { isInZone } from "../constructs/aks/acme-dns-challenge-access";

/**
 * The schema every `config/<env>.yaml` must satisfy. Objects are strict (unknown keys are errors), so a typo
 * never silently falls back to a default.
 */

const isoDuration = z.string().refine(isLongTermRetentionPeriod, { error: `must be ${LONG_TERM_RETENTION_RULE}` });

const tierRule = z.strictObject({
  /** Move blobs to the cool tier this many days after last modification. */
  coolAfterDays: days(1, 36500).optional(),
  /** Move blobs to the archive tier this many days after last modification. */
  archiveAfterDays: days(1, 36500).optional(),
  /** Delete blobs this many days after last modification. */
  deleteAfterDays: days(1, 36500).optional(),
});

const sqlSku = z.discriminatedUnion("tier", [
  z
    .strictObject({
      tier: z.literal("serverless"),
      maxVCores: z.union([
        z.literal(1),
        z.literal(2),
        z.literal(4),
        z.literal(6),
        z.literal(8),
        z.literal(10),
        z.literal(12),
        z.literal(14),
        z.literal(16),
        z.literal(18),
        z.literal(20),
        z.literal(24),
        z.literal(32),
        z.literal(40),
        z.literal(80),
      ]),
      minCapacity: z.number().positive(),
      autoPauseDelayInMinutes: z
        .number()
        .int()
        .refine((v) => v === -1 || (v >= 15 && v <= 10080), {
          error: "must be -1 (never pause) or 15-10080 minutes",
        }),
    })
    .superRefine((s, ctx) => {
      if (s.minCapacity > s.maxVCores) ctx.addIssue({ code: "custom", path: ["minCapacity"], message: `must be <= maxVCores (${s.maxVCores})` });
    }),
  z.strictObject({ tier: z.literal("generalPurpose"), vCores: z.number().int().min(2).max(128) }),
  z.strictObject({ tier: z.literal("businessCritical"), vCores: z.number().int().min(2).max(128) }),
]);

const names = z
  .strictObject(
    Object.fromEntries(
      Object.entries(NAME_RULES).map(([key, r]) => [
        key,
        z
          .string()
          .regex(r.pattern, { error: `must be ${r.rule}` })
          .optional(),
      ]),
    ) as Record<NamedResource, z.ZodOptional<z.ZodString>>,
  )
  .default({});

export const environmentConfigSchema = z
  .strictObject({
    environment: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, { error: "must be 2-8 lowercase letters or digits, starting with a letter" }),
    workload: z.string().regex(/^[a-z][a-z0-9]{1,9}$/, { error: "must be 2-10 lowercase letters or digits, starting with a letter" }),
    location: z.enum(REGIONS, { error: `must be one of the known regions (${REGIONS.join(", ")})` }),
    subscriptionId: guid,
    tenantId: guid,
    /** Remote Terraform state (Azure Storage or HCP Terraform). Without it, state is a local file per stack. */
    stateBackend: stateBackendSchema.optional(),
    /** Overrides of derived names, e.g. to adopt existing resources. */
    names,
    tags: z.strictObject({
      owner: z.string().min(1),
      costCenter: z.string().min(1),
      extra: z.record(z.string().regex(/^[^<>%&\\?/]{1,512}$/), z.string().max(256)).default({}),
    }),
    network: z
      .strictObject({
        addressSpace: cidr,
        subnets: z.strictObject({
          privateEndpoints: cidr,
          databricksHost: cidr,
          databricksContainer: cidr,
          /** The egress firewall's `AzureFirewallSubnet` (/26 or larger); required with `egress.type: firewall`. */
          firewall: cidr.optional(),
        }),
        /**
         * Networks whose people use the private endpoints (workspace UI, Data Factory Studio, SQL) through a
         * peering or VPN: TCP 443 and 1433. Nothing else in or connected to the VNet reaches the endpoints.
         */
        privateEndpointClients: z.array(cidr).default([]),
        /**
         * How Databricks clusters reach the internet. `firewall` (required in prod): an Azure Firewall in this
         * network lets through only what Databricks needs in this region (constructs/data/databricks-egress.ts).
         * `natGateway`: unfiltered egress through a NAT gateway, with a warning.
         */
        egress: z.discriminatedUnion("type", [
          z.strictObject({
            type: z.literal("firewall"),
            /** Availability zones of the firewall and its public IP (all three where the region has them). */
            zones: z
              .array(z.enum(["1", "2", "3"]))
              .min(1)
              .optional(),
          }),
          z.strictObject({
            type: z.literal("natGateway"),
            /** Zone of the NAT gateway (NAT gateways are zonal). */
            zone: z.enum(["1", "2", "3"]).optional(),
          }),
        ]),
      })
      .superRefine(({ addressSpace, subnets, egress }, ctx) => {
        const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
        const ranges = Object.fromEntries(Object.entries(subnets).filter(([, r]) => r !== undefined)) as Record<string, string>;
        checkSubnets(addressSpace, ranges, ["subnets"], issue, dataSubnetMinimumSize);
        if (egress.type === "firewall" && !subnets.firewall)
          issue(["subnets", "firewall"], "is required with egress.type firewall: give a free /26 for the AzureFirewallSubnet");
        if (egress.type === "natGateway" && subnets.firewall)
          issue(["subnets", "firewall"], "is only used with egress.type firewall; remove it or switch egress to firewall");
      }),
    observability: z.strictObject({ logRetentionInDays: days(30, 730) }),
    dataLake: z
      .strictObject({
        replication: z.enum(["LRS", "ZRS", "GRS", "GZRS", "RAGRS", "RAGZRS"]),
        softDeleteRetentionInDays: days(1, 365),
        lock: z.boolean(),
        /** Opt-out for developers' workstations (never prod): the lake's firewall admits `allowedIpRanges` (default action stays Deny). */
        publicNetworkAccess: z.boolean().default(false),
        allowedIpRanges: allowList({ count: 1, error: "must list at least one range: public access is never open to all" }).optional(),
        publicAccess: renamed("write dataLake.publicNetworkAccess: true and dataLake.allowedIpRanges: [...]"),
        lifecycle: z.strictObject({
          landing: tierRule.default({}),
          bronze: tierRule.default({}),
          silver: tierRule.default({}),
          gold: tierRule.default({}),
        }),
      })
      .transform(withoutRenamed("publicAccess")),
    keyVault: z.strictObject({
      softDeleteRetentionInDays: days(7, 90),
      /**
       * Secrets Data Factory may read (source credentials), each granted on the secret itself; create each secret
       * before the apply. None by default: the factory reads no secret.
       */
      factorySecrets: z
        .array(z.string().regex(KEY_VAULT_OBJECT_NAME, { error: "must be a Key Vault secret name: 1-127 letters, digits and hyphens" }))
        .default([]),
    }),
    dataFactory: z.strictObject({
      publicNetworkAccess: z.boolean(),
      git: z
        .discriminatedUnion("type", [
          z.strictObject({
            type: z.literal("github"),
            accountName: z.string().min(1),
            repositoryName: z.string().min(1),
            branchName: z.string().min(1),
            rootFolder: z.string().startsWith("/"),
          }),
          z.strictObject({
            type: z.literal("azureDevOps"),
            accountName: z.string().min(1),
            projectName: z.string().min(1),
            repositoryName: z.string().min(1),
            branchName: z.string().min(1),
            rootFolder: z.string().startsWith("/"),
          }),
        ])
        .optional(),
    }),
    databricks: z.strictObject({
      publicNetworkAccess: z.boolean(),
      /**
       * With public network access (dev): the ranges the workspace's UI and REST API answer (its IP access list;
       * the clusters' own egress IP is added). Required then, refused otherwise.
       */
      allowedIpRanges: allowList({ count: 1, error: "must list at least one range: a public workspace answers only its IP access list" }).optional(),
      jobCluster: z
        .strictObject({
          sparkVersion: z.string().regex(/^\d+\.\d+\.x-scala\d+\.\d+$/, { error: "must be a Databricks runtime key such as 15.4.x-scala2.12" }),
          nodeType: z.string().min(1),
          minWorkers: z.number().int().min(1).max(100),
          maxWorkers: z.number().int().min(1).max(100),
        })
        .superRefine((j, ctx) => {
          if (j.minWorkers > j.maxWorkers) ctx.addIssue({ code: "custom", path: ["minWorkers"], message: `must be <= maxWorkers (${j.maxWorkers})` });
        }),
    }),
    sql: z.strictObject({
      entraAdmin: z.strictObject({ loginName: z.string().min(1), objectId: guid }),
      publicNetworkAccess: z.boolean(),
      /** Days SQL audit events are kept: the total retention of their Log Analytics table (AzureDiagnostics). */
      auditRetentionInDays: days(4, 4383).refine(isValidTotalRetention, {
        error: "must be 4-730, or whole years: 1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018 or 4383",
      }),
      /** Redundancy of the database's backups. */
      backupStorageRedundancy: z.enum(["Geo", "GeoZone", "Zone", "Local"]),
      /**
       * Defender for SQL threat detection: alerts to the subscription's admins and `alertEmails`. On by default;
       * required in prod.
       */
      threatDetection: z
        .strictObject({ enabled: z.boolean().default(true), alertEmails: z.array(z.email({ error: "must be an e-mail address" })).default([]) })
        .default({ enabled: true, alertEmails: [] }),
      database: z.strictObject({
        sku: sqlSku,
        maxSizeGb: z.number().int().min(1).max(4096),
        zoneRedundant: z.boolean(),
        shortTermRetentionDays: days(7, 35),
        longTermRetention: z
          .strictObject({
            weeklyRetention: isoDuration.optional(),
            monthlyRetention: isoDuration.optional(),
            yearlyRetention: isoDuration.optional(),
            weekOfYear: z.number().int().min(1).max(52).optional(),
          })
          .optional(),
      }),
    }),
    /**
     * Microsoft Defender for Cloud plans on the subscription (`<env>-data` manages them): each on by default and
     * required in prod; `false` leaves a plan alone (off, or managed by a landing-zone policy), with a warning.
     */
    defender: z
      .strictObject({
        storage: z.boolean().default(true),
        sql: z.boolean().default(true),
        keyVaults: z.boolean().default(true),
        containers: z.boolean().default(true),
        arm: z.boolean().default(true),
      })
      .default({ storage: true, sql: true, keyVaults: true, containers: true, arm: true }),
    encryption: encryptionSchema,
    policy: policySchema,
    aks: aksSchema,
    kubernetes: kubernetesSchema,
    medallion: medallionSchema,
  })
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (c.sql.auditRetentionInDays < c.observability.logRetentionInDays) {
      issue(
        ["sql", "auditRetentionInDays"],
        `must be at least observability.logRetentionInDays (${c.observability.logRetentionInDays}): audit events stay in the workspace that long anyway`,
      );
    }
    for (const p of lifecycleProblems(c.dataLake.lifecycle, c.dataLake.replication)) issue(["dataLake", ...p.prop.split(".")], p.problem);
    checkPublicEndpoint(["dataLake"], c.dataLake, issue);
    checkPublicEndpoint(["databricks"], c.databricks, issue);
    // Secure-default opt-outs are for non-production environments only.
    if (isProductionEnvironment(c.environment)) {
      requireApprovers(c.policy, issue);
      if (c.dataLake.publicNetworkAccess) issue(["dataLake", "publicNetworkAccess"], "must be false in prod");
      if (!c.dataLake.lock) issue(["dataLake", "lock"], "must be true in prod");
      if (c.dataFactory.publicNetworkAccess) issue(["dataFactory", "publicNetworkAccess"], "must be false in prod");
      if (c.databricks.publicNetworkAccess) issue(["databricks", "publicNetworkAccess"], "must be false in prod");
      if (c.sql.publicNetworkAccess) issue(["sql", "publicNetworkAccess"], "must be false in prod");
      if (!c.sql.threatDetection.enabled) issue(["sql", "threatDetection", "enabled"], "must be true in prod");
      for (const [plan, on] of Object.entries(c.defender)) if (!on) issue(["defender", plan], "must be true in prod");
      if (c.sql.auditRetentionInDays < 90) issue(["sql", "auditRetentionInDays"], "must be at least 90 in prod");
      if (c.observability.logRetentionInDays < 90) issue(["observability", "logRetentionInDays"], "must be at least 90 in prod (audit logs live there)");
      if (!c.sql.database.longTermRetention) issue(["sql", "database", "longTermRetention"], "is required in prod");
      if (c.dataFactory.git) issue(["dataFactory", "git"], "is for development factories; prod is deployed from code only");
      if (c.network.egress.type !== "firewall") issue(["network", "egress", "type"], "must be firewall in prod: Databricks egress goes through the allow-list");
      if (c.aks.skuTier === "Free") issue(["aks", "skuTier"], "must be Standard or Premium in prod (uptime SLA)");
      if (!c.aks.defender) issue(["aks", "defender"], "must be true in prod");
      if (!c.aks.availabilityZones || c.aks.availabilityZones.length < 3) issue(["aks", "availabilityZones"], 'must be ["1", "2", "3"] in prod');
      if (c.kubernetes.certManager.issuer !== "letsencrypt-prod") issue(["kubernetes", "certManager", "issuer"], "must be letsencrypt-prod in prod");
      if (c.kubernetes.gateway.dataPlane.minReplicas < 2)
        issue(["kubernetes", "gateway", "dataPlane", "minReplicas"], "must be at least 2 in prod (ingress survives a node drain)");
      if (c.kubernetes.controllerReplicas < 2)
        issue(["kubernetes", "controllerReplicas"], "must be at least 2 in prod (cert-manager and the gateway controller survive a node drain)");
      if (c.kubernetes.gateway.apiChannel !== "standard") issue(["kubernetes", "gateway", "apiChannel"], "must be standard in prod");
      if (c.kubernetes.target)
        issue(
          ["kubernetes", "target"],
          "is not allowed in prod: its in-cluster stacks target its AKS cluster and sign in with Entra ID (kubelogin) only; remove it",
        );
    }
    if (!(c.kubernetes.storage.filePrivateEndpointSubnet in c.aks.network.nodeSubnets)) {
      issue(
        ["kubernetes", "storage", "filePrivateEndpointSubnet"],
        `must be one of aks.network.nodeSubnets (${Object.keys(c.aks.network.nodeSubnets).join(", ")})`,
      );
    }
    const dataPlanePool = c.kubernetes.gateway.dataPlane.nodePool;
    if (!(dataPlanePool in c.aks.userPools)) {
      issue(["kubernetes", "gateway", "dataPlane", "nodePool"], `must be one of aks.userPools (${Object.keys(c.aks.userPools).join(", ") || "none"})`);
    }
    if (!c.kubernetes.gateway.publicNetworkAccess && !c.aks.dnsZone) {
      issue(
        ["kubernetes", "gateway", "publicNetworkAccess"],
        "false (an internal gateway) needs DNS-01 (Let's Encrypt cannot reach an internal gateway for HTTP-01): set aks.dnsZone",
      );
    }
    if (c.kubernetes.gateway.hostname.startsWith("*.") && !c.aks.dnsZone) {
      issue(["kubernetes", "gateway", "hostname"], "is a wildcard, which needs DNS-01: set aks.dnsZone");
    }
    if (c.aks.dnsZone && !isInZone(c.kubernetes.gateway.hostname, c.aks.dnsZone.name)) {
      issue(
        ["kubernetes", "gateway", "hostname"],
        `is not in aks.dnsZone (${c.aks.dnsZone.name}), which exists only for the gateway's DNS-01 challenges: use a name in the zone, or drop aks.dnsZone`,
      );
    }
    if (c.encryption.customerManagedKeys?.aksDisks && c.kubernetes.storage.diskEncryptionSetId) {
      issue(
        ["kubernetes", "storage", "diskEncryptionSetId"],
        "is given while encryption.customerManagedKeys.aksDisks creates the cluster's own disk encryption set, which the volumes then use: keep one",
      );
    }
    // Identity names and Flux variables join application and workload names: two pairs must not join alike.
    const joined = new Map<string, string>();
    for (const [app, a] of Object.entries(c.kubernetes.apps)) {
      for (const name of Object.keys(a.workloads)) {
        const key = `${app}-${name}`.replace(/-/g, "_");
        const other = joined.get(key);
        if (other)
          issue(
            ["kubernetes", "apps", app, "workloads", name],
            `joins with its application's name like ${other} (${key}): the identities and Flux variables named after them would collide; rename one`,
          );
        joined.set(key, `${app}/${name}`);
      }
    }
    const keyVaultId = c.encryption.customerManagedKeys?.keyVaultId;
    if (keyVaultId && keyVaultId.split("/")[2].toLowerCase() !== c.subscriptionId.toLowerCase()) {
      issue(
        ["encryption", "customerManagedKeys", "keyVaultId"],
        `must be in the environment's subscription (${c.subscriptionId}): azurerm resolves the vault of a key in the subscription of the resource it encrypts`,
      );
    }
    c.policy.waivers.forEach((w, i) => {
      if (!w.resource.startsWith(`${c.environment}-`))
        issue(["policy", "waivers", i, "resource"], `must be a path in this environment's stacks (${c.environment}-...)`);
    });
    // Derived names must satisfy Azure's rules; an override in `names` replaces the derived one.
    const derived = new ResourceNames(c).constrained();
    for (const key of Object.keys(NAME_RULES) as NamedResource[]) {
      const { pattern, rule } = NAME_RULES[key];
      if (c.names[key] === undefined && !pattern.test(derived[key])) {
        issue(["workload"], `gives the ${key} name "${derived[key]}", which must be ${rule}; shorten workload or set names.${key}`);
      }
    }
  });

/** A checked environment configuration (the parsed YAML with defaults applied). */
export type EnvironmentConfig = z.output<typeof environmentConfigSchema>;
export type SourceConfig = EnvironmentConfig["medallion"]["sources"][number];
