import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { MssqlDatabase } from "@cdktf/provider-azurerm/lib/mssql-database";
import { MssqlServer } from "@cdktf/provider-azurerm/lib/mssql-server";
import { MssqlServerExtendedAuditingPolicy } from "@cdktf/provider-azurerm/lib/mssql-server-extended-auditing-policy";
import { MssqlServerSecurityAlertPolicy } from "@cdktf/provider-azurerm/lib/mssql-server-security-alert-policy";
import { Construct } from "constructs";
import { addDiagnosticSettings } from "../core/diagnostic-settings";
import {
  DiagnosticSettingsProps,
  IPrincipal,
  LockProps,
  ManagedIdentitiesProps,
  PrivateEndpointProps,
  ResourcePlacement,
  RoleAssignmentsProps,
} from "../core/interfaces";
import { identityBlock, withKeyIdentity } from "../core/managed-identities";
import { addLock } from "../core/resource-lock";
import { addRoleAssignments } from "../core/role-assignments";
import { warnOptOut } from "../core/validation";
import { CustomerManagedKeyProps, keyVaultKeyUrl } from "../security/customer-managed-key";
import { addPrivateEndpoints } from "../core/private-endpoints";
import { SqlDatabaseSku } from "./sql-database-sku";
import { validateSqlServingProps } from "./sql-serving-validation";

/** The Microsoft Entra administrator of the server (the only way to sign in: SQL authentication is disabled). */
export interface SqlEntraAdmin {
  /** Display name of the admin login, usually the name of an Entra group, e.g. "sg-sql-admins". */
  readonly loginName: string;
  /** Object id of that group, user or service principal. */
  readonly objectId: string;
  /**
   * Tenant of the principal.
   * @default - the tenant of the azurerm provider
   */
  readonly tenantId?: string;
}

/** Long-term backup retention (ISO 8601 durations such as "P4W", "P12M", "P5Y"; at most 10 years). */
export interface SqlLongTermRetention {
  /**
   * How long weekly backups are kept, e.g. "P4W".
   * @default - no weekly backups kept
   */
  readonly weeklyRetention?: string;
  /**
   * How long the first backup of each month is kept, e.g. "P12M".
   * @default - no monthly backups kept
   */
  readonly monthlyRetention?: string;
  /**
   * How long the yearly backup is kept, e.g. "P5Y".
   * @default - no yearly backups kept
   */
  readonly yearlyRetention?: string;
  /**
   * Week of the year (1-52) whose backup is kept as the yearly backup.
   * @default 1 - when `yearlyRetention` is set
   */
  readonly weekOfYear?: number;
}

/**
 * The Log Analytics table Azure SQL's `SQLSecurityAuditEvents` land in: `AzureDiagnostics` (Azure SQL offers no
 * resource-specific table for them; Azure Monitor's supported-logs list). Audit retention is that table's
 * retention: set it on the workspace (`LogAnalyticsProps.tableRetention`).
 */
export const SQL_AUDIT_LOG_TABLE = "AzureDiagnostics";

/** Server auditing to Log Analytics (Azure Monitor target). */
export interface SqlAuditingProps {
  /**
   * Log Analytics workspace receiving `SQLSecurityAuditEvents`. The events are kept as long as its
   * {@link SQL_AUDIT_LOG_TABLE} table keeps data: the auditing policy's own `retention_in_days` applies to storage
   * account targets only, so it is not set.
   */
  readonly workspaceId: string;
  /**
   * Name of the diagnostic setting on the `master` database that carries the audit events.
   * @default "diag-sql-security-audit"
   */
  readonly diagnosticSettingName?: string;
}

/** Backup storage redundancy of the database. */
export type SqlBackupStorageRedundancy = "Geo" | "GeoZone" | "Zone" | "Local";

/** Props of {@link SqlServing}. */
export interface SqlServingProps extends ResourcePlacement {
  /** Logical server name: 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
  readonly serverName: string;
  /** Database name. */
  readonly databaseName: string;
  /** Entra administrator; SQL authentication is disabled (`azuread_authentication_only`). */
  readonly entraAdmin: SqlEntraAdmin;
  /** Compute size, e.g. `SqlDatabaseSku.serverless({ maxVCores: 2 })`. */
  readonly sku: SqlDatabaseSku;
  /** Server auditing, always on, to Log Analytics. */
  readonly auditing: SqlAuditingProps;
  /**
   * Opt-out: allow connections through the public endpoint (still subject to firewall rules, none are created).
   * @default false - reachable only through private endpoints
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Restrict outbound networking of the server (data exfiltration protection): features that call out of the
   * server (OPENROWSET / BULK INSERT from storage, `sp_invoke_external_rest_endpoint`, Import/Export) reach only
   * FQDNs that outbound firewall rules allow, and none are created. `false` opts out with a warning.
   * @default true
   */
  readonly outboundNetworkRestriction?: boolean;
  /**
   * Spread database replicas across availability zones (General Purpose, Business Critical and Premium only).
   * @default false
   */
  readonly zoneRedundant?: boolean;
  /**
   * Maximum data size in GB.
   * @default - the SKU's default maximum size
   */
  readonly maxSizeGb?: number;
  /**
   * Point-in-time restore window in days (7-35; Basic tier: 7).
   * @default 7
   */
  readonly shortTermRetentionDays?: number;
  /**
   * Long-term backup retention.
   * @default - none
   */
  readonly longTermRetention?: SqlLongTermRetention;
  /**
   * Redundancy of the backup storage. "Zone" and "Local" are opt-outs (no geo-restore after a regional outage).
   * @default "Geo"
   */
  readonly backupStorageRedundancy?: SqlBackupStorageRedundancy;
  /**
   * Terraform `prevent_destroy` on the database: a plan that would delete it fails. Set false to opt out.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Diagnostic settings of the database.
   * @default {} - none (server auditing is configured by `auditing`)
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /**
   * Management lock on the server (inherited by the database).
   * @default - no lock
   */
  readonly lock?: LockProps;
  /**
   * Microsoft Defender for SQL threat detection on the server (alerts on SQL injection, anomalous access and
   * logins; billed per server): alerts go to the subscription's admins and these addresses. `false` opts out (adds
   * a warning).
   * @default { emailAddresses: [] }
   */
  readonly threatDetection?: { readonly emailAddresses?: readonly string[] } | false;
  /**
   * Managed identities of the server; the first user-assigned one becomes its primary identity.
   * @default { systemAssigned: true }
   */
  readonly managedIdentities?: ManagedIdentitiesProps;
  /**
   * Transparent data encryption with a customer-managed key as the TDE protector. Its identity becomes the server's
   * primary identity. `keyVersion` is required (azurerm accepts only a versioned key id here); rotate by giving the
   * next version.
   * @default - TDE with a service-managed key
   */
  readonly customerManagedKey?: CustomerManagedKeyProps;
  /**
   * Role assignments (Azure control plane, e.g. "SQL DB Contributor") on the server.
   * @default {} - none
   */
  readonly roleAssignments?: RoleAssignmentsProps;
  /**
   * Private endpoints for the `sqlServer` sub-resource.
   * @default {} - none
   */
  readonly privateEndpoints?: Record<string, PrivateEndpointProps>;
}

/** Secure defaults of {@link SqlServing}; each is asserted by a test. */
export const SQL_SERVING_DEFAULTS = {
  publicNetworkAccess: false,
  outboundNetworkRestriction: true,
  zoneRedundant: false,
  shortTermRetentionDays: 7,
  backupStorageRedundancy: "Geo",
  preventDestroy: true,
  threatDetection: { emailAddresses: [] },
} as const satisfies Partial<SqlServingProps>;

/** Settings that are not configurable. */
export const SQL_SERVING_FIXED = {
  version: "12.0",
  minimumTlsVersion: "1.2",
  azureadAuthenticationOnly: true,
  auditLogCategory: "SQLSecurityAuditEvents",
  auditDiagnosticSettingName: "diag-sql-security-audit",
} as const;

/** Metric categories of an Azure SQL database's diagnostic settings. */
const SQL_DATABASE_METRICS = ["Basic", "InstanceAndAppAdvanced", "WorkloadManagement"];

/**
 * The serving layer's Azure SQL: a logical server (Entra-only authentication, TLS 1.2, private by default,
 * system-assigned identity, auditing to Log Analytics) with one database.
 *
 * Granting Data Factory (or any managed identity) access to the database is T-SQL, which azurerm cannot do: as the
 * Entra admin, run in the database
 * `CREATE USER [<factory name>] FROM EXTERNAL PROVIDER;` then
 * `ALTER ROLE db_datareader ADD MEMBER [<factory name>];` and `db_datawriter`, never `db_ddladmin`: the tables are
 * created ahead (`servingSetupSql`, written to `sql/<env>/serving-setup.sql` by the synth).
 *
 * @example
 * ```ts
 * const sql = new SqlServing(this, "Sql", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   serverName: "sql-data-dev",
 *   databaseName: "sqldb-gold",
 *   entraAdmin: { loginName: "sg-sql-admins", objectId: "00000000-0000-0000-0000-000000000001" },
 *   sku: SqlDatabaseSku.generalPurpose(2),
 *   auditing: { workspaceId: logs.id },
 *   privateEndpoints: { sql: { subnetId: network.privateEndpointSubnet.id, privateDnsZoneIds: [network.privateDnsZoneIds.sql] } },
 * });
 * ```
 */
export class SqlServing extends Construct {
  /** The `azurerm_mssql_server`. */
  public readonly server: MssqlServer;
  /** The `azurerm_mssql_database`. */
  public readonly database: MssqlDatabase;
  /** Resource id of the server. */
  public readonly serverId: string;
  /** Name of the server. */
  public readonly serverName: string;
  /** Server FQDN (`<name>.database.windows.net`; resolves to the private endpoint through private DNS). */
  public readonly serverFqdn: string;
  /** Resource id of the database. */
  public readonly databaseId: string;
  /** Name of the database. */
  public readonly databaseName: string;
  /** The server's system-assigned identity (undefined when `managedIdentities.systemAssigned` is false). */
  public readonly identity?: IPrincipal;

  constructor(scope: Construct, id: string, props: SqlServingProps) {
    super(scope, id);
    const d = SQL_SERVING_DEFAULTS;
    const allowPublic = props.publicNetworkAccess ?? d.publicNetworkAccess;
    const zoneRedundant = props.zoneRedundant ?? d.zoneRedundant;
    const shortTermRetentionDays = props.shortTermRetentionDays ?? d.shortTermRetentionDays;
    const backupStorageRedundancy = props.backupStorageRedundancy ?? d.backupStorageRedundancy;
    const preventDestroy = props.preventDestroy ?? d.preventDestroy;
    validateSqlServingProps(this, props, zoneRedundant, shortTermRetentionDays);
    const cmk = props.customerManagedKey;
    const outboundRestricted = props.outboundNetworkRestriction ?? d.outboundNetworkRestriction;
    this.warnOptOuts(allowPublic, backupStorageRedundancy, preventDestroy);
    if (!outboundRestricted) {
      warnOptOut(
        this,
        "outboundNetworkRestriction",
        "anyone with database rights can copy data out to any storage account or HTTPS endpoint (OPENROWSET, BULK INSERT, external REST endpoints).",
      );
    }

    this.server = new MssqlServer(this, "Resource", {
      name: props.serverName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      version: SQL_SERVING_FIXED.version,
      minimumTlsVersion: SQL_SERVING_FIXED.minimumTlsVersion,
      publicNetworkAccessEnabled: allowPublic,
      outboundNetworkRestrictionEnabled: outboundRestricted,
      azureadAdministrator: {
        loginUsername: props.entraAdmin.loginName,
        objectId: props.entraAdmin.objectId,
        tenantId: props.entraAdmin.tenantId,
        azureadAuthenticationOnly: SQL_SERVING_FIXED.azureadAuthenticationOnly,
      },
      identity: identityBlock(this, withKeyIdentity(props.managedIdentities, cmk)),
      // The server reads the TDE protector with its primary identity.
      primaryUserAssignedIdentityId: cmk?.userAssignedIdentity.resourceId ?? props.managedIdentities?.userAssignedResourceIds?.[0],
      transparentDataEncryptionKeyVaultKeyId: cmk && keyVaultKeyUrl(this, "customerManagedKey", cmk),
      tags: props.tags,
      dependsOn: cmk?.dependsOn,
    });
    this.serverId = this.server.id;
    this.serverName = this.server.name;
    this.serverFqdn = this.server.fullyQualifiedDomainName;
    if (props.managedIdentities?.systemAssigned !== false) {
      this.identity = { principalId: this.server.identity.principalId, principalType: "ServicePrincipal" };
    }

    const sku = props.sku;
    const ltr = props.longTermRetention;
    this.database = new MssqlDatabase(this, "Database", {
      name: props.databaseName,
      serverId: this.server.id,
      skuName: sku.skuName,
      minCapacity: sku.minCapacity,
      autoPauseDelayInMinutes: sku.autoPauseDelayInMinutes,
      maxSizeGb: props.maxSizeGb,
      zoneRedundant,
      storageAccountType: backupStorageRedundancy,
      shortTermRetentionPolicy: { retentionDays: shortTermRetentionDays },
      longTermRetentionPolicy: ltr && {
        weeklyRetention: ltr.weeklyRetention,
        monthlyRetention: ltr.monthlyRetention,
        yearlyRetention: ltr.yearlyRetention,
        weekOfYear: ltr.yearlyRetention !== undefined ? (ltr.weekOfYear ?? 1) : ltr.weekOfYear,
      },
      tags: props.tags,
      lifecycle: preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.databaseId = this.database.id;
    this.databaseName = this.database.name;

    // Server auditing to Azure Monitor: the audit events flow through a diagnostic setting on `master`; the
    // auditing policy is created after it, as Microsoft documents for the REST API.
    const auditSetting = new MonitorDiagnosticSetting(this, "AuditDiagnosticSetting", {
      name: props.auditing.diagnosticSettingName ?? SQL_SERVING_FIXED.auditDiagnosticSettingName,
      targetResourceId: `${this.server.id}/databases/master`,
      logAnalyticsWorkspaceId: props.auditing.workspaceId,
      enabledLog: [{ category: SQL_SERVING_FIXED.auditLogCategory }],
    });
    new MssqlServerExtendedAuditingPolicy(this, "AuditingPolicy", {
      serverId: this.server.id,
      enabled: true,
      logMonitoringEnabled: true,
      dependsOn: [auditSetting],
    });

    const threatDetection = props.threatDetection ?? SQL_SERVING_DEFAULTS.threatDetection;
    if (threatDetection === false) {
      warnOptOut(this, "threatDetection", "no alert on SQL injection, anomalous access or brute-force logins");
    } else {
      new MssqlServerSecurityAlertPolicy(this, "SecurityAlertPolicy", {
        resourceGroupName: props.resourceGroupName,
        serverName: this.server.name,
        state: "Enabled",
        emailAccountAdmins: true,
        emailAddresses: threatDetection.emailAddresses ? [...threatDetection.emailAddresses] : undefined,
      });
    }

    // SQL databases have their own metric categories (no "AllMetrics") and log to AzureDiagnostics only.
    addDiagnosticSettings(this, this.database.id, props.diagnosticSettings, { metricCategories: SQL_DATABASE_METRICS, dedicatedTables: false });
    addLock(this, this.server.id, props.serverName, props.lock);
    addRoleAssignments(this, this.server.id, props.roleAssignments);
    addPrivateEndpoints(
      this,
      {
        id: this.server.id,
        name: props.serverName,
        subresourceName: "sqlServer",
        placement: { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags },
      },
      props.privateEndpoints,
    );
  }

  private warnOptOuts(allowPublic: boolean, backupStorageRedundancy: SqlBackupStorageRedundancy, preventDestroy: boolean): void {
    if (allowPublic) {
      warnOptOut(this, "publicNetworkAccess", "the server's public endpoint accepts connections (subject to firewall rules).");
    }
    if (backupStorageRedundancy === "Zone" || backupStorageRedundancy === "Local") {
      warnOptOut(this, "backupStorageRedundancy", `backups are ${backupStorageRedundancy}-redundant: no geo-restore after a regional outage.`);
    }
    if (!preventDestroy) {
      warnOptOut(this, "preventDestroy", "a Terraform plan may delete the database and its data.");
    }
  }
}
