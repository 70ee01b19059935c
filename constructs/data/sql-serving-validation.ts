import { Construct } from "constructs";
import { checkPattern, checkRange, collectProblems, isKnown, propError } from "../core/validation";
import { checkCustomerManagedKey, requireKeyVersion } from "../security/customer-managed-key";
import type { SqlServingProps } from "./sql-serving";

const SERVER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DATABASE_NAME = /^[^<>*%&:\\/?]{0,127}[^<>*%&:\\/?. ]$/;
const ISO_DURATION = /^P([1-9]\d*)([DWMY])$/;
/** Longest long-term retention per ISO 8601 unit: 10 years. */
const MAX_PER_UNIT: Record<string, number> = { D: 3650, W: 520, M: 120, Y: 10 };

/** What a long-term retention period must be: one ISO 8601 unit (as Azure SQL takes it), at most 10 years. */
export const LONG_TERM_RETENTION_RULE = 'an ISO 8601 period of one unit and at most 10 years, e.g. "P4W", "P12M" or "P5Y"';

/** True when `value` is a long-term retention period Azure SQL accepts ({@link LONG_TERM_RETENTION_RULE}). */
export function isLongTermRetentionPeriod(value: string): boolean {
  const m = ISO_DURATION.exec(value);
  return m !== null && Number(m[1]) <= MAX_PER_UNIT[m[2]];
}

/** Throws on invalid {@link SqlServingProps}, naming every problem at once (unresolved tokens are skipped). */
export function validateSqlServingProps(scope: Construct, props: SqlServingProps, zoneRedundant: boolean, shortTermRetentionDays: number): void {
  collectProblems(scope, [
    () => checkPattern(scope, "serverName", props.serverName, SERVER_NAME, "1-63 lowercase letters, digits or inner hyphens"),
    () => checkPattern(scope, "databaseName", props.databaseName, DATABASE_NAME, "1-128 characters without <>*%&:\\/? and not ending in '.' or a space"),
    () => {
      checkCustomerManagedKey(scope, "customerManagedKey", props.customerManagedKey);
      requireKeyVersion(scope, "customerManagedKey", props.customerManagedKey, "a TDE protector");
    },
    () => validateDatabase(scope, props, zoneRedundant, shortTermRetentionDays),
    ...(props.threatDetection ? (props.threatDetection.emailAddresses ?? []) : []).map((address) => () => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address))
        throw propError(scope, "threatDetection.emailAddresses", "must be e-mail addresses", address, "list the addresses that receive the alerts.");
    }),
  ]);
}

/** The database's SKU, size and retention (they depend on each other: one group). */
function validateDatabase(scope: Construct, props: SqlServingProps, zoneRedundant: boolean, shortTermRetentionDays: number): void {
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
    if (!isLongTermRetentionPeriod(value)) {
      throw propError(scope, `longTermRetention.${key}`, `must be ${LONG_TERM_RETENTION_RULE}`, value, 'use e.g. "P4W", "P12M" or "P5Y".');
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
