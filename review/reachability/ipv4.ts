/** IPv4 address and CIDR arithmetic for ipBlock peers. IPv6 blocks never match (the analyzer's endpoints are IPv4). */

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number; throws on anything but dotted-quad IPv4. */
export function parseIPv4(ip: string): number {
  const m = OCTETS.exec(ip);
  const octets = m ? m.slice(1).map(Number) : [];
  if (!m || octets.some((o) => o > 255)) throw new Error(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Whether the IPv4 address lies in the CIDR. IPv6 CIDRs contain no IPv4 address; malformed CIDRs throw. */
export function cidrContains(cidr: string, ip: string): boolean {
  if (cidr.includes(":")) return false;
  const [base, bits, ...rest] = cidr.split("/");
  const prefix = Number(bits);
  if (rest.length > 0 || bits === undefined || !/^\d{1,2}$/.test(bits) || prefix > 32) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(cidr)}`);
  const size = 2 ** (32 - prefix);
  const start = Math.floor(parseIPv4(base) / size) * size;
  const addr = parseIPv4(ip);
  return addr >= start && addr < start + size;
}
