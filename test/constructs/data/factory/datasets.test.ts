import { DataFactoryDatasetAzureSqlTable } from "@cdktf/provider-azurerm/lib/data-factory-dataset-azure-sql-table";
import { DataFactoryDatasetParquet } from "@cdktf/provider-azurerm/lib/data-factory-dataset-parquet";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { IDataFactory } from "../../../../constructs/data/data-factory";
import {
  CSV_DATASET_PARAMETERS,
  LAKE_DATASET_PARAMETERS,
  LakeDelimitedTextDataset,
  LakeFolderDataset,
  RFC4180_CSV,
  LakeParquetDataset,
  PARTITIONED_FOLDER,
  SqlTableDataset,
} from "../../../../constructs/data/factory/datasets";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet", resourceGroupName: "rg-data" };
// A linked service's resource, as the datasets' depends_on sees it.
const dependable = (fqn: string) => ({ fqn });
const lake = {
  entityKind: "LinkedService" as const,
  name: "ls_lake",
  id: "/factories/adf/linkedservices/ls_lake",
  resource: dependable("azurerm_data_factory_linked_service_data_lake_storage_gen2.lake"),
};
const sql = {
  entityKind: "LinkedService" as const,
  name: "ls_sql",
  id: "/factories/adf/linkedservices/ls_sql",
  resource: dependable("azurerm_data_factory_linked_service_azure_sql_database.sql"),
};

const synth = (fn: (scope: Construct) => void): string => Testing.synthScope(fn);

/** The date-partitioned location every lake dataset resolves from its parameters. */
const PARTITIONED_LOCATION = {
  dynamic_file_system_enabled: true,
  file_system: "@dataset().layer",
  dynamic_path_enabled: true,
  path: "@concat(dataset().source, '/', formatDateTime(dataset().runDate, 'yyyy/MM/dd'))",
};

describe("datasets", () => {
  test("lake datasets depend on their linked service, which they name by a literal", () => {
    const out = JSON.parse(synth((scope) => new LakeParquetDataset(scope, "Parquet", { factory, name: "ds_parquet", linkedService: lake })));
    expect(Object.values<any>(out.resource.azurerm_data_factory_dataset_parquet)[0].depends_on).toEqual([lake.resource.fqn]);
  });

  test("defaults: lake datasets take layer, source and runDate and resolve to <layer>/<source>/yyyy/MM/dd", () => {
    expect(LAKE_DATASET_PARAMETERS).toEqual(["layer", "source", "runDate"]);
    expect(PARTITIONED_FOLDER).toBe(PARTITIONED_LOCATION.path);
    const out = synth((scope) => {
      new LakeParquetDataset(scope, "Parquet", { factory, name: "ds_parquet", linkedService: lake });
      new LakeDelimitedTextDataset(scope, "Csv", { factory, name: "ds_csv", linkedService: lake });
      new LakeFolderDataset(scope, "Folder", { factory, name: "ds_folder", linkedService: lake });
    });
    const resources = JSON.parse(out).resource as Record<string, Record<string, Record<string, any>>>;
    const [parquet] = Object.values(resources.azurerm_data_factory_dataset_parquet);
    expect(Object.keys(parquet.parameters).sort()).toEqual(["layer", "runDate", "source"]);
    expect(parquet).toMatchObject({
      data_factory_id: factory.id,
      linked_service_name: "ls_lake",
      folder: "medallion",
      azure_blob_fs_location: PARTITIONED_LOCATION,
    });
    const custom = Object.values(resources.azurerm_data_factory_custom_dataset);
    expect(custom.map((d) => d.type).sort()).toEqual(["Binary", "DelimitedText"]);
    for (const ds of custom) {
      expect(ds).toMatchObject({ data_factory_id: factory.id, linked_service: { name: "ls_lake" }, folder: "medallion", depends_on: [lake.resource.fqn] });
      expect(Object.keys(ds.parameters)).toEqual(expect.arrayContaining(["layer", "runDate", "source"]));
      expect(JSON.parse(ds.type_properties_json).location).toEqual({
        type: "AzureBlobFSLocation",
        fileSystem: { value: "@dataset().layer", type: "Expression" },
        folderPath: { value: PARTITIONED_LOCATION.path, type: "Expression" },
      });
    }
  });

  test("parquet: snappy compression", () => {
    const out = synth((scope) => {
      const ds = new LakeParquetDataset(scope, "Parquet", { factory, name: "ds_parquet", linkedService: lake });
      expect(ds.name).toBe("ds_parquet");
    });
    expect(out).toHaveResourceWithProperties(DataFactoryDatasetParquet, { name: "ds_parquet", compression_codec: "snappy" });
  });

  test("csv: the dialect comes from parameters (RFC 4180 by default) and no row delimiter is set, so LF and CRLF both read", () => {
    const out = synth((scope) => {
      new LakeDelimitedTextDataset(scope, "Csv", { factory, name: "ds_csv", linkedService: lake });
    });
    const [ds] = Object.values<any>(JSON.parse(out).resource.azurerm_data_factory_custom_dataset);
    expect(CSV_DATASET_PARAMETERS).toEqual(["delimiter", "quote", "escape", "encoding", "header"]);
    expect(ds.parameters).toMatchObject(RFC4180_CSV);
    expect(RFC4180_CSV).toEqual({ delimiter: ",", quote: '"', escape: '"', encoding: "UTF-8", header: "true" });
    const props = JSON.parse(ds.type_properties_json);
    expect(props).not.toHaveProperty("rowDelimiter");
    expect(props).toMatchObject({
      columnDelimiter: { value: "@dataset().delimiter", type: "Expression" },
      quoteChar: { value: "@dataset().quote", type: "Expression" },
      escapeChar: { value: "@dataset().escape", type: "Expression" },
      encodingName: { value: "@dataset().encoding", type: "Expression" },
      firstRowAsHeader: { value: "@equals(toLower(dataset().header), 'true')", type: "Expression" },
      nullValue: "",
    });
  });

  test("folder: a binary dataset of the partition folder, for Get Metadata and Delete", () => {
    const out = synth((scope) => {
      new LakeFolderDataset(scope, "Folder", { factory, name: "ds_folder", linkedService: lake });
    });
    const [ds] = Object.values<any>(JSON.parse(out).resource.azurerm_data_factory_custom_dataset);
    expect(ds).toMatchObject({ name: "ds_folder", type: "Binary" });
    expect(Object.keys(JSON.parse(ds.type_properties_json))).toEqual(["location"]);
  });

  test("sql table: schema and table from dataset parameters, linked by id", () => {
    const out = synth((scope) => {
      new SqlTableDataset(scope, "Table", { factory, name: "ds_sql", linkedService: sql });
    });
    expect(out).toHaveResourceWithProperties(DataFactoryDatasetAzureSqlTable, {
      name: "ds_sql",
      linked_service_id: "/factories/adf/linkedservices/ls_sql",
      parameters: { schemaName: "dbo", tableName: "unknown" },
      schema: "@dataset().schemaName",
      table: "@dataset().tableName",
      folder: "medallion",
    });
  });

  test("folder: overrides the authoring folder", () => {
    const out = synth((scope) => {
      new LakeParquetDataset(scope, "Parquet", { factory, name: "ds_parquet", linkedService: lake, folder: "shared/lake" });
    });
    expect(out).toHaveResourceWithProperties(DataFactoryDatasetParquet, { folder: "shared/lake" });
  });

  test("fails for a name with a forbidden character", () => {
    expect(() =>
      synth((scope) => {
        new LakeParquetDataset(scope, "Parquet", { factory, name: "ds:parquet", linkedService: lake });
      }),
    ).toThrow(/Parquet: name must be 1-140 characters starting with a letter, digit or _/);
  });

  test("fails for an empty name", () => {
    expect(() =>
      synth((scope) => {
        new SqlTableDataset(scope, "Table", { factory, name: "", linkedService: sql });
      }),
    ).toThrow(/Table: name must be 1-140 characters/);
  });
});
