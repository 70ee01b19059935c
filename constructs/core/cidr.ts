/** IPv4 CIDR arithmetic for config validation (zod checks the syntax first). */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

export function cidrRange(cidr: string): Ipv4Range {
  const [address, prefixText] = cidr.split("/");
  const prefix = Number(prefixText);
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
