import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { Construct } from "constructs";
import { isKnown, propError, warnOptOut } from "../core/validation";

/**
 * The Microsoft Defender for Cloud plans of the resources this platform deploys, by Azure's resource type name, with
 * the extensions each turns on: azurerm turns off every extension a pricing does not list (its docs: "If an
 * extension is not defined, it will not be enabled"). The extension names are those of Azure's built-in
 * "full features" policies (MDC_Microsoft_Defender_For_Storage_Full_DINE, ASC_Azure_Defender_Containers_Full_Features_DINE).
 */
export const DEFENDER_PLANS = {
  /** Anomalous access, malware scanning of uploads and sensitive-data discovery on the lake and the other accounts. */
  storage: { resourceType: "StorageAccounts", subplan: "DefenderForStorageV2", extensions: ["OnUploadMalwareScanning", "SensitiveDataDiscovery"] },
  /** SQL injection, anomalous logins and access on Azure SQL (complements the server's threat detection). */
  sql: { resourceType: "SqlServers" },
  /** Unusual secret access and access from suspicious addresses on Key Vault. */
  keyVaults: { resourceType: "KeyVaults", subplan: "PerKeyVault" },
  /** AKS: runtime threat detection (the clusters' Defender sensor reports here) and image vulnerability scanning. */
  containers: { resourceType: "Containers", extensions: ["ContainerRegistriesVulnerabilityAssessments", "AgentlessDiscoveryForKubernetes", "ContainerSensor"] },
  /** Suspicious Azure Resource Manager operations (mass deletes, role changes, unusual callers). */
  arm: { resourceType: "Arm", subplan: "PerSubscription" },
} as const;
export type DefenderPlan = keyof typeof DEFENDER_PLANS;

/** Props of {@link DefenderPlans}. */
export interface DefenderPlansProps {
  /**
   * Which plans are on (Standard tier); a plan set to `false` is left alone, with a warning (it may be managed
   * elsewhere, e.g. by a landing-zone policy, or off).
   * @default every plan of {@link DEFENDER_PLANS} on
   */
  readonly plans?: Partial<Record<DefenderPlan, boolean>>;
  /**
   * Most GB of uploads scanned for malware per storage account and month (billed per GB; -1: no cap).
   * @default 10000 - the default of Azure's built-in policy
   */
  readonly malwareScanCapGbPerMonth?: number;
}

export const DEFENDER_PLANS_DEFAULTS = { malwareScanCapGbPerMonth: 10000 } as const;

/**
 * Microsoft Defender for Cloud on the environment's subscription, for the kinds of resources the platform deploys:
 * storage, SQL, Key Vault, containers and Resource Manager. Plans are subscription-wide settings: a plan this
 * construct turns on is turned off (Free) again when it is removed from the code, and creating one that is already
 * on (a landing zone's policy, the portal) fails until it is imported or set to `false` here. The Defender sensor
 * of the clusters and SQL threat detection report into these plans.
 *
 * @example
 * ```ts
 * new DefenderPlans(this, "Defender", { plans: { containers: true } });
 * ```
 */
export class DefenderPlans extends Construct {
  public readonly pricings: Partial<Record<DefenderPlan, SecurityCenterSubscriptionPricing>> = {};

  constructor(scope: Construct, id: string, props: DefenderPlansProps = {}) {
    super(scope, id);
    const cap = props.malwareScanCapGbPerMonth ?? DEFENDER_PLANS_DEFAULTS.malwareScanCapGbPerMonth;
    if (isKnown(cap) && cap !== -1 && !(Number.isInteger(cap) && cap >= 10)) {
      throw propError(
        this,
        "malwareScanCapGbPerMonth",
        "must be a whole number of at least 10, or -1 for no cap",
        cap,
        "set 10 or more (Azure's minimum), or -1.",
      );
    }
    let previous: SecurityCenterSubscriptionPricing | undefined;
    for (const [plan, spec] of Object.entries(DEFENDER_PLANS) as [DefenderPlan, (typeof DEFENDER_PLANS)[DefenderPlan]][]) {
      if (props.plans?.[plan] === false) {
        warnOptOut(this, `plans.${plan}`, `Defender for ${spec.resourceType} is not managed here: no threat detection unless it is on elsewhere`);
        continue;
      }
      previous = this.pricings[plan] = new SecurityCenterSubscriptionPricing(this, plan, {
        tier: "Standard",
        resourceType: spec.resourceType,
        subplan: "subplan" in spec ? spec.subplan : undefined,
        extension:
          "extensions" in spec
            ? spec.extensions.map((name) => ({
                name,
                additionalExtensionProperties: name === "OnUploadMalwareScanning" ? { CapGBPerMonthPerStorageAccount: String(cap) } : undefined,
              }))
            : undefined,
        // The pricings API answers 409 "Another update operation is in progress" to concurrent updates of one
        // subscription; azurerm serialises them only from 4.7x (hashicorp/terraform-provider-azurerm#32444).
        dependsOn: previous ? [previous] : undefined,
      });
    }
  }
}
