import { parse } from "yaml";
import { AzureKeyVaultSecretProviderClass, azureProviderParameters, secretFileProblems } from "../../../constructs/kubernetes/secret-provider-class";

const secrets = {
  keyVaultName: "kv-dev-44a9dd69",
  tenantId: "99999999-9999-9999-9999-999999999999",
  clientId: "11111111-2222-3333-4444-555555555555",
  files: { "postgres-password": "shop-database-password", "api.key": "api-key" },
};

describe("AzureKeyVaultSecretProviderClass", () => {
  test("the Azure provider's parameters: workload identity (no pod or VM identity), each file an aliased secret", () => {
    const p = azureProviderParameters(secrets);
    expect(p).toMatchObject({
      usePodIdentity: "false",
      useVMManagedIdentity: "false",
      clientID: secrets.clientId,
      keyvaultName: secrets.keyVaultName,
      tenantID: secrets.tenantId,
    });
    // `objects` is YAML whose `array` holds YAML documents, one per object (the provider parses both levels).
    const objects = (parse(p.objects).array as string[]).map((o) => parse(o));
    expect(objects).toEqual([
      { objectName: "shop-database-password", objectType: "secret", objectAlias: "postgres-password" },
      { objectName: "api-key", objectType: "secret", objectAlias: "api.key" },
    ]);
  });

  test("validates against the driver's v1 CRD schema; no secretObjects (no Kubernetes Secret is made)", () => {
    const spc = new AzureKeyVaultSecretProviderClass({ name: "db-keyvault", namespace: "shop" }, secrets);
    expect(() => spc.validate()).not.toThrow();
    expect(spc.toJSON().spec).not.toHaveProperty("secretObjects");
  });

  test("fails validation on a field the schema does not know", () => {
    const spc = new AzureKeyVaultSecretProviderClass({ name: "db-keyvault", namespace: "shop" }, secrets);
    (spc.spec as any).provider = 42;
    expect(() => spc.validate()).toThrow(
      /SecretProviderClass shop\/db-keyvault does not match the secrets-store-csi-driver v1\.5\.3 CRD schema: \/spec\/provider must be string/,
    );
  });

  test("file problems: none for good names, each bad one named", () => {
    expect(secretFileProblems(secrets.files)).toEqual([]);
    expect(secretFileProblems({ "..": "ok", "a/b": "x", "..data": "y" }).map((p) => p.split('"')[1])).toEqual(["..", "a/b", "..data"]);
  });
});
