/** Fixtures of the network egress rules. */
import { databricks, lock, res, Res, RuleCaseTable, view } from "../fixtures";

const PROD = "prod-data";
const DEV = "dev-data";
const SUBNET_PATH = (stack: string, key: string) => `${stack}/Network/${key}Subnet`;
const WORKSPACE_LOCK = (stack: string) => lock(stack, "${azurerm_databricks_workspace.databricks.id}", {}, "databricks_lock");

/** A workspace injected into two subnets of the stack, each behind its NSG association, optionally routed. */
function injected(stack: string, routing: "firewall" | "none" | "internet" | "host-only"): Res[] {
  const subnet = (key: string) => res("azurerm_subnet", key, SUBNET_PATH(stack, key), { name: `snet-${key}`, address_prefixes: ["10.0.4.0/24"] });
  const nsg = (key: string) =>
    res("azurerm_subnet_network_security_group_association", `${key}_nsg`, `${stack}/Network/${key}SubnetNsg`, { subnet_id: `\${azurerm_subnet.${key}.id}`, network_security_group_id: "${azurerm_network_security_group.nsg.id}" });
  const route = (key: string) =>
    res("azurerm_subnet_route_table_association", `${key}_route`, `${stack}/Network/EgressFirewall/Route-${key}`, { subnet_id: `\${azurerm_subnet_network_security_group_association.${key}_nsg.subnet_id}`, route_table_id: "${azurerm_route_table.rt.id}" });
  const nextHop = routing === "internet" ? { next_hop_type: "Internet" } : { next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "${azurerm_firewall.fw.ip_configuration[0].private_ip_address}" };
  const routed = routing === "none" ? [] : routing === "host-only" ? ["host"] : ["host", "container"];
  return [
    databricks(stack, { custom_parameters: { no_public_ip: true, virtual_network_id: "${azurerm_virtual_network.network.id}", public_subnet_name: "${azurerm_subnet.host.name}", private_subnet_name: "${azurerm_subnet.container.name}" } }),
    WORKSPACE_LOCK(stack),
    subnet("host"),
    subnet("container"),
    nsg("host"),
    nsg("container"),
    res("azurerm_firewall", "fw", `${stack}/Network/EgressFirewall/Resource`, { name: "afw", sku_name: "AZFW_VNet", sku_tier: "Standard" }),
    res("azurerm_route_table", "rt", `${stack}/Network/EgressFirewall/RouteTable`, { name: "rt", route: [{ name: "internet", address_prefix: "0.0.0.0/0", ...nextHop }] }),
    ...routed.map(route),
  ];
}

const ruleGroup = (network: Record<string, any>[], application: Record<string, any>[] = []) =>
  res("azurerm_firewall_policy_rule_collection_group", "allow", `${DEV}/Network/EgressFirewall/AllowList`, {
    name: "egress-allow-list",
    priority: 200,
    network_rule_collection: network.length ? [{ name: "allow-network", priority: 100, action: "Allow", rule: network }] : undefined,
    application_rule_collection: application.length ? [{ name: "allow-application", priority: 200, action: "Allow", rule: application }] : undefined,
  });
const netRule = (overrides: Record<string, any>) => ({ name: "metastore", protocols: ["TCP"], destination_ports: ["3306"], destination_fqdns: ["db.mysql.database.azure.com"], source_addresses: ["10.0.4.0/22"], ...overrides });

export const NETWORK_CASES: RuleCaseTable = {
  "NET-001": {
    compliant: {
      "both subnets route 0.0.0.0/0 to the firewall": view(PROD, injected(PROD, "firewall")),
      "subnets named literally, routed": view(PROD, injected(PROD, "firewall").map((r) => (r.type === "azurerm_databricks_workspace" ? { ...r, attrs: { ...r.attrs, custom_parameters: { public_subnet_name: "snet-host", private_subnet_name: "snet-container" } } } : r))),
      "a workspace in an existing network of another stack": view(PROD, [databricks(PROD), WORKSPACE_LOCK(PROD)]),
    },
    violating: {
      "no route table (NAT gateway egress)": {
        view: view(PROD, injected(PROD, "none")),
        expected: [
          { path: SUBNET_PATH(PROD, "host"), message: /^sends internet egress around the firewall/ },
          { path: SUBNET_PATH(PROD, "container"), message: /^sends internet egress around the firewall/ },
        ],
      },
      "the container subnet is not routed": { view: view(PROD, injected(PROD, "host-only")), expected: [{ path: SUBNET_PATH(PROD, "container"), message: /^sends internet egress around the firewall/ }] },
      "the default route goes to the Internet": {
        view: view(PROD, injected(PROD, "internet")),
        expected: [
          { path: SUBNET_PATH(PROD, "host"), message: /around the firewall/ },
          { path: SUBNET_PATH(PROD, "container"), message: /around the firewall/ },
        ],
      },
    },
    notApplicable: { "dev egress through a NAT gateway": view(DEV, injected(DEV, "none")) },
  },
  "NET-002": {
    compliant: {
      "FQDN, range and FQDN-tag rules": view(DEV, [
        ruleGroup([netRule({}), netRule({ name: "infra", destination_fqdns: undefined, destination_addresses: ["20.73.215.48/28"], destination_ports: ["443"] })], [
          { name: "aks", protocols: [{ type: "Https", port: 443 }], destination_fqdn_tags: ["AzureKubernetesService"], source_addresses: ["10.0.0.0/22"] },
        ]),
      ]),
    },
    violating: {
      "a network rule to any address": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined, destination_addresses: ["*"] })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /^rule metastore of allow-network allows "\*"$/ }],
      },
      "an application rule to any FQDN": {
        view: view(DEV, [ruleGroup([], [{ name: "web", protocols: [{ type: "Https", port: 443 }], destination_fqdns: ["*"], source_addresses: ["10.0.0.0/22"] }])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /^rule web of allow-application allows "\*"$/ }],
      },
      "a regional Storage tag": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined, destination_addresses: ["Storage.WestEurope"] })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /allows "Storage\.WestEurope"$/ }],
      },
      "a wildcard over every storage account": {
        view: view(DEV, [ruleGroup([], [{ name: "blob", protocols: [{ type: "Https", port: 443 }], destination_fqdns: ["*.blob.core.windows.net"], source_addresses: ["10.0.0.0/22"] }])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /^rule blob of allow-application allows "\*\.blob\.core\.windows\.net"$/ }],
      },
      "the AzureCloud tag": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined, destination_addresses: ["AzureCloud"] })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /allows "AzureCloud"$/ }],
      },
      "a rule without destination": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /names no destination$/ }],
      },
    },
  },
};
