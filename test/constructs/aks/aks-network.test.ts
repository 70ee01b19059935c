import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Testing, Token } from "cdktf";
import { AKS_NODE_SUBNET_MAX_PREFIX, AksNetwork, AksNetworkProps } from "../../../constructs/aks/aks-network";

const baseProps: AksNetworkProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  name: "vnet-aks",
  addressSpace: "10.20.0.0/16",
  nodeSubnets: { system: "10.20.0.0/24", user: "10.20.4.0/22" },
};

function build(props: Partial<AksNetworkProps> = {}): { out: string; net: AksNetwork } {
  let net: AksNetwork | undefined;
  const out = Testing.synthScope((scope) => {
    net = new AksNetwork(scope, "Net", { ...baseProps, ...props });
  });
  return { out, net: net as AksNetwork };
}

function synth(props: Partial<AksNetworkProps> = {}): string {
  return build(props).out;
}

function resources(out: string, type: string): Record<string, any>[] {
  return Object.values(JSON.parse(out).resource[type] ?? {}) as Record<string, any>[];
}

describe("AksNetwork", () => {
  test("diagnosticSettings: the virtual network and each NSG (rule events and counters, no metrics)", () => {
    const settings = resources(synth({ diagnosticSettings: { logs: { workspaceId: "/law" } } }), "azurerm_monitor_diagnostic_setting");
    const nsgs = settings.filter((d) => /azurerm_network_security_group\./.test(d.target_resource_id));
    expect(nsgs).toHaveLength(Object.keys(baseProps.nodeSubnets).length);
    expect(nsgs.every((d) => d.enabled_metric.length === 0 && d.enabled_log[0].category_group === "allLogs")).toBe(true);
    expect(settings.filter((d) => /azurerm_virtual_network\./.test(d.target_resource_id))).toHaveLength(1);
    expect(resources(synth(), "azurerm_monitor_diagnostic_setting")).toEqual([]);
  });

  test("defaults: VNet with the address space", () => {
    expect(synth()).toHaveResourceWithProperties(VirtualNetwork, {
      name: "vnet-aks",
      location: "westeurope",
      resource_group_name: "rg-aks",
      address_space: ["10.20.0.0/16"],
    });
  });

  test("defaults: one node subnet per key, without default outbound access", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(Subnet, {
      name: "snet-aks-system",
      address_prefixes: ["10.20.0.0/24"],
      default_outbound_access_enabled: false,
      virtual_network_name: expect.stringMatching(/^\$\{azurerm_virtual_network\.[^.]+\.name\}$/),
    });
    expect(out).toHaveResourceWithProperties(Subnet, { name: "snet-aks-user", address_prefixes: ["10.20.4.0/22"], default_outbound_access_enabled: false });
    // Set, so the Azure Files CSI driver (which writes it only when unset) never rewrites a node subnet.
    for (const s of resources(out, "azurerm_subnet")) expect(s.private_endpoint_network_policies).toBe("Enabled");
    expect(resources(out, "azurerm_subnet")).toHaveLength(2);
  });

  test("defaults: every node subnet is associated with its own NSG (CKV2_AZURE_31)", () => {
    const out = synth();
    expect(
      resources(out, "azurerm_network_security_group")
        .map((n) => n.name)
        .sort(),
    ).toEqual(["nsg-vnet-aks-system", "nsg-vnet-aks-user"]);
    expect(out).toHaveResourceWithProperties(NetworkSecurityGroup, { name: "nsg-vnet-aks-system", location: "westeurope", resource_group_name: "rg-aks" });
    const associations = resources(out, "azurerm_subnet_network_security_group_association");
    expect(associations).toHaveLength(2);
    expect(out).toHaveResourceWithProperties(SubnetNetworkSecurityGroupAssociation, {
      subnet_id: expect.stringMatching(/^\$\{azurerm_subnet\.Net_Subnet-system_[^.]+\.id\}$/),
      network_security_group_id: expect.stringMatching(/^\$\{azurerm_network_security_group\.Net_Nsg-system_[^.]+\.id\}$/),
    });
  });

  test("exposes the VNet id and the node subnets by key, ids read through the NSG associations", () => {
    const { net } = build();
    expect(Token.isUnresolved(net.id)).toBe(true);
    expect(Object.keys(net.nodeSubnets)).toEqual(["system", "user"]);
    expect(Object.keys(net.networkSecurityGroupIds)).toEqual(["system", "user"]);
    expect(net.subnets.system.node.id).toBe("Subnet-system");
    let ids: Record<string, string> = {};
    let names: string[] = [];
    const out = Testing.synthScope((scope) => {
      const n = new AksNetwork(scope, "Net", baseProps);
      ids = Object.fromEntries(Object.entries(n.nodeSubnets).map(([key, subnet]) => [key, subnet.id]));
      names = Object.values(n.nodeSubnets).map((subnet) => subnet.name);
      new VirtualNetwork(scope, "Probe", { name: "probe", location: "x", resourceGroupName: names[0], addressSpace: [ids.system] });
    });
    const probe = resources(out, "azurerm_virtual_network").find((v) => v.name === "probe")!;
    expect(probe.address_space[0]).toMatch(/^\$\{azurerm_subnet_network_security_group_association\.Net_SubnetNsg-system_[^.]+\.subnet_id\}$/);
    expect(probe.resource_group_name).toMatch(/^\$\{azurerm_subnet\.Net_Subnet-system_[^.]+\.name\}$/);
  });

  test("tags reach the VNet and the NSGs", () => {
    const out = synth({ tags: { app: "aks" } });
    for (const cls of [VirtualNetwork, NetworkSecurityGroup]) expect(out).toHaveResourceWithProperties(cls, { tags: { app: "aks" } });
  });

  test("any number of node subnets, e.g. a single shared one", () => {
    const out = synth({ nodeSubnets: { nodes: "10.20.0.0/22" } });
    expect(out).toHaveResourceWithProperties(Subnet, { name: "snet-aks-nodes", address_prefixes: ["10.20.0.0/22"] });
    expect(resources(out, "azurerm_subnet")).toHaveLength(1);
  });

  test("the minimum node subnet is /24", () => {
    expect(AKS_NODE_SUBNET_MAX_PREFIX).toBe(24);
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/24" } })).not.toThrow();
  });

  test("unresolved ranges skip validation", () => {
    expect(() => synth({ addressSpace: Token.asString({ Ref: "var" }) })).not.toThrow();
    expect(() => synth({ nodeSubnets: { system: Token.asString({ Ref: "var" }) } })).not.toThrow();
  });

  test("fails when no node subnet is given", () => {
    expect(() => synth({ nodeSubnets: {} })).toThrow(/Net: nodeSubnets must define at least one subnet/);
  });

  test("fails when a subnet key is not a lowercase name", () => {
    expect(() => synth({ nodeSubnets: { System: "10.20.0.0/24" } })).toThrow(/nodeSubnets key "System" must be 1-24 lowercase letters/);
  });

  test("fails when addressSpace is not an IPv4 CIDR", () => {
    expect(() => synth({ addressSpace: "10.20.0.0" })).toThrow(/Net: addressSpace must be an IPv4 CIDR \(got "10\.20\.0\.0"\)\. Fix: /);
  });

  test("fails when addressSpace has host bits set", () => {
    expect(() => synth({ addressSpace: "10.20.0.1/16" })).toThrow(/addressSpace has host bits set/);
  });

  test("fails when a subnet is not an IPv4 CIDR", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.300/24" } })).toThrow(/nodeSubnets\.system must be an IPv4 CIDR/);
  });

  test("fails when a subnet has host bits set", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.5/24" } })).toThrow(/nodeSubnets\.system has host bits set \(got "10\.20\.0\.5\/24"\)/);
  });

  test("fails when a subnet is smaller than /24", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/25" } })).toThrow(
      /nodeSubnets\.system must be \/24 or larger for AKS nodes .*\(got "10\.20\.0\.0\/25"\)/,
    );
  });

  test("fails when a subnet is outside the address space", () => {
    expect(() => synth({ nodeSubnets: { system: "10.30.0.0/24" } })).toThrow(/nodeSubnets\.system must lie inside the address space 10\.20\.0\.0\/16/);
  });

  test("fails when subnets overlap", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/22", user: "10.20.2.0/24" } })).toThrow(
      /nodeSubnets\.user overlaps subnet system \(10\.20\.0\.0\/22\) \(got "10\.20\.2\.0\/24"\)/,
    );
  });
});

describe("AksNetwork publicIngress", () => {
  const gateway = { subnet: "user", ports: [80, 443], sources: ["Internet"] };

  test("defaults: no inbound rule besides Azure's defaults", () => {
    expect(resources(synth(), "azurerm_network_security_rule")).toEqual([]);
  });

  test("admits the clients on the Service's TCP ports on the NSG of the subnet that runs the pods, nothing else", () => {
    const { out, net } = build({ publicIngress: { gateway } });
    const rules = resources(out, "azurerm_network_security_rule");
    expect(rules).toEqual([
      expect.objectContaining({
        name: "allow-gateway-inbound",
        resource_group_name: "rg-aks",
        network_security_group_name: expect.stringMatching(/^\$\{azurerm_network_security_group\.Net_Nsg-user_\w+\.name\}$/),
        priority: 200,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        source_port_range: "*",
        source_address_prefix: "Internet",
        destination_address_prefix: "*",
        destination_port_ranges: ["80", "443"],
      }),
    ]);
    expect(Object.keys(net.ingressRules)).toEqual(["gateway"]);
  });

  test("several client ranges, and the next priority for a second rule of the same subnet", () => {
    const out = synth({
      publicIngress: {
        gateway: { ...gateway, sources: ["198.51.100.0/24", "203.0.113.7"] },
        metrics: { subnet: "user", ports: [9443], sources: ["198.51.100.0/24"] },
      },
    });
    const rules = resources(out, "azurerm_network_security_rule");
    expect(rules.map((r) => [r.name, r.priority, r.source_address_prefixes ?? r.source_address_prefix])).toEqual([
      ["allow-gateway-inbound", 200, ["198.51.100.0/24", "203.0.113.7"]],
      ["allow-metrics-inbound", 210, "198.51.100.0/24"],
    ]);
  });

  test("an automatic priority skips one taken explicitly", () => {
    const out = synth({ publicIngress: { a: { ...gateway }, b: { ...gateway, priority: 210 }, c: { ...gateway } } });
    expect(resources(out, "azurerm_network_security_rule").map((r) => [r.name, r.priority])).toEqual([
      ["allow-a-inbound", 200],
      ["allow-b-inbound", 210],
      ["allow-c-inbound", 220],
    ]);
  });

  describe("fails", () => {
    test("on a subnet that is not a node subnet", () => {
      expect(() => synth({ publicIngress: { gateway: { ...gateway, subnet: "apps" } } })).toThrow(
        /Net: publicIngress\.gateway\.subnet is not a key of nodeSubnets \(got "apps"\).*use one of system, user/,
      );
    });
    test("on * or 0.0.0.0/0 as source: the internet is named", () => {
      for (const source of ["*", "0.0.0.0/0", "Any"]) {
        expect(() => synth({ publicIngress: { gateway: { ...gateway, sources: [source] } } })).toThrow(
          /publicIngress\.gateway\.sources must name its clients .*use "Internet"/,
        );
      }
    });
    test("on a malformed source, no sources or no ports", () => {
      expect(() => synth({ publicIngress: { gateway: { ...gateway, sources: ["office"] } } })).toThrow(
        /publicIngress\.gateway\.sources must be "Internet" or an IPv4 address or CIDR \(got "office"\)/,
      );
      expect(() => synth({ publicIngress: { gateway: { ...gateway, sources: [] } } })).toThrow(/publicIngress\.gateway\.sources must list at least one source/);
      expect(() => synth({ publicIngress: { gateway: { ...gateway, ports: [] } } })).toThrow(/publicIngress\.gateway\.ports must list at least one port/);
      expect(() => synth({ publicIngress: { gateway: { ...gateway, ports: [0] } } })).toThrow(
        /publicIngress\.gateway\.ports must be a whole number from 1 to 65535/,
      );
    });
    test("on a priority out of range or used twice on one subnet", () => {
      expect(() => synth({ publicIngress: { gateway: { ...gateway, priority: 99 } } })).toThrow(
        /publicIngress\.gateway\.priority must be a whole number from 100 to 4096/,
      );
      expect(() => synth({ publicIngress: { a: { ...gateway, priority: 300 }, b: { ...gateway, priority: 300 } } })).toThrow(
        /publicIngress\.b\.priority is already used by publicIngress\.a on subnet user/,
      );
    });
  });
});

describe("AksNetwork privateEndpointSubnet", () => {
  test("defaults: no private-endpoint subnet", () => {
    const { out, net } = build();
    expect(net.privateEndpointSubnetId).toBeUndefined();
    expect(resources(out, "azurerm_subnet").map((s) => s.name)).not.toContain("snet-private-endpoints");
  });

  test("a subnet with network policies on whose NSG admits the node subnets on 443 and denies the rest of the network", () => {
    const { out, net } = build({ privateEndpointSubnet: "10.20.8.0/27" });
    expect(out).toHaveResourceWithProperties(Subnet, {
      name: "snet-private-endpoints",
      address_prefixes: ["10.20.8.0/27"],
      private_endpoint_network_policies: "Enabled",
      default_outbound_access_enabled: false,
    });
    expect(out).toHaveResourceWithProperties(NetworkSecurityGroup, { name: "nsg-vnet-aks-private-endpoints" });
    const rules = resources(out, "azurerm_network_security_rule");
    expect(rules).toEqual([
      expect.objectContaining({
        name: "AllowNodesToEndpoints",
        priority: 100,
        access: "Allow",
        protocol: "Tcp",
        source_address_prefixes: ["10.20.0.0/24", "10.20.4.0/22"],
        destination_address_prefix: "10.20.8.0/27",
        destination_port_range: "443",
      }),
      expect.objectContaining({
        name: "DenyVirtualNetworkToEndpoints",
        priority: 4000,
        access: "Deny",
        protocol: "*",
        source_address_prefix: "VirtualNetwork",
        destination_port_range: "*",
      }),
    ]);
    expect(Token.isUnresolved(net.privateEndpointSubnetId)).toBe(true);
  });

  test("administrators' networks reach the endpoints on 443 too, before the deny", () => {
    const rules = resources(synth({ privateEndpointSubnet: "10.20.8.0/27", privateEndpointClients: ["10.0.0.0/24"] }), "azurerm_network_security_rule").sort(
      (a, b) => a.priority - b.priority,
    );
    expect(rules.map((r) => [r.name, r.priority])).toEqual([
      ["AllowNodesToEndpoints", 100],
      ["AllowClientsToEndpoints", 110],
      ["DenyVirtualNetworkToEndpoints", 4000],
    ]);
    expect(rules[1]).toMatchObject({ source_address_prefixes: ["10.0.0.0/24"], destination_port_range: "443", protocol: "Tcp" });
  });

  test("fails on clients open to everyone, and on clients without the subnet", () => {
    expect(() => synth({ privateEndpointSubnet: "10.20.8.0/27", privateEndpointClients: ["0.0.0.0/0"] })).toThrow(
      /privateEndpointClients must be IPv4 CIDRs naming networks, never \/0 \(got "0\.0\.0\.0\/0"\)/,
    );
    expect(() => synth({ privateEndpointClients: ["10.0.0.0/24"] })).toThrow(/privateEndpointClients needs privateEndpointSubnet/);
  });

  test.each([
    ["smaller than /28", "10.20.8.0/29", /privateEndpointSubnet must be \/28 or larger for private endpoints .* \(got "10\.20\.8\.0\/29"\)/],
    ["outside the address space", "10.99.0.0/27", /privateEndpointSubnet must lie inside the address space 10\.20\.0\.0\/16/],
    ["overlapping a node subnet", "10.20.0.0/27", /privateEndpointSubnet overlaps subnet system \(10\.20\.0\.0\/24\)/],
    ["with host bits", "10.20.8.1/27", /privateEndpointSubnet has host bits set/],
  ])("fails on a private-endpoint subnet %s", (_label, range, message) => {
    expect(() => synth({ privateEndpointSubnet: range })).toThrow(message);
  });

  test("fails on the node subnets and the private-endpoint subnet in one error (one range check for both)", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/25" }, privateEndpointSubnet: "10.20.0.0/27" })).toThrow(
      /stack\/Net: 2 problems:\n- .*nodeSubnets\.system must be \/24 or larger.*\n- .*privateEndpointSubnet overlaps subnet system \(10\.20\.0\.0\/25\)/,
    );
  });
});
