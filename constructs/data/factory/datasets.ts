import { DataFactoryDatasetAzureSqlTable } from "@cdktf/provider-azurerm/lib/data-factory-dataset-azure-sql-table";
import { DataFactoryDatasetDelimitedText } from "@cdktf/provider-azurerm/lib/data-factory-dataset-delimited-text";
import { DataFactoryDatasetParquet } from "@cdktf/provider-azurerm/lib/data-factory-dataset-parquet";
import { Construct } from "constructs";
import { IDataFactory } from "../data-factory";
import { checkFactoryEntityName } from "./factory-names";
import { ILinkedService } from "./linked-services";

/**
 * Parameterised datasets: one dataset per format serves every source and layer. Lake datasets resolve to the
 * date-partitioned folder `<layer>/<source>/yyyy/MM/dd` (filesystem = layer) from their parameters.
 */

/** Parameters of every lake dataset; activities pass them in their dataset references. */
export const LAKE_DATASET_PARAMETERS = ["layer", "source", "runDate"] as const;
export type LakeDatasetParameters = Record<(typeof LAKE_DATASET_PARAMETERS)[number], string>;

/** The folder convention: `<source>/yyyy/MM/dd` inside the layer's filesystem, from the run date. */
export const PARTITIONED_FOLDER = "@concat(dataset().source, '/', formatDateTime(dataset().runDate, 'yyyy/MM/dd'))";

/** A dataset that activities reference by name. */
export interface IDataset {
  readonly name: string;
}

interface DatasetProps {
  readonly factory: IDataFactory;
  readonly name: string;
  readonly linkedService: ILinkedService;
  /**
   * Folder in the factory's authoring UI.
   * @default "medallion"
   */
  readonly folder?: string;
}

// Defaults of dataset parameters; activities always pass real values.
const LAKE_PARAMETER_DEFAULTS: LakeDatasetParameters = { layer: "bronze", source: "unknown", runDate: "1970-01-01T00:00:00Z" };

const lakeLocation = {
  dynamicFileSystemEnabled: true,
  fileSystem: "@dataset().layer",
  dynamicPathEnabled: true,
  path: PARTITIONED_FOLDER,
};

/** Parquet files (snappy) in a date-partitioned lake folder. */
export class LakeParquetDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryDatasetParquet;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryDatasetParquet(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      linkedServiceName: props.linkedService.name,
      // The name is a literal, so Terraform needs the ordering spelled out: ADF rejects a dangling reference.
      dependsOn: [props.linkedService.resource],
      folder: props.folder ?? "medallion",
      parameters: LAKE_PARAMETER_DEFAULTS,
      azureBlobFsLocation: lakeLocation,
      compressionCodec: "snappy",
      description: "Parquet in <layer>/<source>/yyyy/MM/dd",
    });
    this.name = props.name;
  }
}

/** CSV files (UTF-8, header row, comma-separated) in a date-partitioned lake folder. */
export class LakeDelimitedTextDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryDatasetDelimitedText;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryDatasetDelimitedText(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      linkedServiceName: props.linkedService.name,
      dependsOn: [props.linkedService.resource],
      folder: props.folder ?? "medallion",
      parameters: LAKE_PARAMETER_DEFAULTS,
      azureBlobFsLocation: lakeLocation,
      columnDelimiter: ",",
      rowDelimiter: "\n",
      quoteCharacter: '"',
      escapeCharacter: "\\",
      encoding: "UTF-8",
      firstRowAsHeader: true,
      nullValue: "",
      description: "CSV in <layer>/<source>/yyyy/MM/dd",
    });
    this.name = props.name;
  }
}

/** A table of the serving database, chosen by the `schemaName` and `tableName` parameters. */
export class SqlTableDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryDatasetAzureSqlTable;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryDatasetAzureSqlTable(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      linkedServiceId: props.linkedService.id,
      folder: props.folder ?? "medallion",
      parameters: { schemaName: "dbo", tableName: "unknown" },
      schema: "@dataset().schemaName",
      table: "@dataset().tableName",
      description: "Serving table <schemaName>.<tableName>",
    });
    this.name = props.name;
  }
}
