import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Testing } from "cdktf";
import { DEDICATED_VAULT_TAG, WorkloadKeyVault, WorkloadKeyVaultProps } from "../../../constructs/aks/workload-key-vault";

const SUBNET = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-private-endpoints";
const ZONE = "/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";
const baseProps: WorkloadKeyVaultProps = {
  resourceGroupName: "rg-aks",
  location: "westeurope",
  vaultName: "kv-dev-44a9dd69",
  identityName: "id-medal-dev-weu-shop-database",
  tenantId: "99999999-9999-9999-9999-999999999999",
  oidcIssuerUrl: "https://oidc.example/issuer",
  namespace: "shop",
  serviceAccount: "database",
  privateEndpoint: { subnetId: SUBNET, privateDnsZoneId: ZONE },
};

function synth(props: Partial<WorkloadKeyVaultProps> = {}): string {
  return Testing.synthScope((scope) => {
    new WorkloadKeyVault(scope, "Db", { ...baseProps, ...props });
  });
}

describe("WorkloadKeyVault", () => {
  test("defaults: a private RBAC vault of the workload's, its identity federated with the ServiceAccount, reading that vault only", () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(KeyVault, {
      name: "kv-dev-44a9dd69",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      tags: { [DEDICATED_VAULT_TAG]: "shop/database" },
    });
    expect(out).toHaveResourceWithProperties(FederatedIdentityCredential, {
      subject: "system:serviceaccount:shop:database",
      issuer: "https://oidc.example/issuer",
      audience: ["api://AzureADTokenExchange"],
    });
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, { subnet_id: SUBNET, private_dns_zone_group: { name: "default", private_dns_zone_ids: [ZONE] } });
    const grants = Object.values<any>(JSON.parse(out).resource.azurerm_role_assignment);
    expect(grants).toEqual([
      expect.objectContaining({
        role_definition_name: "Key Vault Secrets User",
        principal_type: "ServicePrincipal",
        scope: expect.stringMatching(/^\$\{azurerm_key_vault\.[^.]+\.id\}$/),
      }),
    ]);
    // The zone is the network's, shared by every workload vault (LinkedPrivateDnsZone).
    expect(out).not.toHaveResource(PrivateDnsZone);
  });

  test("soft-delete retention and a lock", () => {
    const out = synth({ softDeleteRetentionInDays: 7, lock: { kind: "CanNotDelete" } });
    expect(out).toHaveResourceWithProperties(KeyVault, { soft_delete_retention_days: 7 });
    expect(JSON.parse(out).resource.azurerm_management_lock).toBeDefined();
  });

  test("fails on a vault name Key Vault refuses", () => {
    expect(() => synth({ vaultName: "kv--dev" })).toThrow(/Db\/Vault: name must be 3-24 letters, digits and single hyphens \(got "kv--dev"\)/);
  });

  test("fails on a ServiceAccount name Kubernetes refuses", () => {
    expect(() => synth({ serviceAccount: "Database" })).toThrow(/Db\/Identity: serviceAccount must be a DNS-1123 subdomain/);
  });
});
