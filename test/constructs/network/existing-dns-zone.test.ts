import { TerraformOutput, Testing } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AcmeDnsChallengeAccess } from "../../../constructs/aks/acme-dns-challenge-access";
import { ExistingDnsZone } from "../../../constructs/network/existing-dns-zone";

const PRINCIPAL = { principalId: "${azurerm_user_assigned_identity.cm.principal_id}", principalType: "ServicePrincipal" as const };

describe("ExistingDnsZone", () => {
  test("reads the zone and its resource group through data sources, and hands out their ids", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const zone = new ExistingDnsZone(scope, "DnsZone", { name: "contoso.com", resourceGroupName: "rg-dns" });
        expect(zone.name).toBe("contoso.com");
        new TerraformOutput(scope, "zone_id", { value: zone.id });
        new TerraformOutput(scope, "group_id", { value: zone.resourceGroupId });
      }),
    );
    expect(Object.values<any>(out.data.azurerm_resource_group)).toEqual([{ name: "rg-dns" }]);
    expect(Object.values<any>(out.data.azurerm_dns_zone)).toEqual([
      { name: "contoso.com", resource_group_name: expect.stringMatching(/^\$\{data\.azurerm_resource_group\.DnsZone_ResourceGroup_[A-Z0-9]+\.name\}$/) },
    ]);
    expect(out.output.zone_id.value).toMatch(/^\$\{data\.azurerm_dns_zone\.DnsZone_[A-Za-z0-9_]+\.id\}$/);
    expect(out.output.group_id.value).toMatch(/^\$\{data\.azurerm_resource_group\.DnsZone_ResourceGroup_[A-Z0-9]+\.id\}$/);
  });

  test("the ACME challenge records and role use the zone read from Azure, not an id composed from names", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const zone = new ExistingDnsZone(scope, "DnsZone", { name: "contoso.com", resourceGroupName: "rg-dns" });
        new AcmeDnsChallengeAccess(scope, "Acme", { zone, dnsNames: ["shop.contoso.com"], principal: PRINCIPAL, clusterName: "aks-x" });
      }),
    );
    const [role] = Object.values<any>(out.resource.azurerm_role_definition);
    expect(role.scope).toMatch(/^\$\{data\.azurerm_resource_group\.DnsZone_ResourceGroup_[A-Z0-9]+\.id\}$/);
    expect(role.assignable_scopes).toEqual([role.scope]);
    const [record] = Object.values<any>(out.resource.azurerm_dns_txt_record);
    expect(record.zone_name).toBe("contoso.com");
    expect(record.resource_group_name).toMatch(/^\$\{data\.azurerm_dns_zone\.DnsZone_[A-Za-z0-9_]+\.resource_group_name\}$/);
  });

  test("provider: reads the zone in another subscription through an aliased provider", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const provider = new AzurermProvider(scope, "azurerm-prod", { alias: "prod", features: [{}], subscriptionId: "00000000-0000-0000-0000-000000000004" });
        new ExistingDnsZone(scope, "DnsZone", { name: "contoso.com", resourceGroupName: "rg-dns", provider });
      }),
    );
    expect(Object.values<any>(out.data.azurerm_dns_zone)[0].provider).toBe("azurerm.prod");
    expect(Object.values<any>(out.data.azurerm_resource_group)[0].provider).toBe("azurerm.prod");
  });

  test("fails on a zone name that is not one", () => {
    expect(() => Testing.synthScope((scope) => void new ExistingDnsZone(scope, "DnsZone", { name: "Contoso", resourceGroupName: "rg-dns" }))).toThrow(
      /DnsZone: name must be a lowercase DNS zone name such as contoso\.com \(got "Contoso"\)/,
    );
  });
});
