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
    expect(resources(out, "azurerm_subnet")).toHaveLength(2);
  });

  test("defaults: every node subnet is associated with its own NSG (CKV2_AZURE_31)", () => {
    const out = synth();
    expect(resources(out, "azurerm_network_security_group").map((n) => n.name).sort()).toEqual(["nsg-vnet-aks-system", "nsg-vnet-aks-user"]);
    expect(out).toHaveResourceWithProperties(NetworkSecurityGroup, { name: "nsg-vnet-aks-system", location: "westeurope", resource_group_name: "rg-aks" });
    const associations = resources(out, "azurerm_subnet_network_security_group_association");
    expect(associations).toHaveLength(2);
    expect(out).toHaveResourceWithProperties(SubnetNetworkSecurityGroupAssociation, {
      subnet_id: expect.stringMatching(/^\$\{azurerm_subnet\.Net_Subnet-system_[^.]+\.id\}$/),
      network_security_group_id: expect.stringMatching(/^\$\{azurerm_network_security_group\.Net_Nsg-system_[^.]+\.id\}$/),
    });
  });

  test("exposes the VNet id and the node subnet ids by key, read through the NSG associations", () => {
    const { net } = build();
    expect(Token.isUnresolved(net.id)).toBe(true);
    expect(Object.keys(net.nodeSubnetIds)).toEqual(["system", "user"]);
    expect(Object.keys(net.networkSecurityGroupIds)).toEqual(["system", "user"]);
    expect(net.subnets.system.node.id).toBe("Subnet-system");
    let ids: Record<string, string> = {};
    const out = Testing.synthScope((scope) => {
      const n = new AksNetwork(scope, "Net", baseProps);
      ids = n.nodeSubnetIds;
      new VirtualNetwork(scope, "Probe", { name: "probe", location: "x", resourceGroupName: "y", addressSpace: [ids.system] });
    });
    const probe = resources(out, "azurerm_virtual_network").find((v) => v.name === "probe")!;
    expect(probe.address_space[0]).toMatch(/^\$\{azurerm_subnet_network_security_group_association\.Net_SubnetNsg-system_[^.]+\.subnet_id\}$/);
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
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/25" } })).toThrow(/nodeSubnets\.system must be \/24 or larger for AKS nodes .*\(got "10\.20\.0\.0\/25"\)/);
  });

  test("fails when a subnet is outside the address space", () => {
    expect(() => synth({ nodeSubnets: { system: "10.30.0.0/24" } })).toThrow(/nodeSubnets\.system must lie inside addressSpace 10\.20\.0\.0\/16/);
  });

  test("fails when subnets overlap", () => {
    expect(() => synth({ nodeSubnets: { system: "10.20.0.0/22", user: "10.20.2.0/24" } })).toThrow(
      /nodeSubnets\.user overlaps nodeSubnets\.system \(10\.20\.0\.0\/22\) \(got "10\.20\.2\.0\/24"\)/,
    );
  });
});
