import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { Construct } from "constructs";
import { cidrContains, hasHostBits, IPV4_CIDR, MinimumSubnetSize } from "../core/cidr";
import { NETWORK_DIAGNOSTIC_DEFAULTS, addDiagnosticSettings, addDiagnosticSettingsOf } from "../core/diagnostic-settings";
import { DiagnosticSettingsProps, ResourcePlacement } from "../core/interfaces";
import { collectProblems, isKnown, propError } from "../core/validation";

/** The smallest `AzureFirewallSubnet` Azure Firewall accepts (the data network and the config schema check it too). */
export const EGRESS_FIREWALL_SUBNET_MINIMUM: MinimumSubnetSize = { bits: 26, why: "for Azure Firewall" };

/** An HTTPS (or HTTP) destination allowed by name: application rules see the TLS SNI / Host header. */
export interface EgressApplicationRule {
  /** Rule name, unique in the allow-list. */
  readonly name: string;
  /** Why it is needed (the service or add-on, and where the requirement is documented). */
  readonly description: string;
  /** Exact FQDNs, or `*.suffix` wildcards. */
  readonly fqdns?: readonly string[];
  /** Azure Firewall FQDN tags, e.g. `AzureKubernetesService`. */
  readonly fqdnTags?: readonly string[];
  /**
   * Protocols and ports.
   * @default [{ type: "Https", port: 443 }]
   */
  readonly protocols?: readonly { readonly type: "Http" | "Https"; readonly port: number }[];
}

/** A destination allowed by address, service tag or (through the firewall's DNS proxy) FQDN, for non-HTTP traffic. */
export interface EgressNetworkRule {
  readonly name: string;
  readonly description: string;
  readonly protocols: readonly ("TCP" | "UDP" | "ICMP")[];
  /** Ports or ranges, e.g. `["443", "8443-8451"]`. */
  readonly ports: readonly string[];
  /** CIDRs or service tags of one service (e.g. `AzureMonitor`); never Storage, Sql, EventHub or AzureCloud, which span every tenant. */
  readonly addresses?: readonly string[];
  /** FQDNs, resolved by the firewall's DNS proxy (the network's DNS servers point at the firewall). */
  readonly fqdns?: readonly string[];
}

/** What the routed subnets may reach; everything else is denied (and logged). */
export interface EgressAllowList {
  readonly application: readonly EgressApplicationRule[];
  readonly network: readonly EgressNetworkRule[];
}

/** Props of {@link EgressFirewall}. */
export interface EgressFirewallProps extends ResourcePlacement {
  /** Firewall name; the policy, public IP and route table derive theirs from it. */
  readonly name: string;
  /** Virtual network to place the firewall in (its `AzureFirewallSubnet` is created here). */
  readonly virtualNetworkName: string;
  /** Address space of that network (the firewall subnet must lie inside it). */
  readonly addressSpace: string;
  /** Range of the `AzureFirewallSubnet`: /26 or larger, as Azure Firewall requires. */
  readonly subnetRange: string;
  /**
   * Subnets whose internet egress goes through the firewall: a route table sends 0.0.0.0/0 to it. Pass each
   * subnet's id read through its last association (NSG, ...), so the route table association never races them.
   */
  readonly routedSubnets: Readonly<Record<string, { readonly id: string; readonly range: string }>>;
  /** What the routed subnets may reach. */
  readonly allowList: EgressAllowList;
  /**
   * Availability zones of the firewall and its public IP.
   * @default - none (regional)
   */
  readonly zones?: readonly string[];
  /**
   * Diagnostic settings (the firewall's resource-specific AZFW* tables: every allowed and denied flow).
   * @default {} - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** Name of the public IP of a firewall named `firewallName` (other stacks read it by name). */
export function firewallPublicIpName(firewallName: string): string {
  return `pip-${firewallName}`;
}

/** What the construct fixes, for tests and reviewers. */
export const EGRESS_FIREWALL_FIXED = {
  skuName: "AZFW_VNet",
  skuTier: "Standard",
  /** Known-malicious destinations are denied, not just alerted. */
  threatIntelligenceMode: "Deny",
  /** FQDNs in network rules need it; the network's DNS servers point at the firewall. */
  dnsProxyEnabled: true,
  subnetName: "AzureFirewallSubnet",
} as const;

const FQDN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const RULE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,79}$/;
/** Destinations that open egress to anyone's resources: everything, or multi-tenant service tags. */
export const OPEN_EGRESS_DESTINATION = /^(\*|0\.0\.0\.0\/0|internet|any|(azurecloud|storage|sql|eventhub)(\.[a-z0-9]+)?)$/i;
/** Wildcards over multi-tenant endpoints (every storage account, database or namespace of every tenant). */
export const SHARED_SERVICE_WILDCARD = /^\*\.(.*\.)?(core\.windows\.net|database\.windows\.net|servicebus\.windows\.net|azurewebsites\.net|azure\.com)$/i;

/**
 * Controlled egress for a set of subnets (the AKS baseline's and Databricks' data-exfiltration-protection pattern):
 * an Azure Firewall (Standard, threat intelligence in Deny mode, DNS proxy) in its own `AzureFirewallSubnet` with a
 * zone-pinned public IP, a firewall policy whose only rules are the allow-list (application rules by FQDN or FQDN
 * tag, network rules by address, service tag or FQDN), and a route table that sends 0.0.0.0/0 from the routed
 * subnets to the firewall. Traffic inside the virtual network (private endpoints, the other subnets) keeps its
 * system routes. Everything not allowed is denied and, with diagnostic settings, logged.
 *
 * @example
 * ```ts
 * new EgressFirewall(this, "Egress", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "afw-data-dev",
 *   virtualNetworkName: "vnet-data-dev",
 *   addressSpace: "10.10.0.0/16",
 *   subnetRange: "10.10.3.0/26",
 *   routedSubnets: { host: { id: hostSubnet.id, range: "10.10.1.0/26" } },
 *   allowList: {
 *     application: [
 *       { name: "pypi", description: "Python packages", fqdns: ["pypi.org", "files.pythonhosted.org"], protocols: [{ type: "Https", port: 443 }] },
 *     ],
 *     network: [],
 *   },
 * });
 * ```
 */
export class EgressFirewall extends Construct {
  public readonly firewall: Firewall;
  public readonly policy: FirewallPolicy;
  public readonly routeTable: RouteTable;
  /** The firewall's private address: the next hop of the routes and the network's DNS server. */
  public readonly privateIpAddress: string;
  /** The firewall's public IP resource (its address is what the internet sees). */
  public readonly publicIp: PublicIp;
  /** Route table association per routed subnet key; its `subnetId` is the subnet id to read from now on. */
  public readonly associations: Record<string, SubnetRouteTableAssociation> = {};

  constructor(scope: Construct, id: string, props: EgressFirewallProps) {
    super(scope, id);
    this.validate(props);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    const zones = props.zones ? [...props.zones] : undefined;
    const fixed = EGRESS_FIREWALL_FIXED;

    const subnet = new Subnet(this, "Subnet", {
      name: fixed.subnetName,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.virtualNetworkName,
      addressPrefixes: [props.subnetRange],
      // No NSG and no route table: Azure Firewall's subnet takes neither. Its way out is its own public IP.
    });
    this.publicIp = new PublicIp(this, "PublicIp", {
      ...placement,
      name: firewallPublicIpName(props.name),
      allocationMethod: "Static",
      sku: "Standard",
      zones,
    });
    this.policy = new FirewallPolicy(this, "Policy", {
      ...placement,
      name: `afwp-${props.name}`,
      sku: fixed.skuTier,
      threatIntelligenceMode: fixed.threatIntelligenceMode,
      dns: { proxyEnabled: fixed.dnsProxyEnabled },
    });
    const sources = Object.values(props.routedSubnets).map((s) => s.range);
    new FirewallPolicyRuleCollectionGroup(this, "AllowList", {
      name: "egress-allow-list",
      firewallPolicyId: this.policy.id,
      priority: 200,
      networkRuleCollection: allowCollection(
        "allow-network",
        100,
        props.allowList.network.map((r) => ({
          name: r.name,
          description: r.description,
          protocols: [...r.protocols],
          destinationPorts: [...r.ports],
          destinationAddresses: r.addresses ? [...r.addresses] : undefined,
          destinationFqdns: r.fqdns ? [...r.fqdns] : undefined,
          sourceAddresses: sources,
        })),
      ),
      applicationRuleCollection: allowCollection(
        "allow-application",
        200,
        props.allowList.application.map((r) => ({
          name: r.name,
          description: r.description,
          protocols: (r.protocols ?? [{ type: "Https", port: 443 }]).map((p) => ({ type: p.type, port: p.port })),
          destinationFqdns: r.fqdns ? [...r.fqdns] : undefined,
          destinationFqdnTags: r.fqdnTags ? [...r.fqdnTags] : undefined,
          sourceAddresses: sources,
        })),
      ),
    });
    this.firewall = new Firewall(this, "Resource", {
      ...placement,
      name: props.name,
      skuName: fixed.skuName,
      skuTier: fixed.skuTier,
      firewallPolicyId: this.policy.id,
      zones,
      ipConfiguration: [{ name: "ipconfig", subnetId: subnet.id, publicIpAddressId: this.publicIp.id }],
    });
    this.privateIpAddress = this.firewall.ipConfiguration.get(0).privateIpAddress;
    addDiagnosticSettings(this, this.firewall.id, props.diagnosticSettings);
    addDiagnosticSettingsOf(this, "public-ip", this.publicIp.id, props.diagnosticSettings, NETWORK_DIAGNOSTIC_DEFAULTS);

    this.routeTable = new RouteTable(this, "RouteTable", {
      ...placement,
      name: `rt-${props.name}`,
      // Routes learned from gateways must not bypass the firewall.
      bgpRoutePropagationEnabled: false,
      route: [{ name: "internet-through-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: this.privateIpAddress }],
    });
    for (const [key, routed] of Object.entries(props.routedSubnets)) {
      this.associations[key] = new SubnetRouteTableAssociation(this, `Route-${key}`, { subnetId: routed.id, routeTableId: this.routeTable.id });
    }
  }

  /** Throws on invalid props, naming every problem at once: the subnet range, the routed subnets and each rule on its own. */
  private validate(props: EgressFirewallProps): void {
    const range = props.subnetRange;
    const { application, network } = props.allowList;
    const names = new Set<string>();
    collectProblems(this, [
      () => {
        if (!isKnown(range)) return;
        const bits = Number(range.split("/")[1]);
        if (!IPV4_CIDR.test(range) || hasHostBits(range)) {
          throw propError(this, "subnetRange", "must be an IPv4 network address in CIDR form", range, "use a range such as 10.10.1.0/26.");
        }
        const minimum = EGRESS_FIREWALL_SUBNET_MINIMUM.bits;
        if (bits > minimum) throw propError(this, "subnetRange", `must be /${minimum} or larger (Azure Firewall's requirement)`, range, `use a /${minimum}.`);
        if (isKnown(props.addressSpace) && !cidrContains(props.addressSpace, range)) {
          throw propError(this, "subnetRange", `must lie inside addressSpace ${props.addressSpace}`, range, "pick a free range inside the virtual network.");
        }
      },
      () => {
        if (Object.keys(props.routedSubnets).length === 0) {
          throw propError(this, "routedSubnets", "must name at least one subnet", props.routedSubnets, "route the subnets whose egress the firewall controls.");
        }
      },
      () => {
        if (application.length + network.length > 0) return;
        throw propError(
          this,
          "allowList",
          "allows nothing",
          props.allowList,
          "list the destinations the routed subnets need (an empty list stops every workload that calls out).",
        );
      },
      ...[...application, ...network].map((rule) => () => {
        if (!RULE_NAME.test(rule.name))
          throw propError(this, "allowList", "has a rule name that is not 1-80 letters, digits, '.', '_' or '-'", rule.name, "rename the rule.");
        if (names.has(rule.name)) throw propError(this, "allowList", `has two rules named ${rule.name}`, rule.name, "give each rule its own name.");
        names.add(rule.name);
        if (rule.description.trim() === "")
          throw propError(this, `allowList.${rule.name}.description`, "is empty", rule.description, "say why the destination is needed.");
      }),
      ...application.map((rule) => () => {
        if (!rule.fqdns?.length && !rule.fqdnTags?.length) {
          throw propError(this, `allowList.application.${rule.name}`, "names no destination", rule, "give fqdns or fqdnTags.");
        }
        for (const fqdn of rule.fqdns ?? []) {
          if (!FQDN.test(fqdn))
            throw propError(
              this,
              `allowList.application.${rule.name}.fqdns`,
              "must hold FQDNs (a leading `*.` at most)",
              fqdn,
              "name the host, e.g. login.microsoftonline.com.",
            );
          if (SHARED_SERVICE_WILDCARD.test(fqdn))
            throw propError(
              this,
              `allowList.application.${rule.name}.fqdns`,
              "opens every tenant's accounts of a shared service",
              fqdn,
              "name the accounts, e.g. myaccount.blob.core.windows.net.",
            );
        }
      }),
      ...network.map((rule) => () => {
        const destinations = [...(rule.addresses ?? []), ...(rule.fqdns ?? [])];
        if (destinations.length === 0) throw propError(this, `allowList.network.${rule.name}`, "names no destination", rule, "give addresses or fqdns.");
        const open = destinations.find((d) => OPEN_EGRESS_DESTINATION.test(d) || SHARED_SERVICE_WILDCARD.test(d));
        if (open)
          throw propError(
            this,
            `allowList.network.${rule.name}`,
            "opens egress to anywhere or to every tenant's resources",
            open,
            "allow specific ranges, a single service's tag (e.g. AzureMonitor) or FQDNs.",
          );
        if (rule.ports.length === 0 || rule.ports.some((p) => p === "*")) {
          throw propError(this, `allowList.network.${rule.name}.ports`, "must list specific ports", rule.ports, 'name the ports, e.g. ["443"].');
        }
      }),
    ]);
  }
}

/** One Allow rule collection of the policy, or none when it has no rule. */
function allowCollection<R>(name: string, priority: number, rules: R[]): { name: string; priority: number; action: string; rule: R[] }[] | undefined {
  return rules.length === 0 ? undefined : [{ name, priority, action: "Allow", rule: rules }];
}
