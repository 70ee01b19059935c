import { IConstruct } from "constructs";
import { collectProblems, isKnown, propError } from "../core/validation";

/** Service tier of an Azure SQL database SKU. */
export type SqlSkuTier = "Basic" | "Standard" | "Premium" | "GeneralPurpose" | "BusinessCritical";

/** vCore hardware generation. */
export type SqlHardwareFamily = "Gen5";

/** DTU service objectives of the Standard tier. */
export type SqlStandardObjective = "S0" | "S1" | "S2" | "S3" | "S4" | "S6" | "S7" | "S9" | "S12";

/** DTU service objectives of the Premium tier. */
export type SqlPremiumObjective = "P1" | "P2" | "P4" | "P6" | "P11" | "P15";

/** Options of {@link SqlDatabaseSku.serverless}. */
export interface SqlServerlessOptions {
  /**
   * Hardware generation.
   * @default "Gen5"
   */
  readonly family?: SqlHardwareFamily;
  /** Maximum vCores the database scales up to (1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40 or 80). */
  readonly maxVCores: number;
  /**
   * Minimum vCores always allocated (billed even when idle, unless paused): from 0.5 to `maxVCores`.
   * @default 0.5
   */
  readonly minCapacity?: number;
  /**
   * Minutes of inactivity before the database pauses (15-10080), or -1 to never pause. Auto-pause is not supported
   * together with long-term backup retention or geo-replication.
   * @default 60
   */
  readonly autoPauseDelayInMinutes?: number;
}

/** Defaults of {@link SqlDatabaseSku.serverless}. */
export const SQL_SERVERLESS_DEFAULTS = {
  family: "Gen5",
  minCapacity: 0.5,
  autoPauseDelayInMinutes: 60,
} as const satisfies Partial<SqlServerlessOptions>;

const PROVISIONED_VCORES = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80, 128];
const SERVERLESS_VCORES = [1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 32, 40, 80];
const STANDARD_OBJECTIVES: readonly string[] = ["S0", "S1", "S2", "S3", "S4", "S6", "S7", "S9", "S12"];
const PREMIUM_OBJECTIVES: readonly string[] = ["P1", "P2", "P4", "P6", "P11", "P15"];

/** Tiers whose databases can be zone redundant (vCore General Purpose incl. serverless, Business Critical, Premium). */
const ZONE_REDUNDANT_TIERS: readonly SqlSkuTier[] = ["GeneralPurpose", "BusinessCritical", "Premium"];

interface SkuSpec {
  readonly tier: SqlSkuTier;
  readonly skuName: string;
  readonly serverless?: boolean;
  readonly vCores?: number;
  readonly allowedVCores?: readonly number[];
  readonly objective?: string;
  readonly allowedObjectives?: readonly string[];
  readonly minCapacity?: number;
  readonly autoPauseDelayInMinutes?: number;
}

/**
 * The compute size of an Azure SQL database, built with a static factory instead of a free-form `sku_name`:
 * `SqlDatabaseSku.serverless({ maxVCores: 2 })` -> `GP_S_Gen5_2`, `SqlDatabaseSku.generalPurpose(4)` -> `GP_Gen5_4`,
 * `SqlDatabaseSku.businessCritical(8)` -> `BC_Gen5_8`, `SqlDatabaseSku.standard("S2")`, `SqlDatabaseSku.premium("P1")`,
 * `SqlDatabaseSku.basic()`. Values are checked by {@link SqlDatabaseSku.validate} when a construct uses the SKU, so
 * errors name the construct path.
 */
export class SqlDatabaseSku {
  /** vCore General Purpose serverless: scales between `minCapacity` and `maxVCores`, pauses when idle. */
  public static serverless(options: SqlServerlessOptions): SqlDatabaseSku {
    const family = options.family ?? SQL_SERVERLESS_DEFAULTS.family;
    return new SqlDatabaseSku({
      tier: "GeneralPurpose",
      skuName: `GP_S_${family}_${options.maxVCores}`,
      serverless: true,
      vCores: options.maxVCores,
      allowedVCores: SERVERLESS_VCORES,
      minCapacity: options.minCapacity ?? SQL_SERVERLESS_DEFAULTS.minCapacity,
      autoPauseDelayInMinutes: options.autoPauseDelayInMinutes ?? SQL_SERVERLESS_DEFAULTS.autoPauseDelayInMinutes,
    });
  }

  /** vCore General Purpose, provisioned compute. */
  public static generalPurpose(vCores: number, family: SqlHardwareFamily = "Gen5"): SqlDatabaseSku {
    return new SqlDatabaseSku({
      tier: "GeneralPurpose",
      skuName: `GP_${family}_${vCores}`,
      vCores,
      allowedVCores: PROVISIONED_VCORES,
    });
  }

  /** vCore Business Critical, provisioned compute (local SSD, built-in replicas). */
  public static businessCritical(vCores: number, family: SqlHardwareFamily = "Gen5"): SqlDatabaseSku {
    return new SqlDatabaseSku({
      tier: "BusinessCritical",
      skuName: `BC_${family}_${vCores}`,
      vCores,
      allowedVCores: PROVISIONED_VCORES,
    });
  }

  /** DTU Standard tier (no zone redundancy). */
  public static standard(objective: SqlStandardObjective): SqlDatabaseSku {
    return new SqlDatabaseSku({
      tier: "Standard",
      skuName: objective,
      objective,
      allowedObjectives: STANDARD_OBJECTIVES,
    });
  }

  /** DTU Premium tier. */
  public static premium(objective: SqlPremiumObjective): SqlDatabaseSku {
    return new SqlDatabaseSku({
      tier: "Premium",
      skuName: objective,
      objective,
      allowedObjectives: PREMIUM_OBJECTIVES,
    });
  }

  /** DTU Basic tier (dev/test only: 2 GB, 7 days of backups, no zone redundancy). */
  public static basic(): SqlDatabaseSku {
    return new SqlDatabaseSku({ tier: "Basic", skuName: "Basic" });
  }

  /** Service tier. */
  public readonly tier: SqlSkuTier;
  /** Terraform `sku_name`, e.g. `GP_S_Gen5_2`. */
  public readonly skuName: string;
  /** True for the serverless compute tier. */
  public readonly serverless: boolean;
  /** Serverless minimum vCores (`min_capacity`); undefined for provisioned SKUs. */
  public readonly minCapacity?: number;
  /** Serverless auto-pause delay (`auto_pause_delay_in_minutes`); undefined for provisioned SKUs. */
  public readonly autoPauseDelayInMinutes?: number;
  private readonly spec: SkuSpec;

  private constructor(spec: SkuSpec) {
    this.spec = spec;
    this.tier = spec.tier;
    this.skuName = spec.skuName;
    this.serverless = spec.serverless ?? false;
    this.minCapacity = spec.minCapacity;
    this.autoPauseDelayInMinutes = spec.autoPauseDelayInMinutes;
  }

  /** Whether databases of this SKU can be zone redundant. */
  public get supportsZoneRedundancy(): boolean {
    return ZONE_REDUNDANT_TIERS.includes(this.tier);
  }

  /** Whether the database pauses when idle (serverless with an auto-pause delay other than -1). */
  public get autoPauses(): boolean {
    return this.serverless && this.autoPauseDelayInMinutes !== -1;
  }

  /** Throws the project's props error (prop `prop`, e.g. "sku") when a value is not a valid Azure SQL size, naming every problem. */
  public validate(scope: IConstruct, prop = "sku"): void {
    const s = this.spec;
    collectProblems(scope, [
      // The service objective and the serverless minimum follow from the size, so they are checked after it.
      () => {
        if (s.allowedVCores && isKnown(s.vCores) && !s.allowedVCores.includes(s.vCores as number)) {
          const name = s.serverless ? `${prop}.maxVCores` : `${prop}.vCores`;
          throw propError(scope, name, `is not a ${s.tier}${s.serverless ? " serverless" : ""} size`, s.vCores, `use one of ${s.allowedVCores.join(", ")}.`);
        }
        if (s.allowedObjectives && !s.allowedObjectives.includes(s.objective ?? "")) {
          throw propError(scope, prop, `is not a ${s.tier} service objective`, s.objective, `use one of ${s.allowedObjectives.join(", ")}.`);
        }
        const min = s.minCapacity as number;
        if (s.serverless && isKnown(min) && (!(min >= 0.5) || (isKnown(s.vCores) && min > (s.vCores as number)))) {
          throw propError(scope, `${prop}.minCapacity`, "must be from 0.5 to maxVCores", min, `set minCapacity between 0.5 and ${s.vCores}.`);
        }
      },
      () => {
        const pause = s.autoPauseDelayInMinutes as number;
        if (s.serverless && isKnown(pause) && pause !== -1 && !(Number.isInteger(pause) && pause >= 15 && pause <= 10080)) {
          throw propError(
            scope,
            `${prop}.autoPauseDelayInMinutes`,
            "must be -1 (never pause) or a whole number of minutes from 15 to 10080",
            pause,
            "use -1 or a delay between 15 minutes and 7 days.",
          );
        }
      },
    ]);
  }
}
