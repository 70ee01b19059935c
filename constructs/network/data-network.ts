import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { VirtualNetworkDnsServers } from "@cdktf/provider-azurerm/lib/virtual-network-dns-servers";
import { Construct } from "constructs";
import { DiagnosticSettingsProps, INsgAssociatedSubnet, ISubnet, ResourcePlacement } from "../core/interfaces";
import { MinimumSubnetSize, subnetRangeProblems } from "../core/cidr";
import { NETWORK_DIAGNOSTIC_DEFAULTS, NSG_DIAGNOSTIC_DEFAULTS, addDiagnosticSettingsOf } from "../core/diagnostic-settings";
import { isKnown, propError, throwProblems, warnOptOut } from "../core/validation";
import { EGRESS_FIREWALL_SUBNET_MINIMUM, EgressAllowList, EgressFirewall } from "./egress-firewall";
import { DATA_PRIVATE_DNS_ZONES, DataPrivateDnsZone } from "./private-dns-zones";

/** Address ranges of the data network's subnets. */
export interface DataSubnetRanges {
  /** Subnet for the private endpoints of lake, factory, SQL, vault and workspace. */
  readonly privateEndpoints: string;
  /** Databricks host (public) subnet; /26 or larger. */
  readonly databricksHost: string;
  /** Databricks container (private) subnet; /26 or larger. */
  readonly databricksContainer: string;
}

/** Props of {@link DataNetwork}. */
export interface DataNetworkProps extends ResourcePlacement {
  /** Virtual network name; subnet, NSG and NAT names derive from it. */
  readonly name: string;
  /** Address space of the virtual network, e.g. 10.10.0.0/16. */
  readonly addressSpace: string;
  /** Subnet ranges, each inside `addressSpace`. */
  readonly subnets: DataSubnetRanges;
  /**
   * Controlled egress of the Databricks subnets: an Azure Firewall in this network that only lets the allow-list
   * through (see {@link EgressFirewall}); the network's DNS servers point at it (its DNS proxy resolves the
   * FQDNs of network rules). Without it, clusters reach the whole internet through a NAT gateway: an opt-out
   * that adds a warning.
   * @default - none: egress through a NAT gateway, with a warning
   */
  readonly firewall?: DataNetworkFirewall;
  /**
   * Networks (besides the Databricks subnets) whose clients use the private endpoints: people reaching the
   * workspace UI, Data Factory Studio or SQL through a peering or VPN. They may reach TCP 443 and 1433; everything
   * else in (or connected to) the virtual network is refused by the endpoint subnet's NSG.
   * @default [] - the Databricks subnets only
   */
  readonly privateEndpointClients?: readonly string[];
  /**
   * Availability zones of the NAT gateway and its public IP (one zone; NAT gateways are zonal). Only without
   * `firewall`.
   * @default - no zone (regional)
   */
  readonly natGatewayZone?: string;
  /**
   * Diagnostic settings of the virtual network, its NSGs and the NAT gateway's public IP (the firewall and its
   * public IP take `firewall.diagnosticSettings`).
   * @default {} - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** The egress firewall of a {@link DataNetwork}. */
export interface DataNetworkFirewall {
  /** Firewall name. */
  readonly name: string;
  /** Range of its `AzureFirewallSubnet` (/26 or larger, inside the address space, overlapping no other subnet). */
  readonly subnetRange: string;
  /** What the Databricks subnets may reach (e.g. `databricksEgressAllowList`). */
  readonly allowList: EgressAllowList;
  /**
   * Availability zones of the firewall and its public IP.
   * @default - none (regional)
   */
  readonly zones?: readonly string[];
  /**
   * Diagnostic settings of the firewall (every allowed and denied flow).
   * @default {} - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

const DATABRICKS_DELEGATION = {
  name: "databricks",
  serviceDelegation: {
    name: "Microsoft.Databricks/workspaces",
    actions: [
      "Microsoft.Network/virtualNetworks/subnets/join/action",
      "Microsoft.Network/virtualNetworks/subnets/prepareNetworkPolicies/action",
      "Microsoft.Network/virtualNetworks/subnets/unprepareNetworkPolicies/action",
    ],
  },
};

/**
 * The smallest subnets the data network accepts: Databricks needs /26 or larger for each of its two subnets, Azure
 * Firewall its `AzureFirewallSubnet` (the config schema checks the same).
 */
export function dataSubnetMinimumSize(key: string): MinimumSubnetSize | undefined {
  if (key.startsWith("databricks")) return { bits: 26, why: "for Databricks" };
  if (key === "firewall") return EGRESS_FIREWALL_SUBNET_MINIMUM;
  return undefined;
}

/** Subnets must be CIDRs inside the address space without overlaps, Databricks' and the firewall's /26 or larger. */
function validateSubnets(scope: Construct, addressSpace: string, subnets: DataSubnetRanges & { readonly firewall?: string }): void {
  const ranges = Object.fromEntries(Object.entries(subnets).filter(([, r]) => r !== undefined)) as Record<string, string>;
  const problems = subnetRangeProblems(addressSpace, ranges, dataSubnetMinimumSize, isKnown);
  throwProblems(
    scope,
    problems.map((p) => ({ ...p, prop: p.key === undefined ? "addressSpace" : `subnets.${p.key}` })),
  );
}

/** Name of the NAT gateway's public IP of a data network named `vnetName` (other stacks read it by name). */
export function natPublicIpName(vnetName: string): string {
  return `pip-${vnetName}-nat`;
}

/**
 * A subnet of the data network: its id is read through the last association that rewrites the subnet (NSG, then
 * NAT gateway), so whatever uses it (private endpoints) is created only once nothing else modifies the subnet.
 */
export interface DataSubnet extends INsgAssociatedSubnet {
  readonly subnet: Subnet;
}

/**
 * What the medallion platform needs of its network: the VNet, the private-endpoint subnet, the two Databricks
 * subnets and the private DNS zones. {@link DataNetwork} builds one; a network built elsewhere (a landing zone's
 * spoke) serves as well.
 */
export interface IDataNetwork {
  /** Resource id of the VNet. */
  readonly id: string;
  readonly privateEndpointSubnet: ISubnet;
  readonly databricksHostSubnet: INsgAssociatedSubnet;
  readonly databricksContainerSubnet: INsgAssociatedSubnet;
  /** Private DNS zone ids by service key (dfs, blob, sql, dataFactory, databricks, vault). */
  readonly privateDnsZoneIds: Readonly<Record<DataPrivateDnsZone, string>>;
}

/**
 * The data platform's network: a VNet with a private-endpoint subnet and the two subnets that Databricks is
 * injected into (delegated to `Microsoft.Databricks/workspaces`, NSG-associated; clusters have no public IP and
 * default outbound access is off, so their egress goes through the egress firewall's allow-list, or, without one,
 * a NAT gateway), plus the private DNS zones of every data service, linked to the VNet. Every subnet but the
 * firewall's has an NSG (Checkov CKV2_AZURE_31; Azure Firewall's subnet takes none).
 *
 * @example
 * ```ts
 * const network = new DataNetwork(this, "Network", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "vnet-data-dev",
 *   addressSpace: "10.10.0.0/16",
 *   subnets: { privateEndpoints: "10.10.0.0/24", databricksHost: "10.10.1.0/26", databricksContainer: "10.10.2.0/26" },
 *   firewall: {
 *     name: "afw-data-dev",
 *     subnetRange: "10.10.3.0/26",
 *     allowList: databricksEgressAllowList("westeurope", { publicWorkspace: false, dbfsStorageAccountName: "stdbfsdev" }),
 *   },
 *   diagnosticSettings: { logs: { workspaceId: logs.id } },
 * });
 * ```
 */
export class DataNetwork extends Construct implements IDataNetwork {
  public readonly resource: VirtualNetwork;
  public readonly id: string;
  public readonly privateEndpointSubnet: DataSubnet;
  public readonly databricksHostSubnet: DataSubnet;
  public readonly databricksContainerSubnet: DataSubnet;
  /** Private DNS zone ids by service key (dfs, blob, sql, dataFactory, databricks, vault). */
  public readonly privateDnsZoneIds: Record<DataPrivateDnsZone, string>;
  /** The egress firewall, when `firewall` is set. */
  public readonly egressFirewall?: EgressFirewall;

  constructor(scope: Construct, id: string, props: DataNetworkProps) {
    super(scope, id);
    validateSubnets(this, props.addressSpace, { ...props.subnets, firewall: props.firewall?.subnetRange });
    if (props.firewall && props.natGatewayZone !== undefined) {
      throw propError(
        this,
        "natGatewayZone",
        "applies to the NAT gateway, which a firewall replaces",
        props.natGatewayZone,
        "remove natGatewayZone (set firewall.zones instead).",
      );
    }
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const { resourceGroupName } = props;
    this.resource = new VirtualNetwork(this, "Resource", { ...placement, name: props.name, addressSpace: [props.addressSpace] });
    this.id = this.resource.id;

    const makeSubnet = (key: string, suffix: string, range: string, nsg: NetworkSecurityGroup, databricks: boolean): DataSubnet => {
      const subnet = new Subnet(this, `${key}Subnet`, {
        name: `snet-${suffix}`,
        resourceGroupName,
        virtualNetworkName: this.resource.name,
        addressPrefixes: [range],
        defaultOutboundAccessEnabled: false,
        privateEndpointNetworkPolicies: databricks ? undefined : "Enabled",
        delegation: databricks ? [DATABRICKS_DELEGATION] : undefined,
      });
      const association = new SubnetNetworkSecurityGroupAssociation(this, `${key}SubnetNsg`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });
      // Same id, read through the association: users of the subnet wait until the NSG is attached.
      return { subnet, name: subnet.name, id: association.subnetId, networkSecurityGroupAssociationId: association.id, associations: [association] };
    };

    // The Databricks NSG is left to Databricks, which adds the rules it requires to the NSG it is injected with.
    const peNsg = new NetworkSecurityGroup(this, "PrivateEndpointNsg", { ...placement, name: `nsg-${props.name}-pe` });
    this.addPrivateEndpointRules(peNsg, props);
    const dbwNsg = new NetworkSecurityGroup(this, "DatabricksNsg", { ...placement, name: `nsg-${props.name}-dbw` });
    addDiagnosticSettingsOf(this, "vnet", this.id, props.diagnosticSettings, NETWORK_DIAGNOSTIC_DEFAULTS);
    addDiagnosticSettingsOf(this, "nsg-pe", peNsg.id, props.diagnosticSettings, NSG_DIAGNOSTIC_DEFAULTS);
    addDiagnosticSettingsOf(this, "nsg-dbw", dbwNsg.id, props.diagnosticSettings, NSG_DIAGNOSTIC_DEFAULTS);
    this.privateEndpointSubnet = makeSubnet("PrivateEndpoint", "pe", props.subnets.privateEndpoints, peNsg, false);
    const databricksHost = makeSubnet("DatabricksHost", "dbw-host", props.subnets.databricksHost, dbwNsg, true);
    const databricksContainer = makeSubnet("DatabricksContainer", "dbw-container", props.subnets.databricksContainer, dbwNsg, true);

    if (props.firewall) {
      const fw = (this.egressFirewall = new EgressFirewall(this, "EgressFirewall", {
        ...placement,
        name: props.firewall.name,
        virtualNetworkName: this.resource.name,
        addressSpace: props.addressSpace,
        subnetRange: props.firewall.subnetRange,
        routedSubnets: {
          DatabricksHost: { id: databricksHost.id, range: props.subnets.databricksHost },
          DatabricksContainer: { id: databricksContainer.id, range: props.subnets.databricksContainer },
        },
        allowList: props.firewall.allowList,
        zones: props.firewall.zones,
        diagnosticSettings: props.firewall.diagnosticSettings,
      }));
      // The firewall's DNS proxy resolves what its network rules name; clients must ask it, or the two lookups
      // may disagree and the firewall drops the flow. It forwards to Azure DNS, so the private zones still resolve.
      const dns = new VirtualNetworkDnsServers(this, "DnsServers", { virtualNetworkId: this.id, dnsServers: [fw.privateIpAddress] });
      // Each association GETs and PUTs the whole subnet: the route table association takes the subnet id from
      // the NSG association, so the two never write the same subnet at once.
      const routed = (key: string, s: DataSubnet): DataSubnet => {
        const association = fw.associations[key];
        // The DNS servers are a rewrite of the whole VNet: the workspace (which prepares its subnets) waits for them.
        return { ...s, id: association.subnetId, associations: [...s.associations, association, dns] };
      };
      this.databricksHostSubnet = routed("DatabricksHost", databricksHost);
      this.databricksContainerSubnet = routed("DatabricksContainer", databricksContainer);
    } else {
      warnOptOut(this, "firewall", "Databricks clusters reach the whole internet through a NAT gateway: any notebook author can copy lake data out.");
      const zones = props.natGatewayZone ? [props.natGatewayZone] : undefined;
      const natIp = new PublicIp(this, "NatPublicIp", {
        ...placement,
        name: natPublicIpName(props.name),
        allocationMethod: "Static",
        sku: "Standard",
        zones,
      });
      addDiagnosticSettingsOf(this, "nat-ip", natIp.id, props.diagnosticSettings, NETWORK_DIAGNOSTIC_DEFAULTS);
      const nat = new NatGateway(this, "NatGateway", { ...placement, name: `ng-${props.name}`, skuName: "Standard", zones });
      new NatGatewayPublicIpAssociation(this, "NatGatewayIp", { natGatewayId: nat.id, publicIpAddressId: natIp.id });
      // Each association GETs and PUTs the whole subnet: the NAT association takes the subnet id from the NSG
      // association, so the two never write the same subnet at once.
      const withNat = (key: string, s: DataSubnet): DataSubnet => {
        const natAssociation = new SubnetNatGatewayAssociation(this, `${key}SubnetNat`, { subnetId: s.id, natGatewayId: nat.id });
        return { ...s, id: natAssociation.subnetId, associations: [...s.associations, natAssociation] };
      };
      this.databricksHostSubnet = withNat("DatabricksHost", databricksHost);
      this.databricksContainerSubnet = withNat("DatabricksContainer", databricksContainer);
    }

    const zoneIds: Partial<Record<DataPrivateDnsZone, string>> = {};
    for (const [key, zoneName] of Object.entries(DATA_PRIVATE_DNS_ZONES) as [DataPrivateDnsZone, string][]) {
      const zone = new PrivateDnsZone(this, `DnsZone-${key}`, { name: zoneName, resourceGroupName, tags: props.tags });
      new PrivateDnsZoneVirtualNetworkLink(this, `DnsZoneLink-${key}`, {
        name: `link-${props.name}`,
        resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: this.id,
        registrationEnabled: false,
        tags: props.tags,
      });
      zoneIds[key] = zone.id;
    }
    this.privateDnsZoneIds = zoneIds as Record<DataPrivateDnsZone, string>;
  }

  /**
   * Who may reach the private endpoints (the subnet's policies are enabled, so its NSG applies to them): the
   * Databricks subnets on the ports Databricks uses over Private Link (443; 6666 for the relay and 8443-8451 for
   * the control plane, through the `databricks_ui_api` endpoint), the configured client networks on 443 and 1433,
   * and nothing else from the virtual network or what is connected to it.
   */
  private addPrivateEndpointRules(nsg: NetworkSecurityGroup, props: DataNetworkProps): void {
    const clients = props.privateEndpointClients ?? [];
    const rule = (key: string, priority: number, access: "Allow" | "Deny", sources: string[] | string, ports: string[] | "*") =>
      new NetworkSecurityRule(this, `PrivateEndpointRule-${key}`, {
        name: key,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        priority,
        direction: "Inbound",
        access,
        protocol: access === "Deny" ? "*" : "Tcp",
        sourcePortRange: "*",
        ...(typeof sources === "string" ? { sourceAddressPrefix: sources } : { sourceAddressPrefixes: sources }),
        destinationAddressPrefix: props.subnets.privateEndpoints,
        ...(ports === "*" ? { destinationPortRange: "*" } : { destinationPortRanges: ports }),
      });
    rule("AllowDatabricksToEndpoints", 100, "Allow", [props.subnets.databricksHost, props.subnets.databricksContainer], ["443", "6666", "8443-8451"]);
    if (clients.length > 0) rule("AllowClientsToEndpoints", 110, "Allow", [...clients], ["443", "1433"]);
    rule("DenyVirtualNetworkToEndpoints", 4000, "Deny", "VirtualNetwork", "*");
  }
}
