import { createHash } from "node:crypto";
import { REGION_CODES, Region } from "./regions";
import { KEY_VAULT_NAME } from "../constructs/security/key-vault";
import { STORAGE_ACCOUNT_NAME } from "../constructs/core/storage-account-baseline";

/**
 * Azure naming rules for the resources whose names are most constrained. Each rule is the documented limit
 * (learn.microsoft.com "Naming rules and restrictions for Azure resources").
 */
export const NAME_RULES = {
  storageAccount: STORAGE_ACCOUNT_NAME,
  databricksStorageAccount: STORAGE_ACCOUNT_NAME,
  keyVault: {
    pattern: KEY_VAULT_NAME,
    rule: "3-24 letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
  },
  sqlServer: {
    pattern: /^(?!-)[a-z0-9-]{1,63}(?<!-)$/,
    rule: "1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  dataFactory: {
    pattern: /^(?!.*--)[a-zA-Z0-9][a-zA-Z0-9-]{1,61}[a-zA-Z0-9]$/,
    rule: "3-63 letters, digits and single hyphens, starting and ending with a letter or digit",
  },
  databricksWorkspace: {
    pattern: /^[a-zA-Z0-9_-]{3,64}$/,
    rule: "3-64 letters, digits, underscores and hyphens",
  },
} as const;

export type NamedResource = keyof typeof NAME_RULES;

/** What a name is derived from. */
export interface NamingInput {
  readonly workload: string;
  readonly environment: string;
  readonly location: Region;
  readonly subscriptionId: string;
}

/**
 * Deterministic names in the Azure CAF convention `<abbreviation>-<workload>-<environment>-<region>`.
 * Globally unique names (storage, key vault, SQL server, data factory) end in a 4-character suffix derived from a
 * hash of subscription id, workload and environment: stable across runs, different across subscriptions.
 */
export class ResourceNames {
  public readonly suffix: string;
  public readonly regionCode: string;
  private readonly base: string;
  private readonly compact: string;

  constructor(private readonly input: NamingInput) {
    this.regionCode = REGION_CODES[input.location];
    this.suffix = createHash("sha256").update(`${input.subscriptionId.toLowerCase()}/${input.workload}/${input.environment}`).digest("hex").slice(0, 4);
    this.base = `${input.workload}-${input.environment}-${this.regionCode}`;
    this.compact = `${input.workload}${input.environment}${this.regionCode}`;
  }

  /** `<abbreviation>-<workload>-<env>-<region>[-<qualifier>]` */
  public standard(abbreviation: string, qualifier?: string): string {
    return [abbreviation, this.base, qualifier].filter(Boolean).join("-");
  }

  /** Same as {@link standard} plus the deterministic suffix, for globally unique names. */
  public unique(abbreviation: string): string {
    return `${abbreviation}-${this.base}-${this.suffix}`;
  }

  /** The data platform's resource group (`<env>-data`; other stacks read the workspace and network in it). */
  public get dataResourceGroup(): string {
    return this.standard("rg", "data");
  }
  public get logAnalytics(): string {
    return this.standard("log");
  }
  public get virtualNetwork(): string {
    return this.standard("vnet", "data");
  }
  /** The data network's egress firewall. */
  public get dataFirewall(): string {
    return this.standard("afw", "data");
  }
  /** Storage accounts allow no hyphens and 24 characters: `st<workload><env><region><suffix>`. */
  public get storageAccount(): string {
    return `st${this.compact}${this.suffix}`;
  }
  /** Key vaults allow 24 characters: `kv-<workload>-<env>-<suffix>` (the region is dropped to fit). */
  public get keyVault(): string {
    return `kv-${this.input.workload}-${this.input.environment}-${this.suffix}`;
  }
  public get dataFactory(): string {
    return this.unique("adf");
  }
  public get databricksWorkspace(): string {
    return this.standard("dbw");
  }
  /** The workspace's DBFS root account: `dbfs<workload><env><suffix>` (24 characters at most; the region is dropped to fit). */
  public get databricksStorageAccount(): string {
    return `dbfs${this.input.workload}${this.input.environment}${this.suffix}`;
  }
  public get databricksAccessConnector(): string {
    return this.standard("dbac");
  }
  public get sqlServer(): string {
    return this.unique("sql");
  }
  /** The user-assigned identity the Databricks notebooks run as. */
  public get transformIdentity(): string {
    return this.standard("id", "transform");
  }
  /** The user-assigned identity one service unwraps its customer-managed key with. */
  public customerManagedKeyIdentity(service: "lake" | "sql" | "aks-disks"): string {
    return this.standard("id", `cmk-${service}`);
  }
  /**
   * Unity Catalog names of the environment (`<workload>_<env>`: catalog names take letters, digits and _):
   * the catalog, the storage credential of the access connector, and one external location per lake container.
   */
  public unityCatalogNames() {
    const base = `${this.input.workload}_${this.input.environment}`;
    return {
      catalog: base,
      storageCredential: `${base}_lake`,
      externalLocation: (container: string) => `${base}_${container}`,
    };
  }
  public get sqlDatabase(): string {
    return this.standard("sqldb", "serving");
  }

  /** Names of the AKS platform's Azure resources (`<env>-aks`). */
  public aksNames() {
    return {
      clusterResourceGroup: this.standard("rg", "aks"),
      virtualNetwork: this.standard("vnet", "aks"),
      cluster: this.standard("aks"),
      dnsPrefix: `aks-${this.input.workload}-${this.input.environment}-${this.suffix}`,
      controlPlaneIdentity: this.standard("id", "aks-control-plane"),
      kubeletIdentity: this.standard("id", "aks-kubelet"),
      certManagerIdentity: this.standard("id", "cert-manager"),
      /** Container registries allow 5-50 letters and digits, globally unique: `acr<workload><env><region><suffix>`. */
      containerRegistry: `acr${this.compact}${this.suffix}`,
      /**
       * The workloads' backups: `stbak<env><suffix>` (at most 17 characters, so always a valid storage account name;
       * the suffix hashes the workload name in).
       */
      backupStorageAccount: `stbak${this.input.environment}${this.suffix}`,
      /** cert-manager's identity only: narrower write access than the cluster's group. */
      certManagerResourceGroup: this.standard("rg", "cert-manager"),
    };
  }

  /**
   * The Key Vault of one application workload's secrets: `kv-<env>-<8 hex>`, a hash of subscription, workload,
   * environment, application and workload name (globally unique, at most 20 characters; the vault's
   * `dedicated-to` tag and the `<env>-aks` output name its workload).
   */
  public workloadKeyVault(app: string, workload: string): string {
    const hash = createHash("sha256")
      .update(`${this.input.subscriptionId.toLowerCase()}/${this.input.workload}/${this.input.environment}/${app}/${workload}`)
      .digest("hex")
      .slice(0, 8);
    return `kv-${this.input.environment}-${hash}`;
  }
  /** The user-assigned identity one application workload reads its Key Vault secrets as. */
  public workloadIdentity(app: string, workload: string): string {
    return this.standard("id", `${app}-${workload}`);
  }

  /** Names of the medallion platform's resources. */
  public platformNames() {
    return {
      storageAccount: this.storageAccount,
      keyVault: this.keyVault,
      dataFactory: this.dataFactory,
      databricksWorkspace: this.databricksWorkspace,
      databricksAccessConnector: this.databricksAccessConnector,
      databricksStorageAccount: this.databricksStorageAccount,
      sqlServer: this.sqlServer,
      sqlDatabase: this.sqlDatabase,
      transformIdentity: this.transformIdentity,
    };
  }

  /** The names that Azure constrains, for validation. */
  public constrained(): Record<NamedResource, string> {
    return {
      storageAccount: this.storageAccount,
      databricksStorageAccount: this.databricksStorageAccount,
      keyVault: this.keyVault,
      sqlServer: this.sqlServer,
      dataFactory: this.dataFactory,
      databricksWorkspace: this.databricksWorkspace,
    };
  }
}
