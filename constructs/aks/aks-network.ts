import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct } from "constructs";
import { cidrContains, cidrOverlaps, hasHostBits } from "../core/cidr";
import { ResourcePlacement } from "../core/interfaces";
import { checkPattern, isKnown, propError } from "../core/validation";

/**
 * Smallest node subnet accepted: /24 (prefix length at most 24). With Azure CNI Overlay pods take their addresses
 * from the (virtual) pod CIDR, so a node subnet only needs one address per node plus internal load balancer
 * front-ends. A /24 gives 251 usable addresses (Azure reserves 5), which covers a pool at its autoscaler maximum
 * plus the 33% surge nodes of an upgrade with room to grow; smaller subnets are a common cause of failed upgrades
 * ("SubnetIsFull"). Source: learn.microsoft.com "Azure CNI Overlay networking in AKS" (IP address planning) and the
 * AKS baseline (mspnp/aks-baseline), which sizes its node subnet /22.
 */
export const AKS_NODE_SUBNET_MAX_PREFIX = 24;

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
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([0-9]|[12]\d|3[0-2])$/;
const SUBNET_KEY = /^[a-z][a-z0-9-]{0,23}$/;

function validate(scope: Construct, props: AksNetworkProps): void {
  const { addressSpace, nodeSubnets } = props;
  if (Object.keys(nodeSubnets).length === 0) {
    throw propError(scope, "nodeSubnets", "must define at least one subnet", nodeSubnets, "add e.g. { system: \"10.20.0.0/24\" }.");
  }
  for (const key of Object.keys(nodeSubnets)) {
    checkPattern(scope, `nodeSubnets key "${key}"`, key, SUBNET_KEY, "1-24 lowercase letters, digits and hyphens starting with a letter");
  }
  const spaceKnown = isKnown(addressSpace);
  if (spaceKnown) {
    if (!IPV4_CIDR.test(addressSpace)) {
      throw propError(scope, "addressSpace", "must be an IPv4 CIDR", addressSpace, "use a range such as 10.20.0.0/16.");
    }
    if (hasHostBits(addressSpace)) {
      throw propError(scope, "addressSpace", "has host bits set", addressSpace, "use the network address of the range.");
    }
  }
  const entries = Object.entries(nodeSubnets).filter(([, r]) => isKnown(r));
  entries.forEach(([key, range], i) => {
    const prop = `nodeSubnets.${key}`;
    if (!IPV4_CIDR.test(range)) throw propError(scope, prop, "must be an IPv4 CIDR", range, "use a range such as 10.20.0.0/24.");
    if (hasHostBits(range)) throw propError(scope, prop, "has host bits set", range, "use the network address of the range.");
    if (Number(range.split("/")[1]) > AKS_NODE_SUBNET_MAX_PREFIX) {
      throw propError(
        scope,
        prop,
        `must be /${AKS_NODE_SUBNET_MAX_PREFIX} or larger for AKS nodes (room for autoscaling and upgrade surge)`,
        range,
        `use a /${AKS_NODE_SUBNET_MAX_PREFIX} or a larger range.`,
      );
    }
    if (spaceKnown && !cidrContains(addressSpace, range)) {
      throw propError(scope, prop, `must lie inside addressSpace ${addressSpace}`, range, "pick a range inside the VNet.");
    }
    for (const [otherKey, other] of entries.slice(0, i)) {
      if (cidrOverlaps(range, other)) {
        throw propError(scope, prop, `overlaps nodeSubnets.${otherKey} (${other})`, range, "choose non-overlapping ranges.");
      }
    }
  });
}

/**
 * The AKS platform's network: a VNet with one node subnet per key (e.g. `system`, `user`), each associated with its
 * own NSG (Checkov CKV2_AZURE_31) and without default outbound access (egress goes through the cluster's Standard
 * load balancer). Pods use Azure CNI Overlay, so pod and service CIDRs are not carved out of this VNet.
 *
 * The NSGs start with Azure's default rules only (VNet and load-balancer inbound allowed, internet inbound denied):
 * add rules for public `LoadBalancer` services on them, since AKS only manages the NSG in its node resource group.
 */
export class AksNetwork extends Construct {
  /** The `azurerm_virtual_network`. */
  public readonly resource: VirtualNetwork;
  /** Resource id of the VNet. */
  public readonly id: string;
  /** Name of the VNet. */
  public readonly name: string;
  /** Node subnet resources by key. */
  public readonly subnets: Record<string, Subnet>;
  /**
   * Node subnet resource ids by key (pass them to `AksCluster.nodeSubnetIds`). They are read from the NSG
   * associations, so consumers depend on the NSG being attached.
   */
  public readonly nodeSubnetIds: Record<string, string>;
  /** NSG resource ids by subnet key. */
  public readonly networkSecurityGroupIds: Record<string, string>;

  constructor(scope: Construct, id: string, props: AksNetworkProps) {
    super(scope, id);
    validate(this, props);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.resource = new VirtualNetwork(this, "Resource", { ...placement, name: props.name, addressSpace: [props.addressSpace] });
    this.id = this.resource.id;
    this.name = this.resource.name;

    const subnets: Record<string, Subnet> = {};
    const subnetIds: Record<string, string> = {};
    const nsgIds: Record<string, string> = {};
    for (const [key, range] of Object.entries(props.nodeSubnets)) {
      const nsg = new NetworkSecurityGroup(this, `Nsg-${key}`, { ...placement, name: `nsg-${props.name}-${key}` });
      const subnet = new Subnet(this, `Subnet-${key}`, {
        name: `snet-aks-${key}`,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.resource.name,
        addressPrefixes: [range],
        defaultOutboundAccessEnabled: false,
      });
      const association = new SubnetNetworkSecurityGroupAssociation(this, `SubnetNsg-${key}`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      subnets[key] = subnet;
      // Same id, read through the association: whatever uses it (the cluster) waits until the NSG is attached, so
      // the association never modifies the subnet while AKS is creating node NICs in it.
      subnetIds[key] = association.subnetId;
      nsgIds[key] = nsg.id;
    }
    this.subnets = subnets;
    this.nodeSubnetIds = subnetIds;
    this.networkSecurityGroupIds = nsgIds;
  }
}
