import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct } from "constructs";
import { IPV4, IPV4_CIDR, MinimumSubnetSize, SubnetRangeProblem, subnetRangeProblems } from "../core/cidr";
import { NETWORK_DIAGNOSTIC_DEFAULTS, NSG_DIAGNOSTIC_DEFAULTS, addDiagnosticSettingsOf } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, ISubnet, IVirtualNetwork, ResourcePlacement } from "../core/interfaces";
import { checkPattern, checkRange, isKnown, propError, throwProblems } from "../core/validation";

/**
 * Smallest node subnet accepted: /24 (prefix length at most 24). With Azure CNI Overlay pods take their addresses
 * from the (virtual) pod CIDR, so a node subnet only needs one address per node plus internal load balancer
 * front-ends. A /24 gives 251 usable addresses (Azure reserves 5), which covers a pool at its autoscaler maximum
 * plus the 33% surge nodes of an upgrade with room to grow; smaller subnets are a common cause of failed upgrades
 * ("SubnetIsFull"). Source: learn.microsoft.com "Azure CNI Overlay networking in AKS" (IP address planning) and the
 * AKS baseline (mspnp/aks-baseline), which sizes its node subnet /22.
 */
export const AKS_NODE_SUBNET_MAX_PREFIX = 24;

/** Every node subnet must be /{@link AKS_NODE_SUBNET_MAX_PREFIX} or larger (the config schema checks the same). */
export function aksNodeSubnetMinimumSize(): MinimumSubnetSize {
  return { bits: AKS_NODE_SUBNET_MAX_PREFIX, why: "for AKS nodes (room for autoscaling and upgrade surge)" };
}

/** Props of {@link AksNetwork}. */
export interface AksNetworkProps extends ResourcePlacement {
  /** Virtual network name; subnet and NSG names derive from it. */
  readonly name: string;
  /** Address space of the virtual network, e.g. 10.20.0.0/16. */
  readonly addressSpace: string;
  /**
   * Node subnet ranges keyed by a stable key (e.g. `system`, `user`); each must be a /24 or larger range inside
   * `addressSpace`, and ranges must not overlap. The key names the subnet (`snet-aks-<key>`) and its NSG.
   */
  readonly nodeSubnets: Record<string, string>;
  /**
   * Inbound allow rules for public `LoadBalancer` Services (e.g. the gateway's data plane), keyed by a stable name
   * (the rule becomes `allow-<key>-inbound` on the NSG of its subnet). AKS only opens the NSG in its node resource
   * group, so without such a rule the subnet NSG's `DenyAllInBound` drops every client.
   * @default {} - no inbound rule: only Azure's defaults (VNet and load-balancer probes in, Internet denied)
   */
  readonly publicIngress?: Record<string, AksSubnetIngress>;
  /**
   * Diagnostic settings of the virtual network and of each NSG (rule events and rule counters).
   * @default {} - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /**
   * A subnet for private endpoints of the cluster's own services (the workloads' Key Vaults), whose NSG admits the
   * node subnets on TCP 443 and denies the rest of the virtual network (and what is peered to it).
   * @default - none
   */
  readonly privateEndpointSubnet?: string;
  /**
   * Networks besides the node subnets that may reach the private endpoints on TCP 443 (the administrators' hub or
   * VPN range, to put secret values into the workloads' vaults); they resolve the endpoints through the private DNS
   * zones, which must be linked to (or forwarded from) their network.
   * @default [] - the nodes only
   */
  readonly privateEndpointClients?: readonly string[];
}

/** One inbound allow rule on a node subnet's NSG for a public `LoadBalancer` Service whose pods run there. */
export interface AksSubnetIngress {
  /** Key of `nodeSubnets` whose nodes run the Service's pods (with `externalTrafficPolicy: Local` only they receive it). */
  readonly subnet: string;
  /** TCP ports of the Service (with Azure's floating IP the NSG sees the Service port on the frontend IP). */
  readonly ports: number[];
  /** Who may connect: the `Internet` service tag or public IPv4 ranges. `*` and `0.0.0.0/0` are refused: say `Internet`. */
  readonly sources: string[];
  /**
   * NSG rule priority (100-4096, lower wins), unique per subnet.
   * @default 200 for the first key, +10 for each next key of the same subnet
   */
  readonly priority?: number;
}

/** Name of the node subnet of a key (`snet-aks-<key>`). */
export function aksNodeSubnetName(key: string): string {
  return `snet-aks-${key}`;
}

/** The service tag for clients on the internet (what `0.0.0.0/0` would mean, by name). */
export const INTERNET_SERVICE_TAG = "Internet";

const SUBNET_KEY = /^[a-z][a-z0-9-]{0,23}$/;

/** Key of the private-endpoint subnet among the node subnets in one range check (not a valid node subnet key). */
const PRIVATE_ENDPOINT_RANGE_KEY = "privateEndpointSubnet";

/**
 * The AKS VNet's subnets as one range check ({@link subnetRangeProblems}, which the construct throws and the config
 * schema reports): node subnets /24 or larger, the private-endpoint subnet /28 or larger, all CIDRs without host
 * bits inside the address space, none overlapping another. `where` says whose each problem is.
 */
export function aksSubnetRangeProblems(
  addressSpace: string,
  nodeSubnets: Readonly<Record<string, string>>,
  privateEndpointSubnet: string | undefined,
  known: (value: string) => boolean = () => true,
): (SubnetRangeProblem & { readonly where: "addressSpace" | "nodeSubnet" | "privateEndpointSubnet" })[] {
  const ranges = privateEndpointSubnet === undefined ? nodeSubnets : { ...nodeSubnets, [PRIVATE_ENDPOINT_RANGE_KEY]: privateEndpointSubnet };
  const minimumSize = (key: string): MinimumSubnetSize =>
    key === PRIVATE_ENDPOINT_RANGE_KEY ? { bits: 28, why: "for private endpoints (Azure keeps 5 addresses of every subnet)" } : aksNodeSubnetMinimumSize();
  return subnetRangeProblems(addressSpace, ranges, minimumSize, known).map((p) => ({
    ...p,
    where: p.key === undefined ? "addressSpace" : p.key === PRIVATE_ENDPOINT_RANGE_KEY ? "privateEndpointSubnet" : "nodeSubnet",
  }));
}

/** Name of the private-endpoint subnet. */
export const AKS_PRIVATE_ENDPOINT_SUBNET_NAME = "snet-private-endpoints";

function validate(scope: Construct, props: AksNetworkProps): void {
  const { addressSpace, nodeSubnets } = props;
  if (Object.keys(nodeSubnets).length === 0) {
    throw propError(scope, "nodeSubnets", "must define at least one subnet", nodeSubnets, 'add e.g. { system: "10.20.0.0/24" }.');
  }
  for (const key of Object.keys(nodeSubnets)) {
    checkPattern(scope, `nodeSubnets key "${key}"`, key, SUBNET_KEY, "1-24 lowercase letters, digits and hyphens starting with a letter");
  }
  const subnetProblems = aksSubnetRangeProblems(addressSpace, nodeSubnets, props.privateEndpointSubnet, isKnown);
  throwProblems(
    scope,
    subnetProblems.map((p) => ({ ...p, prop: p.where === "nodeSubnet" ? `nodeSubnets.${p.key}` : p.where })),
  );
  validateIngress(scope, props);
  for (const client of (props.privateEndpointClients ?? []).filter(isKnown)) {
    if (!IPV4_CIDR.test(client) || client.endsWith("/0"))
      throw propError(
        scope,
        "privateEndpointClients",
        "must be IPv4 CIDRs naming networks, never /0",
        client,
        "list the administrators' ranges, e.g. 10.0.0.0/24.",
      );
  }
  if ((props.privateEndpointClients ?? []).length > 0 && props.privateEndpointSubnet === undefined) {
    throw propError(
      scope,
      "privateEndpointClients",
      "needs privateEndpointSubnet",
      props.privateEndpointClients,
      "give privateEndpointSubnet, or drop the clients.",
    );
  }
}

function validateIngress(scope: Construct, props: AksNetworkProps): void {
  const priorities = new Map<string, string>();
  for (const [key, ingress] of Object.entries(props.publicIngress ?? {})) {
    const at = `publicIngress.${key}`;
    checkPattern(scope, `publicIngress key "${key}"`, key, SUBNET_KEY, "1-24 lowercase letters, digits and hyphens starting with a letter");
    if (!(ingress.subnet in props.nodeSubnets)) {
      throw propError(scope, `${at}.subnet`, "is not a key of nodeSubnets", ingress.subnet, `use one of ${Object.keys(props.nodeSubnets).join(", ")}.`);
    }
    if (ingress.ports.length === 0)
      throw propError(scope, `${at}.ports`, "must list at least one port", ingress.ports, "list the Service's TCP ports, e.g. [80, 443].");
    for (const port of ingress.ports) checkRange(scope, `${at}.ports`, port, 1, 65535);
    if (ingress.sources.length === 0)
      throw propError(scope, `${at}.sources`, "must list at least one source", ingress.sources, `use ["${INTERNET_SERVICE_TAG}"] or public IPv4 ranges.`);
    for (const source of ingress.sources.filter(isKnown)) {
      if (source === "*" || source === "0.0.0.0/0" || source.toLowerCase() === "any") {
        throw propError(scope, `${at}.sources`, "must name its clients", source, `use "${INTERNET_SERVICE_TAG}" to admit the internet, or public IPv4 ranges.`);
      }
      if (source !== INTERNET_SERVICE_TAG && !IPV4_CIDR.test(source) && !IPV4.test(source)) {
        throw propError(scope, `${at}.sources`, `must be "${INTERNET_SERVICE_TAG}" or an IPv4 address or CIDR`, source, "fix the range.");
      }
    }
    if (ingress.priority !== undefined) {
      checkRange(scope, `${at}.priority`, ingress.priority, 100, 4096);
      const clash = priorities.get(`${ingress.subnet}/${ingress.priority}`);
      if (clash)
        throw propError(
          scope,
          `${at}.priority`,
          `is already used by publicIngress.${clash} on subnet ${ingress.subnet}`,
          ingress.priority,
          "give each rule of a subnet its own priority.",
        );
      priorities.set(`${ingress.subnet}/${ingress.priority}`, key);
    }
  }
}

/**
 * The AKS platform's network: a VNet with one node subnet per key (e.g. `system`, `user`), each associated with its
 * own NSG (Checkov CKV2_AZURE_31) and without default outbound access (egress goes through the cluster's Standard
 * load balancer). Pods use Azure CNI Overlay, so pod and service CIDRs are not carved out of this VNet.
 *
 * The NSGs keep Azure's default rules (VNet and load-balancer inbound allowed, internet inbound denied) plus, for
 * each `publicIngress` entry, one rule admitting its clients on its TCP ports: AKS only manages the NSG in its node
 * resource group, so a public `LoadBalancer` Service is unreachable without it.
 *
 * @example
 * ```ts
 * const aksNetwork = new AksNetwork(this, "Network", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "vnet-aks-dev",
 *   addressSpace: "10.20.0.0/16",
 *   nodeSubnets: { system: "10.20.0.0/22", user: "10.20.4.0/22" },
 *   privateEndpointSubnet: "10.20.8.0/24",
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class AksNetwork extends Construct implements IVirtualNetwork {
  /** The `azurerm_virtual_network`. */
  public readonly resource: VirtualNetwork;
  /** Resource id of the VNet. */
  public readonly id: string;
  /** Name of the VNet. */
  public readonly name: string;
  /** Node subnet resources by key. */
  public readonly subnets: Record<string, Subnet>;
  /**
   * Node subnets by key (pass them to `AksCluster.nodeSubnets`). Their ids are read from the NSG associations, so
   * consumers depend on the NSG being attached.
   */
  public readonly nodeSubnets: Record<string, ISubnet>;
  /** NSG resource ids by subnet key. */
  public readonly networkSecurityGroupIds: Record<string, string>;
  /** The inbound rules of `publicIngress`, by key. */
  public readonly ingressRules: Record<string, NetworkSecurityRule> = {};
  /** Resource id of the private-endpoint subnet (read through its NSG association), when there is one. */
  public readonly privateEndpointSubnetId?: string;

  constructor(scope: Construct, id: string, props: AksNetworkProps) {
    super(scope, id);
    validate(this, props);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.resource = new VirtualNetwork(this, "Resource", { ...placement, name: props.name, addressSpace: [props.addressSpace] });
    this.id = this.resource.id;
    this.name = this.resource.name;
    addDiagnosticSettingsOf(this, "vnet", this.id, props.diagnosticSettings, NETWORK_DIAGNOSTIC_DEFAULTS);

    const subnets: Record<string, Subnet> = {};
    const nodeSubnets: Record<string, ISubnet> = {};
    const nsgIds: Record<string, string> = {};
    const nsgs: Record<string, NetworkSecurityGroup> = {};
    for (const [key, range] of Object.entries(props.nodeSubnets)) {
      const nsg = (nsgs[key] = new NetworkSecurityGroup(this, `Nsg-${key}`, { ...placement, name: `nsg-${props.name}-${key}` }));
      addDiagnosticSettingsOf(this, `nsg-${key}`, nsg.id, props.diagnosticSettings, NSG_DIAGNOSTIC_DEFAULTS);
      const subnet = new Subnet(this, `Subnet-${key}`, {
        name: aksNodeSubnetName(key),
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.resource.name,
        addressPrefixes: [range],
        defaultOutboundAccessEnabled: false,
        // Private endpoints placed here (the Azure Files CSI driver's) obey the subnet's NSG and route tables.
        privateEndpointNetworkPolicies: "Enabled",
      });
      const association = new SubnetNetworkSecurityGroupAssociation(this, `SubnetNsg-${key}`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      subnets[key] = subnet;
      // Same id, read through the association: whatever uses it (the cluster) waits until the NSG is attached, so
      // the association never modifies the subnet while AKS is creating node NICs in it.
      nodeSubnets[key] = { id: association.subnetId, name: subnet.name };
      nsgIds[key] = nsg.id;
    }
    this.subnets = subnets;
    this.nodeSubnets = nodeSubnets;
    this.networkSecurityGroupIds = nsgIds;

    if (props.privateEndpointSubnet !== undefined) this.privateEndpointSubnetId = this.addPrivateEndpointSubnet(props, placement);

    const ingressEntries = Object.entries(props.publicIngress ?? {});
    const taken = new Set(ingressEntries.filter(([, i]) => i.priority !== undefined).map(([, i]) => `${i.subnet}/${i.priority}`));
    const nextPriority: Record<string, number> = {};
    for (const [key, ingress] of ingressEntries) {
      let priority = ingress.priority;
      if (priority === undefined) {
        priority = nextPriority[ingress.subnet] ?? 200;
        while (taken.has(`${ingress.subnet}/${priority}`)) priority += 10;
        taken.add(`${ingress.subnet}/${priority}`);
        nextPriority[ingress.subnet] = priority + 10;
      }
      const single = ingress.sources.length === 1;
      this.ingressRules[key] = new NetworkSecurityRule(this, `Ingress-${key}`, {
        name: `allow-${key}-inbound`,
        description: `Clients of the ${key} LoadBalancer Service (AKS opens only the NSG of its node resource group)`,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsgs[ingress.subnet].name,
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        ...(single ? { sourceAddressPrefix: ingress.sources[0] } : { sourceAddressPrefixes: [...ingress.sources] }),
        // The Service's frontend IP is assigned by AKS: any destination in the subnet's scope, on these ports only.
        destinationAddressPrefix: "*",
        destinationPortRanges: ingress.ports.map(String),
      });
    }
  }
  /** The private-endpoint subnet: network policies on, its NSG admitting the node subnets on 443 and no one else. */
  private addPrivateEndpointSubnet(props: AksNetworkProps, placement: ResourcePlacement): string {
    const range = props.privateEndpointSubnet!;
    const nsg = new NetworkSecurityGroup(this, "Nsg-private-endpoints", { ...placement, name: `nsg-${props.name}-private-endpoints` });
    addDiagnosticSettingsOf(this, "nsg-private-endpoints", nsg.id, props.diagnosticSettings, NSG_DIAGNOSTIC_DEFAULTS);
    const rule = (
      name: string,
      priority: number,
      access: "Allow" | "Deny",
      source: { sourceAddressPrefix: string } | { sourceAddressPrefixes: string[] },
      protocol: string,
      ports: string,
    ) =>
      new NetworkSecurityRule(this, `PrivateEndpointRule-${name}`, {
        name,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        priority,
        direction: "Inbound",
        access,
        protocol,
        sourcePortRange: "*",
        ...source,
        destinationAddressPrefix: range,
        destinationPortRange: ports,
      });
    // Pods reach VNet addresses as their node (overlay SNAT): the node subnets are the cluster.
    rule("AllowNodesToEndpoints", 100, "Allow", { sourceAddressPrefixes: Object.values(props.nodeSubnets) }, "Tcp", "443");
    const clients = props.privateEndpointClients ?? [];
    if (clients.length > 0) rule("AllowClientsToEndpoints", 110, "Allow", { sourceAddressPrefixes: [...clients] }, "Tcp", "443");
    rule("DenyVirtualNetworkToEndpoints", 4000, "Deny", { sourceAddressPrefix: "VirtualNetwork" }, "*", "*");
    const subnet = new Subnet(this, "Subnet-private-endpoints", {
      name: AKS_PRIVATE_ENDPOINT_SUBNET_NAME,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: this.resource.name,
      addressPrefixes: [range],
      defaultOutboundAccessEnabled: false,
      privateEndpointNetworkPolicies: "Enabled",
    });
    return new SubnetNetworkSecurityGroupAssociation(this, "SubnetNsg-private-endpoints", { subnetId: subnet.id, networkSecurityGroupId: nsg.id }).subnetId;
  }
}
