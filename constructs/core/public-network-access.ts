import { PropProblem } from "./validation";

/**
 * Public exposure, spelled one way in every construct and config section that has a public endpoint with an IP
 * firewall (lake, Key Vault, Databricks workspace, AKS API server): `publicNetworkAccess` turns the endpoint on, and
 * `allowedIpRanges` lists the only ranges it admits.
 */
export interface PublicNetworkAccessProps {
  /**
   * Opt-out: turns the public endpoint on, admitting `allowedIpRanges` only. Adds a warning.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * The public IPv4 ranges (CIDR or address) the public endpoint admits: required when `publicNetworkAccess` is true
   * (nothing is ever open to all), refused otherwise.
   * @default - none
   */
  readonly allowedIpRanges?: readonly string[];
}

/** The rule of {@link PublicNetworkAccessProps}: what is wrong with the pair, `prefix` naming where it sits. */
export function publicNetworkAccessProblems(value: PublicNetworkAccessProps, prefix = ""): PropProblem[] {
  const ranges = value.allowedIpRanges;
  if (value.publicNetworkAccess) {
    return ranges && ranges.length > 0
      ? []
      : [
          {
            prop: `${prefix}allowedIpRanges`,
            problem: "must list at least one range when publicNetworkAccess is true",
            value: ranges,
            fix: "list the networks that need access.",
          },
        ];
  }
  return ranges === undefined
    ? []
    : [
        {
          prop: `${prefix}allowedIpRanges`,
          problem: "applies only when publicNetworkAccess is true",
          value: ranges,
          fix: `remove it, or set ${prefix}publicNetworkAccess: true.`,
        },
      ];
}
