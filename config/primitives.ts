import { z } from "zod";
import { allowListTooWide, MinimumSubnetSize, subnetRangeProblems } from "../constructs/core/cidr";
import { DNS_LABEL, HOST_NAME } from "../constructs/core/names";

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
