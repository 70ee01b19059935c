import { OPEN_EGRESS_DESTINATION, SHARED_SERVICE_WILDCARD } from "../../constructs/network/egress-firewall";
import { block, ofType, refersTo } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, ResourceView, StackView } from "../types";

/** Resources that rewrite a subnet and expose its id again as `subnet_id` (the constructs chain them). */
const SUBNET_ASSOCIATIONS = [
  "azurerm_subnet_network_security_group_association",
  "azurerm_subnet_nat_gateway_association",
  "azurerm_subnet_route_table_association",
];

/** True when `value` is the subnet's id, directly or read back through a chain of associations. */
function isSubnet(value: unknown, subnet: ResourceView, stack: StackView, seen = new Set<string>()): boolean {
  if (refersTo(value, subnet)) return true;
  return ofType(stack, ...SUBNET_ASSOCIATIONS).some((a) => {
    if (seen.has(a.name) || !refersTo(value, a)) return false;
    seen.add(a.name);
    return isSubnet(a.attrs.subnet_id, subnet, stack, seen);
  });
}

/** The Databricks workspace's injected subnets of this stack (by reference or by name in custom_parameters). */
function workspaceSubnets(workspace: ResourceView, stack: StackView): ResourceView[] {
  const params = block(workspace.attrs.custom_parameters) ?? {};
  const names = [params.public_subnet_name, params.private_subnet_name];
  return ofType(stack, "azurerm_subnet").filter((s) => names.some((n) => refersTo(n, s) || (typeof n === "string" && n === s.attrs.name)));
}

/** True when the subnet's route table sends 0.0.0.0/0 to an Azure Firewall of the stack. */
function routesThroughFirewall(subnet: ResourceView, stack: StackView): boolean {
  const firewalls = ofType(stack, "azurerm_firewall");
  return ofType(stack, "azurerm_subnet_route_table_association")
    .filter((a) => isSubnet(a.attrs.subnet_id, subnet, stack))
    .flatMap((a) => ofType(stack, "azurerm_route_table").filter((t) => refersTo(a.attrs.route_table_id, t)))
    .some((table) =>
      ([] as any[])
        .concat(table.attrs.route ?? [])
        .some(
          (r) => r.address_prefix === "0.0.0.0/0" && r.next_hop_type === "VirtualAppliance" && firewalls.some((f) => refersTo(r.next_hop_in_ip_address, f)),
        ),
    );
}

/** True when the NSG (its inline rules or separate rule resources) denies inbound traffic from the virtual network. */
function deniesVirtualNetwork(nsg: ResourceView, stack: StackView): boolean {
  const rules = [
    ...([] as any[]).concat(nsg.attrs.security_rule ?? []),
    ...ofType(stack, "azurerm_network_security_rule")
      .filter((r) => refersTo(r.attrs.network_security_group_name, nsg) || r.attrs.network_security_group_name === nsg.attrs.name)
      .map((r) => r.attrs),
  ];
  return rules.some(
    (r) =>
      r.direction === "Inbound" &&
      r.access === "Deny" &&
      [r.source_address_prefix, ...(r.source_address_prefixes ?? [])].some((s) => s === "VirtualNetwork" || s === "*"),
  );
}

export const NETWORK_RULES: PolicyRule[] = [
  stackRule({
    id: "NET-001",
    severity: "high",
    title: "In production, Databricks subnets send internet egress through an Azure Firewall",
    rationale:
      "Private endpoints protect inbound only: a cluster with a NAT gateway or default route reaches any host on the internet, so any notebook author can copy the lake out.",
    fix: "route 0.0.0.0/0 from both Databricks subnets to an Azure Firewall whose policy allows only what Databricks needs (config network.egress.type: firewall; EgressFirewall)",
    check: (stack) =>
      !stack.production
        ? []
        : ofType(stack, "azurerm_databricks_workspace").flatMap((workspace) => {
            // Subnets of another stack (an existing network) cannot be judged here.
            return workspaceSubnets(workspace, stack)
              .filter((s) => !routesThroughFirewall(s, stack))
              .map((s) => ({ resource: s, message: "sends internet egress around the firewall (no 0.0.0.0/0 route to an Azure Firewall)" }));
          }),
  }),
  stackRule({
    id: "NET-003",
    severity: "low",
    title: "Private-endpoint subnets admit only the clients that need the endpoints",
    rationale:
      "Without network policies and an NSG that denies the rest of the virtual network, every address in it (and every peered or VPN network) reaches every endpoint: SQL, Key Vault and the lake are one hop from any compromised host.",
    fix: "set private_endpoint_network_policies = Enabled and give the subnet's NSG allow rules for the clients, then a Deny from VirtualNetwork (DataNetwork privateEndpointClients)",
    check: (stack) => {
      const endpoints = ofType(stack, "azurerm_private_endpoint");
      return ofType(stack, "azurerm_subnet")
        .filter((subnet) => endpoints.some((e) => isSubnet(e.attrs.subnet_id, subnet, stack)))
        .flatMap((subnet) => {
          if (subnet.attrs.private_endpoint_network_policies !== "Enabled")
            return [{ resource: subnet, message: "hosts private endpoints with network policies off (its NSG does not apply to them)" }];
          const nsgs = ofType(stack, "azurerm_subnet_network_security_group_association")
            .filter((a) => isSubnet(a.attrs.subnet_id, subnet, stack))
            .flatMap((a) => ofType(stack, "azurerm_network_security_group").filter((n) => refersTo(a.attrs.network_security_group_id, n)));
          return nsgs.some((n) => deniesVirtualNetwork(n, stack))
            ? []
            : [{ resource: subnet, message: "admits the whole virtual network to its private endpoints" }];
        });
    },
  }),
  resourceRule({
    id: "NET-002",
    severity: "high",
    title: "Egress firewall policies allow named destinations only",
    rationale:
      "A rule to any address, the Internet, a multi-tenant service tag (AzureCloud, Storage, Sql, EventHub) or a wildcard over shared endpoints (*.blob.core.windows.net) lets data out to anyone's account: the firewall becomes a NAT gateway with logs.",
    fix: "allow FQDNs of the accounts you use, FQDN tags, specific ranges or a single service's tag (e.g. AzureMonitor)",
    types: ["azurerm_firewall_policy_rule_collection_group"],
    test: (a) => {
      const collections = [...([] as any[]).concat(a.network_rule_collection ?? []), ...([] as any[]).concat(a.application_rule_collection ?? [])];
      for (const collection of collections.filter((c) => c.action === "Allow")) {
        for (const rule of [].concat(collection.rule ?? []) as any[]) {
          const destinations: string[] = [...(rule.destination_addresses ?? []), ...(rule.destination_fqdns ?? []), ...(rule.destination_urls ?? [])];
          // The same destinations the EgressFirewall construct refuses.
          const open = destinations.find((d) => OPEN_EGRESS_DESTINATION.test(String(d)) || SHARED_SERVICE_WILDCARD.test(String(d)));
          if (open) return `rule ${rule.name} of ${collection.name} allows ${JSON.stringify(open)}`;
          if (destinations.length === 0 && !(rule.destination_fqdn_tags ?? []).length && !(rule.destination_ip_groups ?? []).length) {
            return `rule ${rule.name} of ${collection.name} names no destination`;
          }
        }
      }
      return undefined;
    },
  }),
];
