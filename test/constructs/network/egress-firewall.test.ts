import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { Testing } from "cdktf";
import { EGRESS_FIREWALL_FIXED, EgressAllowList, EgressFirewall, EgressFirewallProps } from "../../../constructs/network/egress-firewall";

const allowList: EgressAllowList = {
  application: [{ name: "artifacts", description: "runtime images", fqdns: ["dbartifacts.blob.core.windows.net"] }],
  network: [{ name: "metastore", description: "Hive metastore", protocols: ["TCP"], ports: ["3306"], fqdns: ["metastore.mysql.database.azure.com"] }],
};
const baseProps: EgressFirewallProps = {
  resourceGroupName: "rg-net",
  location: "westeurope",
  name: "afw-data",
  virtualNetworkName: "vnet-data",
  addressSpace: "10.10.0.0/16",
  subnetRange: "10.10.12.0/26",
  routedSubnets: { host: { id: "subnet-host-id", range: "10.10.4.0/22" }, container: { id: "subnet-container-id", range: "10.10.8.0/22" } },
  allowList,
};

const synth = (props: Partial<EgressFirewallProps> = {}) => Testing.synthScope((scope) => new EgressFirewall(scope, "Egress", { ...baseProps, ...props }));
const resources = (out: string, type: string): any[] => Object.values(JSON.parse(out).resource[type] ?? {});

describe("EgressFirewall", () => {
  test("diagnosticSettings: the firewall (resource-specific tables) and its public IP (AzureDiagnostics)", () => {
    const settings = resources(synth({ diagnosticSettings: { logs: { workspaceId: "/law" } } }), "azurerm_monitor_diagnostic_setting");
    expect(settings.map((d) => [d.target_resource_id.split(".")[0], d.log_analytics_destination_type]).sort()).toEqual([
      ["${azurerm_firewall", "Dedicated"],
      ["${azurerm_public_ip", undefined],
    ]);
  });

  test("defaults: Standard firewall in AzureFirewallSubnet, threat intelligence Deny, DNS proxy, 0.0.0.0/0 routed to it", () => {
    expect(EGRESS_FIREWALL_FIXED).toEqual({
      skuName: "AZFW_VNet",
      skuTier: "Standard",
      threatIntelligenceMode: "Deny",
      dnsProxyEnabled: true,
      subnetName: "AzureFirewallSubnet",
    });
    const out = synth();
    expect(out).toHaveResourceWithProperties(Subnet, { name: "AzureFirewallSubnet", virtual_network_name: "vnet-data", address_prefixes: ["10.10.12.0/26"] });
    expect(out).toHaveResourceWithProperties(Firewall, { name: "afw-data", sku_name: "AZFW_VNet", sku_tier: "Standard" });
    expect(out).toHaveResourceWithProperties(FirewallPolicy, {
      name: "afwp-afw-data",
      sku: "Standard",
      threat_intelligence_mode: "Deny",
      dns: { proxy_enabled: true },
    });
    expect(out).toHaveResourceWithProperties(PublicIp, { name: "pip-afw-data", sku: "Standard", allocation_method: "Static" });
    expect(out).toHaveResourceWithProperties(RouteTable, {
      bgp_route_propagation_enabled: false,
      route: [
        {
          name: "internet-through-firewall",
          address_prefix: "0.0.0.0/0",
          next_hop_type: "VirtualAppliance",
          next_hop_in_ip_address: expect.stringMatching(/^\$\{azurerm_firewall\.[^.]+\.ip_configuration\[0\]\.private_ip_address\}$/),
        },
      ],
    });
    expect(
      resources(out, "azurerm_subnet_route_table_association")
        .map((a) => a.subnet_id)
        .sort(),
    ).toEqual(["subnet-container-id", "subnet-host-id"]);
    expect(resources(out, "azurerm_firewall")[0]).not.toHaveProperty("zones");
    expect(resources(out, "azurerm_monitor_diagnostic_setting")).toEqual([]);
  });

  test("the allow-list becomes one network and one application collection, sourced from the routed subnets", () => {
    const [group] = resources(synth(), "azurerm_firewall_policy_rule_collection_group");
    expect(group.network_rule_collection).toEqual([
      {
        name: "allow-network",
        priority: 100,
        action: "Allow",
        rule: [
          {
            name: "metastore",
            description: "Hive metastore",
            protocols: ["TCP"],
            destination_ports: ["3306"],
            destination_fqdns: ["metastore.mysql.database.azure.com"],
            source_addresses: ["10.10.4.0/22", "10.10.8.0/22"],
          },
        ],
      },
    ]);
    expect(group.application_rule_collection).toEqual([
      {
        name: "allow-application",
        priority: 200,
        action: "Allow",
        rule: [
          {
            name: "artifacts",
            description: "runtime images",
            protocols: [{ type: "Https", port: 443 }],
            destination_fqdns: ["dbartifacts.blob.core.windows.net"],
            source_addresses: ["10.10.4.0/22", "10.10.8.0/22"],
          },
        ],
      },
    ]);
  });

  test("an allow-list of one kind omits the other collection; FQDN tags and HTTP ports pass through", () => {
    const out = synth({
      allowList: {
        network: [],
        application: [{ name: "aks", description: "AKS", fqdnTags: ["AzureKubernetesService"], protocols: [{ type: "Http", port: 80 }] }],
      },
    });
    const [group] = resources(out, "azurerm_firewall_policy_rule_collection_group");
    expect(group).not.toHaveProperty("network_rule_collection");
    expect(group.application_rule_collection[0].rule[0]).toMatchObject({
      destination_fqdn_tags: ["AzureKubernetesService"],
      protocols: [{ type: "Http", port: 80 }],
    });
  });

  test("zones pin the firewall and its public IP", () => {
    const out = synth({ zones: ["1", "2", "3"] });
    expect(out).toHaveResourceWithProperties(Firewall, { zones: ["1", "2", "3"] });
    expect(out).toHaveResourceWithProperties(PublicIp, { zones: ["1", "2", "3"] });
  });

  test("diagnosticSettings send every flow to Log Analytics (resource-specific tables)", () => {
    expect(synth({ diagnosticSettings: { logs: { workspaceId: "law-id" } } })).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      log_analytics_workspace_id: "law-id",
      log_analytics_destination_type: "Dedicated",
      enabled_log: [{ category_group: "allLogs" }],
    });
  });

  test.each([
    [
      "a subnet smaller than /26",
      { subnetRange: "10.10.12.0/27" },
      /subnetRange must be \/26 or larger \(Azure Firewall's requirement\) \(got "10\.10\.12\.0\/27"\)/,
    ],
    ["a subnet outside the network", { subnetRange: "10.99.0.0/26" }, /subnetRange must lie inside addressSpace 10\.10\.0\.0\/16/],
    ["a subnet with host bits", { subnetRange: "10.10.12.1/26" }, /subnetRange must be an IPv4 network address in CIDR form/],
    ["no routed subnet", { routedSubnets: {} }, /routedSubnets must name at least one subnet/],
    ["an empty allow-list", { allowList: { application: [], network: [] } }, /allowList allows nothing/],
    [
      "two rules with one name",
      { allowList: { application: allowList.application, network: [{ ...allowList.network[0], name: "artifacts" }] } },
      /allowList has two rules named artifacts/,
    ],
    [
      "an application rule without destination",
      { allowList: { network: [], application: [{ name: "x", description: "x" }] } },
      /allowList\.application\.x names no destination/,
    ],
    [
      "a URL instead of an FQDN",
      { allowList: { network: [], application: [{ name: "x", description: "x", fqdns: ["https://pypi.org"] }] } },
      /allowList\.application\.x\.fqdns must hold FQDNs .* \(got "https:\/\/pypi\.org"\)/,
    ],
    [
      "a network rule to anywhere",
      { allowList: { application: [], network: [{ ...allowList.network[0], fqdns: undefined, addresses: ["0.0.0.0/0"] }] } },
      /allowList\.network\.metastore opens egress to anywhere or to every tenant's resources \(got "0\.0\.0\.0\/0"\)/,
    ],
    [
      "a regional Storage tag",
      { allowList: { application: [], network: [{ ...allowList.network[0], fqdns: undefined, addresses: ["Storage.westeurope"] }] } },
      /opens egress to anywhere or to every tenant's resources \(got "Storage\.westeurope"\)/,
    ],
    [
      "a wildcard over every storage account",
      { allowList: { network: [], application: [{ name: "x", description: "x", fqdns: ["*.blob.core.windows.net"] }] } },
      /allowList\.application\.x\.fqdns opens every tenant's accounts of a shared service \(got "\*\.blob\.core\.windows\.net"\)/,
    ],
    [
      "an empty description",
      { allowList: { network: [], application: [{ name: "x", description: " ", fqdns: ["a.example.com"] }] } },
      /allowList\.x\.description is empty/,
    ],
    [
      "a rule name with spaces",
      { allowList: { network: [], application: [{ name: "my rule", description: "x", fqdns: ["a.example.com"] }] } },
      /allowList has a rule name that is not 1-80 letters/,
    ],
    [
      "the AzureCloud tag",
      { allowList: { application: [], network: [{ ...allowList.network[0], fqdns: undefined, addresses: ["AzureCloud"] }] } },
      /opens egress to anywhere or to every tenant's resources \(got "AzureCloud"\)/,
    ],
    [
      "a network rule without destination",
      { allowList: { application: [], network: [{ ...allowList.network[0], fqdns: undefined }] } },
      /allowList\.network\.metastore names no destination/,
    ],
    [
      "any port",
      { allowList: { application: [], network: [{ ...allowList.network[0], ports: ["*"] }] } },
      /allowList\.network\.metastore\.ports must list specific ports/,
    ],
  ] as [string, Partial<EgressFirewallProps>, RegExp][])("fails on %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("fails naming every problem of the subnet, the routed subnets and each rule at once", () => {
    const application = [
      { name: "x", description: "x", fqdns: ["https://pypi.org"] },
      { name: "y", description: " ", fqdns: ["a.example.com"] },
    ];
    expect(() => synth({ subnetRange: "10.10.1.0/27", routedSubnets: {}, allowList: { network: [], application } })).toThrow(
      /: 4 problems:\n- \S+: subnetRange must be \/26 or larger.*\n- \S+: routedSubnets must name at least one subnet.*\n- \S+: allowList\.y\.description is empty.*\n- \S+: allowList\.application\.x\.fqdns must hold FQDNs.*$/,
    );
  });
});
