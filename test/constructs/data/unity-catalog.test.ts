import { Testing } from "cdktf";
import { Catalog } from "@cdktf/provider-databricks/lib/catalog";
import { StorageCredential } from "@cdktf/provider-databricks/lib/storage-credential";
import {
  CATALOG_SCHEMAS,
  UNITY_CATALOG_FILESYSTEM,
  UNITY_CATALOG_LAKE_DEFAULTS,
  UnityCatalogLake,
  UnityCatalogLakeProps,
} from "../../../constructs/data/unity-catalog";

const base: UnityCatalogLakeProps = {
  accessConnectorId: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/dbac",
  storageAccountName: "stlake",
  filesystems: ["landing", "bronze", "silver", "gold"],
  catalogName: "medal_dev",
  storageCredentialName: "medal_dev_lake",
  externalLocationName: (fs) => `medal_dev_${fs}`,
};
const SP = "0f0e0d0c-0b0a-0908-0706-050403020100";

function build(props: Partial<UnityCatalogLakeProps> = {}) {
  let uc: UnityCatalogLake | undefined;
  const out = Testing.synthScope((scope) => {
    uc = new UnityCatalogLake(scope, "Uc", { ...base, ...props });
  });
  return { out, tf: JSON.parse(out), uc: uc as UnityCatalogLake };
}
const all = (tf: any, type: string): any[] => Object.values(tf.resource?.[type] ?? {});

describe("UnityCatalogLake", () => {
  test("defaults: credential from the access connector, validation skipped, everything isolated to the workspace, no grant", () => {
    const { out, tf } = build();
    expect(UNITY_CATALOG_LAKE_DEFAULTS).toEqual({ fileAccess: {}, skipValidation: true });
    expect(out).toHaveResourceWithProperties(StorageCredential, {
      name: "medal_dev_lake",
      azure_managed_identity: { access_connector_id: base.accessConnectorId },
      isolation_mode: "ISOLATION_MODE_ISOLATED",
      skip_validation: true,
    });
    expect(
      all(tf, "databricks_external_location")
        .map((l) => [l.name, l.url, l.skip_validation, l.isolation_mode])
        .sort(),
    ).toEqual(
      [...base.filesystems, UNITY_CATALOG_FILESYSTEM]
        .sort()
        .map((fs) => [`medal_dev_${fs}`, `abfss://${fs}@stlake.dfs.core.windows.net/`, true, "ISOLATION_MODE_ISOLATED"]),
    );
    expect(out).toHaveResourceWithProperties(Catalog, {
      name: "medal_dev",
      isolation_mode: "ISOLATED",
      storage_root: "abfss://catalog@stlake.dfs.core.windows.net/medal_dev/_catalog",
    });
    expect(
      all(tf, "databricks_schema")
        .map((s) => [s.name, s.storage_root])
        .sort(),
    ).toEqual([...CATALOG_SCHEMAS].sort().map((s) => [s, `abfss://catalog@stlake.dfs.core.windows.net/medal_dev/${s}`]));
    expect(all(tf, "databricks_grants")).toEqual([]);
  });

  test("managed storage waits for the external location that covers it", () => {
    const { tf } = build();
    const [catalog] = all(tf, "databricks_catalog");
    expect(catalog.depends_on).toEqual([expect.stringMatching(/^databricks_external_location\.Uc_ExternalLocation-catalog_/)]);
  });

  test("fileAccess: one authoritative grant per location, READ_FILES or READ_FILES + WRITE_FILES, principals sorted", () => {
    const { tf } = build({ fileAccess: { [SP]: { bronze: "read", silver: "readWrite" }, "data-engineers": { silver: "read" } } });
    const grants = Object.fromEntries(all(tf, "databricks_grants").map((g) => [g.external_location.match(/ExternalLocation-(\w+)_/)[1], g.grant]));
    expect(grants).toEqual({
      bronze: [{ principal: SP, privileges: ["READ_FILES"] }],
      silver: [
        { principal: SP, privileges: ["READ_FILES", "WRITE_FILES"] },
        { principal: "data-engineers", privileges: ["READ_FILES"] },
      ],
    });
  });

  test("skipValidation false: validation on, with a warning", () => {
    let uc: UnityCatalogLake | undefined;
    const out = Testing.synthScope((scope) => {
      uc = new UnityCatalogLake(scope, "Uc", { ...base, skipValidation: false });
    });
    expect(JSON.parse(out).resource.databricks_storage_credential).toEqual(expect.anything());
    expect(Object.values<any>(JSON.parse(out).resource.databricks_storage_credential)[0].skip_validation).toBe(false);
    const warnings = uc!.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^skipValidation opts out of a secure default/)]);
  });

  test("fails for a catalog name with capitals or hyphens", () => {
    expect(() => build({ catalogName: "Medal-Dev" })).toThrow(
      /Uc: catalogName must be lowercase letters, digits and _, starting with a letter \(got "Medal-Dev"\)/,
    );
  });

  test("fails for an invalid storage account name", () => {
    expect(() => build({ storageAccountName: "st_lake" })).toThrow(/storageAccountName must be 3-24 lowercase letters and digits/);
  });

  test("fails without filesystems", () => {
    expect(() => build({ filesystems: [] })).toThrow(/filesystems must name at least one filesystem/);
  });

  test("fails for access to a filesystem without an external location, or an unknown level", () => {
    expect(() => build({ fileAccess: { [SP]: { archive: "read" } } })).toThrow(
      /fileAccess\.0f0e0d0c-0b0a-0908-0706-050403020100 names a filesystem without an external location \(got "archive"\)/,
    );
    expect(() => build({ fileAccess: { [SP]: { gold: "write" as never } } })).toThrow(
      /fileAccess\.0f0e0d0c-0b0a-0908-0706-050403020100\.gold must be read or readWrite/,
    );
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ catalogName: "Medal-Dev", fileAccess: { [SP]: { archive: "read", gold: "write" as never } } })).toThrow(
      /: 3 problems:\n- \S+: catalogName must be.*\n- \S+: fileAccess\.\S+ names a filesystem without an external location.*\n- \S+: fileAccess\.\S+\.gold must be read or readWrite.*$/,
    );
  });
});
