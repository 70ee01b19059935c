/** Networks: the data platform's VNet, its egress firewall, private endpoints, private DNS zones and existing public ones. */
export { DataNetwork } from "../constructs/network/data-network";
export type { DataNetworkFirewall, DataNetworkProps, DataSubnet, DataSubnetRanges, IDataNetwork } from "../constructs/network/data-network";
export { EGRESS_FIREWALL_FIXED, EgressFirewall } from "../constructs/network/egress-firewall";
export type { EgressAllowList, EgressApplicationRule, EgressFirewallProps, EgressNetworkRule } from "../constructs/network/egress-firewall";
export { ExistingDnsZone } from "../constructs/network/existing-dns-zone";
export type { ExistingDnsZoneProps, IDnsZone } from "../constructs/network/existing-dns-zone";
export { LinkedPrivateDnsZone } from "../constructs/network/linked-private-dns-zone";
export type { LinkedPrivateDnsZoneProps } from "../constructs/network/linked-private-dns-zone";
export { DATA_PRIVATE_DNS_ZONES } from "../constructs/network/private-dns-zones";
export type { DataPrivateDnsZone } from "../constructs/network/private-dns-zones";
export { PrivateEndpoint } from "../constructs/core/private-endpoints";
export type { PrivateEndpointConstructProps } from "../constructs/core/private-endpoints";
