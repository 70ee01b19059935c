/**
 * IPv4 checks for ipBlock peers, on the project's one CIDR arithmetic (constructs/core/cidr.ts). IPv6 blocks never
 * match (the analyzer's endpoints are IPv4); a manifest's malformed address or block throws.
 */
import { cidrContains, cidrRange, IPV4, IPV4_CIDR } from "../../constructs/core/cidr";

/** The address as an unsigned 32-bit number; throws on anything but dotted-quad IPv4. */
export function parseIPv4(ip: string): number {
  if (!IPV4.test(ip)) throw new Error(`not an IPv4 address: ${JSON.stringify(ip)}`);
  return cidrRange(ip).first;
}

/** Whether the IPv4 address lies in the CIDR. IPv6 CIDRs contain no IPv4 address; malformed CIDRs throw. */
export function addressInCidr(cidr: string, ip: string): boolean {
  if (cidr.includes(":")) return false;
  if (!IPV4_CIDR.test(cidr)) throw new Error(`not an IPv4 CIDR: ${JSON.stringify(cidr)}`);
  parseIPv4(ip);
  return cidrContains(cidr, ip);
}
