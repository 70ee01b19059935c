import { Construct } from "constructs";
import { checkPattern, checkRange, isKnown, propError } from "../core/validation";
import { checkCustomerManagedKey, requireKeyVersion } from "../security/customer-managed-key";
import type { SqlServingProps } from "./sql-serving";

const SERVER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DATABASE_NAME = /^[^<>*%&:\\/?]{0,127}[^<>*%&:\\/?. ]$/;
const ISO_DURATION = /^P([1-9]\d*)([DWMY])$/;
/** Longest long-term retention per ISO 8601 unit: 10 years. */
const MAX_PER_UNIT: Record<string, number> = { D: 3650, W: 520, M: 120, Y: 10 };

/** Throws on invalid {@link SqlServingProps} (unresolved tokens are skipped). */
export function validateSqlServingProps(scope: Construct, props: SqlServingProps, zoneRedundant: boolean, shortTermRetentionDays: number): void {
  checkPattern(scope, "serverName", props.serverName, SERVER_NAME, "1-63 lowercase letters, digits or inner hyphens");
  checkPattern(scope, "databaseName", props.databaseName, DATABASE_NAME, "1-128 characters without <>*%&:\\/? and not ending in '.' or a space");
  checkCustomerManagedKey(scope, "customerManagedKey", props.customerManagedKey);
  requireKeyVersion(scope, "customerManagedKey", props.customerManagedKey, "a TDE protector");
  const sku = props.sku;
  sku.validate(scope, "sku");
  if (zoneRedundant && !sku.supportsZoneRedundancy) {
    throw propError(
      scope,
      "zoneRedundant",
      `is not available for the ${sku.tier} tier`,
      zoneRedundant,
      "use a General Purpose, Business Critical or Premium SKU, or set zoneRedundant to false.",
    );
  }
  checkRange(scope, "shortTermRetentionDays", shortTermRetentionDays, 7, sku.tier === "Basic" ? 7 : 35);
  if (isKnown(props.maxSizeGb) && !((props.maxSizeGb as number) > 0)) {
    throw propError(scope, "maxSizeGb", "must be a positive number of GB", props.maxSizeGb, "set maxSizeGb above 0 or leave it unset.");
  }
  const ltr = props.longTermRetention;
  if (!ltr) return;
  const durations = {
    weeklyRetention: ltr.weeklyRetention,
    monthlyRetention: ltr.monthlyRetention,
    yearlyRetention: ltr.yearlyRetention,
  };
  if (Object.values(durations).every((v) => v === undefined)) {
    throw propError(
      scope,
      "longTermRetention",
      "must set at least one retention",
      ltr,
      "set weeklyRetention, monthlyRetention or yearlyRetention, or omit longTermRetention.",
    );
  }
  for (const [key, value] of Object.entries(durations)) {
    if (value === undefined || !isKnown(value)) continue;
    const m = ISO_DURATION.exec(value);
    if (!m || Number(m[1]) > MAX_PER_UNIT[m[2]]) {
      throw propError(scope, `longTermRetention.${key}`, "must be an ISO 8601 duration of at most 10 years", value, 'use e.g. "P4W", "P12M" or "P5Y".');
    }
  }
  checkRange(scope, "longTermRetention.weekOfYear", ltr.weekOfYear, 1, 52);
  if (sku.autoPauses) {
    throw propError(
      scope,
      "longTermRetention",
      "cannot be combined with serverless auto-pause",
      ltr,
      "set sku autoPauseDelayInMinutes to -1 or omit longTermRetention.",
    );
  }
}
