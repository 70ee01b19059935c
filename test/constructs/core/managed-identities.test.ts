import { Testing } from "cdktf";
import { DataFactory as AzDataFactory } from "@cdktf/provider-azurerm/lib/data-factory";
import { MssqlServer } from "@cdktf/provider-azurerm/lib/mssql-server";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { Construct } from "constructs";
import { identityBlock } from "../../../constructs/core/managed-identities";
import { DataFactory } from "../../../constructs/data/data-factory";
import { DataLake } from "../../../constructs/data/data-lake";
import { SqlDatabaseSku } from "../../../constructs/data/sql-database-sku";
import { SqlServing } from "../../../constructs/data/sql-serving";

const UAMI = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-cmk";
const placement = { location: "westeurope", resourceGroupName: "rg" };

describe("identityBlock (AVM managed_identities)", () => {
  const scope = new Construct(Testing.app(), "Scope");
  test("defaults to the system-assigned identity", () => {
    expect(identityBlock(scope, undefined)).toEqual({ type: "SystemAssigned" });
  });
  test("adds user-assigned identities to the system-assigned one", () => {
    expect(identityBlock(scope, { userAssignedResourceIds: [UAMI] })).toEqual({ type: "SystemAssigned, UserAssigned", identityIds: [UAMI] });
  });
  test("uses only user-assigned identities when the system-assigned one is off", () => {
    expect(identityBlock(scope, { systemAssigned: false, userAssignedResourceIds: [UAMI] })).toEqual({ type: "UserAssigned", identityIds: [UAMI] });
  });
  test("fails when no identity is left", () => {
    expect(() => identityBlock(scope, { systemAssigned: false })).toThrow(
      /Scope: managedIdentities must enable the system-assigned identity or give user-assigned ones/,
    );
  });
});

describe("managedIdentities on the data constructs", () => {
  test("DataLake takes user-assigned identities", () => {
    const out = Testing.synthScope((s) => new DataLake(s, "Lake", { ...placement, name: "stlake", managedIdentities: { userAssignedResourceIds: [UAMI] } }));
    expect(out).toHaveResourceWithProperties(StorageAccount, { identity: { type: "SystemAssigned, UserAssigned", identity_ids: [UAMI] } });
  });

  test("DataFactory takes user-assigned identities", () => {
    const out = Testing.synthScope(
      (s) => new DataFactory(s, "Factory", { ...placement, name: "adf-x-1", managedIdentities: { userAssignedResourceIds: [UAMI] } }),
    );
    expect(out).toHaveResourceWithProperties(AzDataFactory, { identity: { type: "SystemAssigned, UserAssigned", identity_ids: [UAMI] } });
  });

  test("DataFactory without a system-assigned identity cannot be granted access", () => {
    Testing.synthScope((s) => {
      const factory = new DataFactory(s, "Factory", {
        ...placement,
        name: "adf-x-1",
        managedIdentities: { systemAssigned: false, userAssignedResourceIds: [UAMI] },
      });
      expect(() => factory.identity).toThrow(/Factory: managedIdentities\.systemAssigned is false, but the factory's identity is needed for a grant/);
    });
  });

  test("SqlServing makes the first user-assigned identity primary", () => {
    const out = Testing.synthScope(
      (s) =>
        new SqlServing(s, "Sql", {
          ...placement,
          serverName: "sql-x",
          databaseName: "db",
          entraAdmin: { loginName: "admins", objectId: "00000000-0000-0000-0000-000000000001" },
          sku: SqlDatabaseSku.generalPurpose(2),
          auditing: { workspaceId: "/law" },
          managedIdentities: { systemAssigned: false, userAssignedResourceIds: [UAMI] },
        }),
    );
    expect(out).toHaveResourceWithProperties(MssqlServer, {
      identity: { type: "UserAssigned", identity_ids: [UAMI] },
      primary_user_assigned_identity_id: UAMI,
    });
  });
});
