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
    res("azurerm_subnet_network_security_group_association", `${key}_nsg`, `${stack}/Network/${key}SubnetNsg`, {
      subnet_id: `\${azurerm_subnet.${key}.id}`,
      network_security_group_id: "${azurerm_network_security_group.nsg.id}",
    });
  const route = (key: string) =>
    res("azurerm_subnet_route_table_association", `${key}_route`, `${stack}/Network/EgressFirewall/Route-${key}`, {
      subnet_id: `\${azurerm_subnet_network_security_group_association.${key}_nsg.subnet_id}`,
      route_table_id: "${azurerm_route_table.rt.id}",
    });
  const nextHop =
    routing === "internet"
      ? { next_hop_type: "Internet" }
      : { next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "${azurerm_firewall.fw.ip_configuration[0].private_ip_address}" };
  const routed = routing === "none" ? [] : routing === "host-only" ? ["host"] : ["host", "container"];
  return [
    databricks(stack, {
      custom_parameters: {
        no_public_ip: true,
        virtual_network_id: "${azurerm_virtual_network.network.id}",
        public_subnet_name: "${azurerm_subnet.host.name}",
        private_subnet_name: "${azurerm_subnet.container.name}",
      },
    }),
    WORKSPACE_LOCK(stack),
    subnet("host"),
    subnet("container"),
    nsg("host"),
    nsg("container"),
    res("azurerm_firewall", "fw", `${stack}/Network/EgressFirewall/Resource`, { name: "afw", sku_name: "AZFW_VNet", sku_tier: "Standard" }),
    res("azurerm_route_table", "rt", `${stack}/Network/EgressFirewall/RouteTable`, {
      name: "rt",
      route: [{ name: "internet", address_prefix: "0.0.0.0/0", ...nextHop }],
    }),
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
const netRule = (overrides: Record<string, any>) => ({
  name: "metastore",
  protocols: ["TCP"],
  destination_ports: ["3306"],
  destination_fqdns: ["db.mysql.database.azure.com"],
  source_addresses: ["10.0.4.0/22"],
  ...overrides,
});

/** A private-endpoint subnet behind its NSG, one endpoint in it, and the NSG's rules. */
function endpointSubnet(policies: string | undefined, rules: Record<string, any>[], inline = false): Res[] {
  return [
    res("azurerm_subnet", "pe", `${DEV}/Network/PrivateEndpointSubnet`, {
      name: "snet-pe",
      address_prefixes: ["10.0.0.0/24"],
      private_endpoint_network_policies: policies,
    }),
    res("azurerm_network_security_group", "pe_nsg", `${DEV}/Network/PrivateEndpointNsg`, { name: "nsg-pe", security_rule: inline ? rules : undefined }),
    res("azurerm_subnet_network_security_group_association", "pe_assoc", `${DEV}/Network/PrivateEndpointSubnetNsg`, {
      subnet_id: "${azurerm_subnet.pe.id}",
      network_security_group_id: "${azurerm_network_security_group.pe_nsg.id}",
    }),
    res("azurerm_private_endpoint", "vault_pe", `${DEV}/Platform/KeyVault/PrivateEndpoint-vault/Resource`, {
      name: "pe-vault",
      subnet_id: "${azurerm_subnet_network_security_group_association.pe_assoc.subnet_id}",
    }),
    ...(inline
      ? []
      : rules.map((r, i) =>
          res("azurerm_network_security_rule", `rule${i}`, `${DEV}/Network/PrivateEndpointRule-${i}`, {
            network_security_group_name: "${azurerm_network_security_group.pe_nsg.name}",
            ...r,
          }),
        )),
  ];
}
const DENY_VNET = {
  name: "DenyVnet",
  priority: 4000,
  direction: "Inbound",
  access: "Deny",
  protocol: "*",
  source_address_prefix: "VirtualNetwork",
  destination_port_range: "*",
};
const ALLOW_DBW = {
  name: "AllowDatabricks",
  priority: 100,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  source_address_prefixes: ["10.0.4.0/22"],
  destination_port_ranges: ["443"],
};
const PE_SUBNET = `${DEV}/Network/PrivateEndpointSubnet`;

export const NETWORK_CASES: RuleCaseTable = {
  "NET-003": {
    compliant: {
      "policies on, allow rules then a Deny from VirtualNetwork": view(DEV, endpointSubnet("Enabled", [ALLOW_DBW, DENY_VNET])),
      "the same as inline rules": view(DEV, endpointSubnet("Enabled", [ALLOW_DBW, DENY_VNET], true)),
    },
    violating: {
      "no rules": {
        view: view(DEV, endpointSubnet("Enabled", [])),
        expected: [{ path: PE_SUBNET, message: /^admits the whole virtual network to its private endpoints$/ }],
      },
      "only allow rules": {
        view: view(DEV, endpointSubnet("Enabled", [ALLOW_DBW])),
        expected: [{ path: PE_SUBNET, message: /^admits the whole virtual network/ }],
      },
      "network policies off": {
        view: view(DEV, endpointSubnet(undefined, [ALLOW_DBW, DENY_VNET])),
        expected: [{ path: PE_SUBNET, message: /^hosts private endpoints with network policies off/ }],
      },
    },
  },
  "NET-001": {
    compliant: {
      "both subnets route 0.0.0.0/0 to the firewall": view(PROD, injected(PROD, "firewall")),
      "subnets named literally, routed": view(
        PROD,
        injected(PROD, "firewall").map((r) =>
          r.type === "azurerm_databricks_workspace"
            ? { ...r, attrs: { ...r.attrs, custom_parameters: { public_subnet_name: "snet-host", private_subnet_name: "snet-container" } } }
            : r,
        ),
      ),
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
      "the container subnet is not routed": {
        view: view(PROD, injected(PROD, "host-only")),
        expected: [{ path: SUBNET_PATH(PROD, "container"), message: /^sends internet egress around the firewall/ }],
      },
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
        ruleGroup(
          [netRule({}), netRule({ name: "infra", destination_fqdns: undefined, destination_addresses: ["20.73.215.48/28"], destination_ports: ["443"] })],
          [{ name: "aks", protocols: [{ type: "Https", port: 443 }], destination_fqdn_tags: ["AzureKubernetesService"], source_addresses: ["10.0.0.0/22"] }],
        ),
      ]),
    },
    violating: {
      "a network rule to any address": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined, destination_addresses: ["*"] })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /^rule metastore of allow-network allows "\*"$/ }],
      },
      "an application rule to any FQDN": {
        view: view(DEV, [
          ruleGroup([], [{ name: "web", protocols: [{ type: "Https", port: 443 }], destination_fqdns: ["*"], source_addresses: ["10.0.0.0/22"] }]),
        ]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /^rule web of allow-application allows "\*"$/ }],
      },
      "a regional Storage tag": {
        view: view(DEV, [ruleGroup([netRule({ destination_fqdns: undefined, destination_addresses: ["Storage.WestEurope"] })])]),
        expected: [{ path: `${DEV}/Network/EgressFirewall/AllowList`, message: /allows "Storage\.WestEurope"$/ }],
      },
      "a wildcard over every storage account": {
        view: view(DEV, [
          ruleGroup(
            [],
            [{ name: "blob", protocols: [{ type: "Https", port: 443 }], destination_fqdns: ["*.blob.core.windows.net"], source_addresses: ["10.0.0.0/22"] }],
          ),
        ]),
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
