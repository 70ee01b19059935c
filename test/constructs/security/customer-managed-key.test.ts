import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Testing } from "cdktf";
import {
  CustomerManagedKeyIdentity,
  CustomerManagedKeyIdentityProps,
  KEY_ENCRYPTION_ROLE,
  checkCustomerManagedKey,
  keyResourceId,
  keyVaultKeyUrl,
} from "../../../constructs/security/customer-managed-key";
import { KEYS_VAULT_ID, KEY_VERSION } from "../../support/keys";

const baseProps: CustomerManagedKeyIdentityProps = {
  resourceGroupName: "rg-data",
  location: "westeurope",
  name: "id-medal-dev-weu-cmk-lake",
  keyVaultResourceId: KEYS_VAULT_ID,
  keyName: "lake",
};

function build(props: Partial<CustomerManagedKeyIdentityProps> = {}): { out: string; key: CustomerManagedKeyIdentity } {
  let key: CustomerManagedKeyIdentity | undefined;
  const out = Testing.synthScope((scope) => {
    key = new CustomerManagedKeyIdentity(scope, "LakeKey", { ...baseProps, ...props });
  });
  return { out, key: key as CustomerManagedKeyIdentity };
}

describe("CustomerManagedKeyIdentity", () => {
  test("identity: the user-assigned identity as a principal with its id and client id, like other constructs'", () => {
    const out = Testing.synthScope((scope) => {
      const key = new CustomerManagedKeyIdentity(scope, "LakeKey", baseProps);
      expect(key.identity.principalType).toBe("ServicePrincipal");
      new RoleAssignment(scope, "Probe", { scope: key.identity.id, principalId: key.identity.principalId, roleDefinitionName: key.identity.clientId });
    });
    const probe = Object.entries<any>(JSON.parse(out).resource.azurerm_role_assignment).find(([id]) => id.startsWith("Probe"))![1];
    const attribute = (name: string) => expect.stringMatching(new RegExp(`^\\$\\{azurerm_user_assigned_identity\\.LakeKey_Identity_[^.]+\\.${name}\\}$`));
    expect(probe).toMatchObject({ scope: attribute("id"), principal_id: attribute("principal_id"), role_definition_name: attribute("client_id") });
  });

  test("defaults: an identity of its own with the encryption role on the one key", () => {
    const { out, key } = build();
    expect(out).toHaveResourceWithProperties(UserAssignedIdentity, {
      name: "id-medal-dev-weu-cmk-lake",
      location: "westeurope",
      resource_group_name: "rg-data",
    });
    expect(out).toHaveResourceWithProperties(RoleAssignment, {
      scope: `${KEYS_VAULT_ID}/keys/lake`,
      role_definition_name: "Key Vault Crypto Service Encryption User",
      principal_type: "ServicePrincipal",
    });
    expect(KEY_ENCRYPTION_ROLE).toBe("Key Vault Crypto Service Encryption User");
    expect(key.customerManagedKey.keyVaultResourceId).toBe(KEYS_VAULT_ID);
    expect(key.customerManagedKey.keyName).toBe("lake");
    expect(key.customerManagedKey.keyVersion).toBeUndefined();
    expect(key.customerManagedKey.dependsOn).toEqual([key.keyAccess]);
  });

  test("fails on a resource id that is not a Key Vault's", () => {
    expect(() => build({ keyVaultResourceId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st" })).toThrow(
      /LakeKey: key\.keyVaultResourceId must be a Key Vault resource id \(got .*storageAccounts\/st"\)\. Fix: give \/subscriptions\/<id>\/resourceGroups\/<group>\/providers\/Microsoft\.KeyVault\/vaults\/<name>/,
    );
  });

  test("fails on a key name Key Vault refuses", () => {
    expect(() => build({ keyName: "lake_key" })).toThrow(
      /LakeKey: key\.keyName must be 1-127 letters, digits and hyphens \(a Key Vault key name\) \(got "lake_key"\)/,
    );
  });
});

describe("key references", () => {
  const scope = Testing.app();
  test("the key URL derives from the vault's name: versionless, or pinned", () => {
    expect(keyVaultKeyUrl(scope, "customerManagedKey", { keyVaultResourceId: KEYS_VAULT_ID, keyName: "lake" })).toBe(
      "https://kv-medal-keys.vault.azure.net/keys/lake",
    );
    expect(keyVaultKeyUrl(scope, "customerManagedKey", { keyVaultResourceId: KEYS_VAULT_ID, keyName: "sql", keyVersion: KEY_VERSION })).toBe(
      `https://kv-medal-keys.vault.azure.net/keys/sql/${KEY_VERSION}`,
    );
    expect(keyResourceId({ keyVaultResourceId: KEYS_VAULT_ID, keyName: "sql" })).toBe(`${KEYS_VAULT_ID}/keys/sql`);
  });

  test("fails on a key version that is not 32 hexadecimal digits", () => {
    expect(() => checkCustomerManagedKey(scope, "customerManagedKey", { keyVaultResourceId: KEYS_VAULT_ID, keyName: "sql", keyVersion: "latest" })).toThrow(
      /customerManagedKey\.keyVersion must be 32 lowercase hexadecimal digits \(a Key Vault key version\) \(got "latest"\)/,
    );
  });

  test("fails on a vault name Key Vault refuses (double hyphen)", () => {
    expect(() =>
      keyVaultKeyUrl(scope, "customerManagedKey", { keyVaultResourceId: KEYS_VAULT_ID.replace("kv-medal-keys", "kv--keys"), keyName: "lake" }),
    ).toThrow(/customerManagedKey\.keyVaultResourceId must be a Key Vault resource id/);
  });

  test("fails naming every problem of a key at once", () => {
    expect(() => checkCustomerManagedKey(scope, "customerManagedKey", { keyVaultResourceId: KEYS_VAULT_ID, keyName: "sql_key", keyVersion: "latest" })).toThrow(
      /: 2 problems:\n- \S*: customerManagedKey\.keyName must be 1-127.*\n- \S*: customerManagedKey\.keyVersion must be 32 lowercase hexadecimal digits.*$/,
    );
  });
});
