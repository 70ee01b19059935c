/** IPv4 CIDR arithmetic for config validation (zod checks the syntax first). */

/** A dotted IPv4 address. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
/** An IPv4 CIDR (address/prefix). */
export const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([0-9]|[12]\d|3[0-2])$/;
/** An IPv4 address or CIDR. */
export const IPV4_OR_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/([0-9]|[12]\d|3[0-2]))?$/;
/** RFC 1918 ranges: what "the internet" excludes in NetworkPolicies (in-cluster and VNet addresses). */
export const PRIVATE_IPV4_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

export function cidrRange(cidr: string): Ipv4Range {
  const [address, prefixText] = cidr.split("/");
  // A bare address (as AKS authorized ranges and storage IP rules accept) is a /32.
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const value = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(value / size) * size;
  return { first, last: first + size - 1 };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = cidrRange(outer);
  const i = cidrRange(inner);
  return i.first >= o.first && i.last <= o.last;
}

export function cidrOverlaps(a: string, b: string): boolean {
  const x = cidrRange(a);
  const y = cidrRange(b);
  return x.first <= y.last && y.first <= x.last;
}

/** True when the address part has host bits set (e.g. 10.0.0.1/24), which Azure rejects for subnets. */
export function hasHostBits(cidr: string): boolean {
  const [address] = cidr.split("/");
  const value = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  return value !== cidrRange(cidr).first;
}

/** Storage firewall IP rules take single addresses without `/32` and ranges /30 or larger. */
export function storageFirewallIpRule(range: string): string {
  return range.endsWith("/32") ? range.slice(0, -3) : range;
}

/**
 * The most public addresses an allow-list may admit, all its ranges together: a /16. Beyond it, an allow-list is
 * "the internet" with extra steps (a /1 plus a /1 is the world, and no single range is a /0).
 */
export const MAX_ALLOW_LIST_ADDRESSES = 2 ** 16;

/** How many distinct addresses a set of ranges covers (overlaps counted once). */
export function addressCount(ranges: readonly string[]): number {
  const sorted = ranges.map(cidrRange).sort((a, b) => a.first - b.first);
  let total = 0;
  let end = -1;
  for (const r of sorted) {
    if (r.last <= end) continue;
    total += r.last - Math.max(r.first, end + 1) + 1;
    end = r.last;
  }
  return total;
}

/** The allow-list problem, if any: more addresses than {@link MAX_ALLOW_LIST_ADDRESSES}. */
export function allowListTooWide(ranges: readonly string[]): string | undefined {
  const n = addressCount(ranges);
  return n > MAX_ALLOW_LIST_ADDRESSES
    ? `the ranges together admit ${n.toLocaleString("en-US")} addresses, more than a /16 (${MAX_ALLOW_LIST_ADDRESSES.toLocaleString("en-US")})`
    : undefined;
}

/** One problem of a set of subnet ranges: the subnet's key (none: the address space), what is wrong and the fix. */
export interface SubnetRangeProblem {
  readonly key?: string;
  readonly problem: string;
  readonly value: string;
  readonly fix: string;
}

/** The largest prefix length a subnet may have, and why. */
export interface MinimumSubnetSize {
  readonly bits: number;
  readonly why: string;
}

/**
 * Every problem of subnet ranges in a VNet, for the construct that builds the subnets (which throws them all) and for
 * the config schema (which reports each at its path): IPv4 CIDRs without host bits (Azure rejects those), inside the
 * address space, at least the size `minimumSize` asks of a key, no overlaps (reported at the later subnet). Ranges
 * that are not literals (`known` false: Terraform references) are skipped.
 */
export function subnetRangeProblems(
  addressSpace: string,
  ranges: Readonly<Record<string, string>>,
  minimumSize: (key: string) => MinimumSubnetSize | undefined = () => undefined,
  known: (value: string) => boolean = () => true,
): SubnetRangeProblem[] {
  const problems: SubnetRangeProblem[] = [];
  let space: string | undefined = known(addressSpace) ? addressSpace : undefined;
  if (space !== undefined && !IPV4_CIDR.test(space)) {
    problems.push({ problem: "must be an IPv4 CIDR", value: space, fix: "use a range such as 10.10.0.0/16." });
    space = undefined;
  } else if (space !== undefined && hasHostBits(space)) {
    problems.push({ problem: "has host bits set", value: space, fix: "use the network address of the range." });
  }
  const checked: [string, string][] = [];
  for (const [key, range] of Object.entries(ranges)) {
    if (!known(range)) continue;
    if (!IPV4_CIDR.test(range)) {
      problems.push({ key, problem: "must be an IPv4 CIDR", value: range, fix: "use a range such as 10.10.1.0/24." });
      continue;
    }
    if (hasHostBits(range)) problems.push({ key, problem: "has host bits set", value: range, fix: "use the network address of the range." });
    const minimum = minimumSize(key);
    if (minimum && Number(range.split("/")[1]) > minimum.bits) {
      problems.push({ key, problem: `must be /${minimum.bits} or larger ${minimum.why}`, value: range, fix: `use a /${minimum.bits} or a larger range.` });
    }
    if (space !== undefined && !cidrContains(space, range)) {
      problems.push({ key, problem: `must lie inside the address space ${space}`, value: range, fix: "pick a range inside the VNet." });
    }
    for (const [otherKey, other] of checked) {
      if (cidrOverlaps(range, other))
        problems.push({ key, problem: `overlaps subnet ${otherKey} (${other})`, value: range, fix: "choose non-overlapping ranges." });
    }
    checked.push([key, range]);
  }
  return problems;
}
