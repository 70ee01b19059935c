import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { TerraformOutput, Testing, Token } from "cdktf";
import { DataNetwork, DataNetworkProps } from "../../../constructs/network/data-network";
import { DATA_PRIVATE_DNS_ZONES } from "../../../constructs/network/private-dns-zones";

const baseProps: DataNetworkProps = {
  resourceGroupName: "rg-net",
  location: "westeurope",
  name: "vnet-data",
  addressSpace: "10.10.0.0/16",
  subnets: { privateEndpoints: "10.10.0.0/24", databricksHost: "10.10.1.0/26", databricksContainer: "10.10.1.64/26" },
};

function build(props: Partial<DataNetworkProps> = {}): { out: string; net: DataNetwork } {
  let net: DataNetwork | undefined;
  const out = Testing.synthScope((scope) => {
    net = new DataNetwork(scope, "Net", { ...baseProps, ...props });
  });
  return { out, net: net as DataNetwork };
}

function synth(props: Partial<DataNetworkProps> = {}): string {
  return build(props).out;
}

function resources(out: string, type: string): Record<string, unknown>[] {
  return Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, unknown>[];
}

function warnings(net: DataNetwork): string[] {
  return net.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

function subnets(subnetProps: Partial<DataNetworkProps["subnets"]>): DataNetworkProps["subnets"] {
  return { ...baseProps.subnets, ...subnetProps };
}

describe("DataNetwork", () => {
  test("diagnosticSettings: the virtual network, both NSGs (logs only) and the NAT gateway's public IP, to AzureDiagnostics", () => {
    const settings = resources(synth({ diagnosticSettings: { logs: { workspaceId: "/law" } } }), "azurerm_monitor_diagnostic_setting") as any[];
    const byTarget = (re: RegExp) => settings.filter((d) => re.test(d.target_resource_id));
    expect(byTarget(/azurerm_virtual_network\./)).toEqual([
      expect.objectContaining({
        name: "diag-logs",
        log_analytics_workspace_id: "/law",
        enabled_log: [{ category_group: "allLogs" }],
        enabled_metric: [{ category: "AllMetrics" }],
      }),
    ]);
    expect(byTarget(/azurerm_network_security_group\./)).toHaveLength(2);
    expect(byTarget(/azurerm_network_security_group\./).every((d) => d.enabled_metric.length === 0 && d.log_analytics_destination_type === undefined)).toBe(
      true,
    );
    expect(byTarget(/azurerm_public_ip\./)).toHaveLength(1);
    expect(settings).toHaveLength(4);
    expect(resources(synth(), "azurerm_monitor_diagnostic_setting")).toEqual([]);
  });

  test("defaults: VNet with the address space", () => {
    expect(synth()).toHaveResourceWithProperties(VirtualNetwork, {
      name: "vnet-data",
      location: "westeurope",
      resource_group_name: "rg-net",
      address_space: ["10.10.0.0/16"],
    });
  });

  test("defaults: private-endpoint subnet with network policies on and no default outbound access", () => {
    expect(synth()).toHaveResourceWithProperties(Subnet, {
      name: "snet-pe",
      address_prefixes: ["10.10.0.0/24"],
      default_outbound_access_enabled: false,
      private_endpoint_network_policies: "Enabled",
    });
  });

  test("defaults: both Databricks subnets delegated to Microsoft.Databricks/workspaces, no default outbound access", () => {
    const out = synth();
    for (const [name, range] of [
      ["snet-dbw-host", "10.10.1.0/26"],
      ["snet-dbw-container", "10.10.1.64/26"],
    ]) {
      expect(out).toHaveResourceWithProperties(Subnet, {
        name,
        address_prefixes: [range],
        default_outbound_access_enabled: false,
        delegation: [expect.objectContaining({ name: "databricks", service_delegation: expect.objectContaining({ name: "Microsoft.Databricks/workspaces" }) })],
      });
    }
  });

  test("defaults: every subnet is associated with an NSG", () => {
    const out = synth();
    expect(
      resources(out, "azurerm_network_security_group")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["nsg-vnet-data-dbw", "nsg-vnet-data-pe"]);
    expect(out).toHaveResourceWithProperties(NetworkSecurityGroup, { name: "nsg-vnet-data-pe", location: "westeurope" });
    expect(resources(out, "azurerm_subnet_network_security_group_association")).toHaveLength(3);
  });

  test("defaults: Databricks subnets egress through a Standard NAT gateway with a static public IP", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(NatGateway, { name: "ng-vnet-data", sku_name: "Standard" });
    expect(out).toHaveResourceWithProperties(PublicIp, { name: "pip-vnet-data-nat", allocation_method: "Static", sku: "Standard" });
    expect(out).toHaveResource(NatGatewayPublicIpAssociation);
    const natSubnets = resources(out, "azurerm_subnet_nat_gateway_association").map((a) => a.subnet_id);
    expect(natSubnets).toHaveLength(2);
    expect(natSubnets.every((id) => /azurerm_subnet_network_security_group_association\.Net_Databricks\w+\.subnet_id/.test(String(id)))).toBe(true);
  });

  test("each subnet is rewritten by one association at a time, and its users wait for the last one", () => {
    let net: DataNetwork | undefined;
    const out = Testing.synthScope((scope) => {
      net = new DataNetwork(scope, "Net", baseProps);
      new TerraformOutput(scope, "pe_subnet", { value: net.privateEndpointSubnet.id });
      new TerraformOutput(scope, "host_subnet", { value: net!.databricksHostSubnet.id });
    });
    expect(JSON.parse(out).output).toEqual({
      pe_subnet: { value: expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Net_PrivateEndpointSubnetNsg_\w+\.subnet_id\}$/) },
      host_subnet: { value: expect.stringMatching(/^\$\{azurerm_subnet_nat_gateway_association\.Net_DatabricksHostSubnetNat_\w+\.subnet_id\}$/) },
    });
    // The NAT association reads the subnet id from the NSG association (both GET and PUT the whole subnet).
    const natIds = resources(out, "azurerm_subnet_nat_gateway_association")
      .map((a) => String(a.subnet_id))
      .sort();
    expect(natIds).toEqual([
      expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Net_DatabricksContainerSubnetNsg_\w+\.subnet_id\}$/),
      expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Net_DatabricksHostSubnetNsg_\w+\.subnet_id\}$/),
    ]);
    // Users of a subnet id (private endpoints) get it from the last association.
    expect(net!.privateEndpointSubnet.associations).toHaveLength(1);
    expect(net!.databricksHostSubnet.associations).toHaveLength(2);
    expect(net!.databricksContainerSubnet.associations).toHaveLength(2);
  });

  test("defaults: no zone on the NAT gateway and its IP", () => {
    const out = synth();
    expect(resources(out, "azurerm_nat_gateway")[0]).not.toHaveProperty("zones");
    expect(resources(out, "azurerm_public_ip")[0]).not.toHaveProperty("zones");
  });

  test("defaults: one private DNS zone per data service, each linked to the VNet without registration", () => {
    const out = synth();
    expect(
      resources(out, "azurerm_private_dns_zone")
        .map((z) => z.name)
        .sort(),
    ).toEqual(Object.values(DATA_PRIVATE_DNS_ZONES).sort());
    const links = resources(out, "azurerm_private_dns_zone_virtual_network_link");
    expect(links).toHaveLength(Object.keys(DATA_PRIVATE_DNS_ZONES).length);
    expect(out).toHaveResourceWithProperties(PrivateDnsZoneVirtualNetworkLink, {
      name: "link-vnet-data",
      registration_enabled: false,
      virtual_network_id: expect.stringMatching(/^\$\{azurerm_virtual_network\.[^.]+\.id\}$/),
    });
  });

  test("exposes a DNS zone id per service key and the subnets' NSG association ids", () => {
    const { net } = build();
    expect(Object.keys(net.privateDnsZoneIds).sort()).toEqual(Object.keys(DATA_PRIVATE_DNS_ZONES).sort());
    expect(Token.isUnresolved(net.privateDnsZoneIds.vault)).toBe(true);
    expect(Token.isUnresolved(net.databricksHostSubnet.networkSecurityGroupAssociationId)).toBe(true);
    expect(net.privateEndpointSubnet.subnet.node.id).toBe("PrivateEndpointSubnet");
  });

  test("without firewall, Databricks egress goes through a NAT gateway, with a warning", () => {
    const { out, net } = build();
    expect(resources(out, "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
    expect(resources(out, "azurerm_firewall")).toHaveLength(0);
    expect(net.egressFirewall).toBeUndefined();
    expect(warnings(net)).toEqual([
      expect.stringMatching(/^firewall opts out of a secure default: Databricks clusters reach the whole internet through a NAT gateway/),
    ]);
  });

  test("firewall: no NAT gateway; both Databricks subnets route through it, the workspace waits for the routes, DNS points at it", () => {
    const firewall = {
      name: "afw-data",
      subnetRange: "10.10.2.0/26",
      allowList: { application: [{ name: "a", description: "a", fqdns: ["a.example.com"] }], network: [] },
      zones: ["1", "2", "3"],
    };
    const { out, net } = build({ firewall });
    expect(resources(out, "azurerm_nat_gateway")).toHaveLength(0);
    expect(resources(out, "azurerm_subnet_nat_gateway_association")).toHaveLength(0);
    expect(net.egressFirewall).toBeDefined();
    expect(warnings(net)).toEqual([]);
    const routes = resources(out, "azurerm_subnet_route_table_association").map((r) => r.subnet_id as string);
    expect(routes.sort()).toEqual([
      expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Net_DatabricksContainerSubnetNsg_[^.]+\.subnet_id\}$/),
      expect.stringMatching(/^\$\{azurerm_subnet_network_security_group_association\.Net_DatabricksHostSubnetNsg_[^.]+\.subnet_id\}$/),
    ]);
    expect(net.databricksHostSubnet.associations).toHaveLength(3);
    expect(net.databricksHostSubnet.associations).toContain(net.egressFirewall!.associations.DatabricksHost);
    expect(net.databricksContainerSubnet.associations).toContain(net.egressFirewall!.associations.DatabricksContainer);
    expect(resources(out, "azurerm_virtual_network_dns_servers")).toEqual([
      expect.objectContaining({ dns_servers: [expect.stringMatching(/^\$\{azurerm_firewall\.[^.]+\.ip_configuration\[0\]\.private_ip_address\}$/)] }),
    ]);
  });

  test("the private-endpoint NSG admits the Databricks subnets (443, 6666, 8443-8451), then denies the virtual network", () => {
    const rules = resources(synth(), "azurerm_network_security_rule").sort((a: any, b: any) => a.priority - b.priority) as any[];
    expect(
      rules.map((r) => [
        r.name,
        r.priority,
        r.access,
        r.source_address_prefixes ?? r.source_address_prefix,
        r.destination_port_ranges ?? r.destination_port_range,
      ]),
    ).toEqual([
      ["AllowDatabricksToEndpoints", 100, "Allow", ["10.10.1.0/26", "10.10.1.64/26"], ["443", "6666", "8443-8451"]],
      ["DenyVirtualNetworkToEndpoints", 4000, "Deny", "VirtualNetwork", "*"],
    ]);
    for (const r of rules)
      expect(r).toMatchObject({
        direction: "Inbound",
        destination_address_prefix: "10.10.0.0/24",
        network_security_group_name: expect.stringMatching(/^\$\{azurerm_network_security_group\.Net_PrivateEndpointNsg_/),
      });
  });

  test("privateEndpointClients may reach the endpoints on 443 and 1433", () => {
    const rules = resources(synth({ privateEndpointClients: ["192.168.100.0/24"] }), "azurerm_network_security_rule") as any[];
    expect(rules.find((r) => r.name === "AllowClientsToEndpoints")).toMatchObject({
      priority: 110,
      access: "Allow",
      protocol: "Tcp",
      source_address_prefixes: ["192.168.100.0/24"],
      destination_port_ranges: ["443", "1433"],
    });
  });

  test("fails when the firewall subnet overlaps another subnet", () => {
    const firewall = {
      name: "afw",
      subnetRange: "10.10.0.0/26",
      allowList: { application: [{ name: "a", description: "a", fqdns: ["a.example.com"] }], network: [] },
    };
    expect(() => synth({ firewall })).toThrow(/subnets\.firewall overlaps subnet privateEndpoints \(10\.10\.0\.0\/24\)/);
  });

  test("fails when natGatewayZone is set with a firewall", () => {
    const firewall = {
      name: "afw",
      subnetRange: "10.10.2.0/26",
      allowList: { application: [{ name: "a", description: "a", fqdns: ["a.example.com"] }], network: [] },
    };
    expect(() => synth({ firewall, natGatewayZone: "1" })).toThrow(
      /natGatewayZone applies to the NAT gateway, which a firewall replaces \(got "1"\)\. Fix: remove natGatewayZone/,
    );
  });

  test("natGatewayZone pins the NAT gateway and its IP to one zone", () => {
    const out = synth({ natGatewayZone: "2" });
    expect(out).toHaveResourceWithProperties(NatGateway, { zones: ["2"] });
    expect(out).toHaveResourceWithProperties(PublicIp, { zones: ["2"] });
  });

  test("tags reach the VNet, NSGs, NAT, public IP, DNS zones and links", () => {
    const out = synth({ tags: { app: "data" } });
    for (const cls of [VirtualNetwork, NetworkSecurityGroup, NatGateway, PublicIp, PrivateDnsZone, PrivateDnsZoneVirtualNetworkLink]) {
      expect(out).toHaveResourceWithProperties(cls, { tags: { app: "data" } });
    }
  });

  test("unresolved ranges skip validation", () => {
    expect(() => synth({ addressSpace: Token.asString({ Ref: "var" }) })).not.toThrow();
  });

  test("fails when addressSpace is not an IPv4 CIDR", () => {
    expect(() => synth({ addressSpace: "10.10.0.0" })).toThrow(/Net: addressSpace must be an IPv4 CIDR \(got "10\.10\.0\.0"\)\. Fix: /);
  });

  test("fails when addressSpace has host bits set", () => {
    expect(() => synth({ addressSpace: "10.10.0.1/16" })).toThrow(/addressSpace has host bits set \(got "10\.10\.0\.1\/16"\)\. Fix: use the network address/);
  });

  test("fails when a subnet is not an IPv4 CIDR", () => {
    expect(() => synth({ subnets: subnets({ privateEndpoints: "10.10.0.300/24" }) })).toThrow(/subnets\.privateEndpoints must be an IPv4 CIDR/);
  });

  test("fails when a subnet has host bits set", () => {
    expect(() => synth({ subnets: subnets({ privateEndpoints: "10.10.0.5/24" }) })).toThrow(
      /subnets\.privateEndpoints has host bits set \(got "10\.10\.0\.5\/24"\)/,
    );
  });

  test("fails when a subnet is outside the address space", () => {
    expect(() => synth({ subnets: subnets({ privateEndpoints: "10.20.0.0/24" }) })).toThrow(
      /subnets\.privateEndpoints must lie inside the address space 10\.10\.0\.0\/16 \(got "10\.20\.0\.0\/24"\)\. Fix: pick a range inside the VNet\./,
    );
  });

  test("fails when a Databricks subnet is smaller than /26", () => {
    expect(() => synth({ subnets: subnets({ databricksHost: "10.10.1.0/27" }) })).toThrow(/subnets\.databricksHost must be \/26 or larger for Databricks/);
  });

  test("fails when subnets overlap", () => {
    expect(() => synth({ subnets: subnets({ databricksContainer: "10.10.1.0/26" }) })).toThrow(
      /subnets\.databricksContainer overlaps subnet databricksHost \(10\.10\.1\.0\/26\)/,
    );
  });

  test("fails naming every subnet problem at once", () => {
    const bad = subnets({ privateEndpoints: "10.10.0.5/24", databricksHost: "10.20.0.0/26", databricksContainer: "10.10.2.0/27" });
    expect(() => synth({ subnets: bad })).toThrow(
      new RegExp(
        [
          "^stack/Net: 3 problems:",
          '- stack/Net: subnets\\.privateEndpoints has host bits set \\(got "10\\.10\\.0\\.5/24"\\)\\. Fix: use the network address of the range\\.',
          "- stack/Net: subnets\\.databricksHost must lie inside the address space 10\\.10\\.0\\.0/16 .*",
          "- stack/Net: subnets\\.databricksContainer must be /26 or larger for Databricks .*$",
        ].join("\n"),
      ),
    );
  });
});
