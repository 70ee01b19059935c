import { z } from "zod";
import { allowListTooWide, MinimumSubnetSize, subnetRangeProblems } from "../constructs/core/cidr";
import { DNS_LABEL, HOST_NAME } from "../constructs/core/names";
import { PublicNetworkAccessProps, publicNetworkAccessProblems } from "../constructs/core/public-network-access";

/** Building blocks shared by the config schemas. */

export const cidr = z.cidrv4({ error: "must be an IPv4 CIDR such as 10.10.0.0/24" });

/** Public ranges an allow-list admits: all together no more than a /16 (see MAX_ALLOW_LIST_ADDRESSES); `min`: how few it may list. @default no minimum */
export const allowList = (min: { readonly count: number; readonly error: string } = { count: 0, error: "" }) =>
  z
    .array(cidr)
    .min(min.count, { error: min.error })
    .superRefine((ranges, ctx) => {
      const problem = allowListTooWide(ranges);
      if (problem) ctx.addIssue({ code: "custom", message: `is too wide: ${problem}; list the networks that need access` });
    });
export const guid = z.guid({ error: "must be a GUID such as 00000000-0000-0000-0000-000000000000" });
export const days = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
export const count = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
/** RFC 1123 label: Kubernetes object and namespace names. */
export const dnsLabel = z.string().regex(DNS_LABEL, {
  error: "must be a DNS label: 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit",
});
/** A DNS host name, optionally with a leading wildcard label. */
export const hostname = z.string().regex(HOST_NAME, {
  error: "must be a lowercase DNS host name such as shop.contoso.com",
});

type Issue = (path: (string | number)[], message: string) => void;

/**
 * The subnet rule of the network constructs ({@link subnetRangeProblems}): each problem reported at the subnet's
 * own path (`<prefix>.<name>`), or at `addressSpace`.
 */
export function checkSubnets(
  addressSpace: string,
  subnets: Record<string, string>,
  prefix: string[],
  issue: Issue,
  minimumSize?: (key: string) => MinimumSubnetSize | undefined,
): void {
  for (const p of subnetRangeProblems(addressSpace, subnets, minimumSize)) issue(p.key === undefined ? ["addressSpace"] : [...prefix, p.key], p.problem);
}

/**
 * A key the config no longer takes: any value is refused with the new spelling, so an old file fails with its fix
 * rather than with zod's bare "unrecognized key".
 */
export const renamed = (fix: string) => z.never({ error: `was renamed: ${fix}` }).optional();

/** Drops the {@link renamed} keys from a parsed value, and so from the config's type: no code can read an old key. */
export function withoutRenamed<T extends object, K extends keyof T>(...keys: K[]): (value: T) => DistributiveOmit<T, K> {
  return (value) => {
    const rest = { ...value };
    for (const key of keys) delete rest[key];
    return rest as unknown as DistributiveOmit<T, K>;
  };
}

/** `Omit` applied to each member of a union (a discriminated union stays one). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Public exposure's one spelling ({@link publicNetworkAccessProblems}): each problem at `<section>.allowedIpRanges`. */
export function checkPublicEndpoint(section: (string | number)[], value: PublicNetworkAccessProps, issue: Issue): void {
  for (const p of publicNetworkAccessProblems(value)) issue([...section, p.prop], p.problem);
}
