import { DataFactoryDatasetAzureSqlTable } from "@cdktf/provider-azurerm/lib/data-factory-dataset-azure-sql-table";
import { DataFactoryCustomDataset } from "@cdktf/provider-azurerm/lib/data-factory-custom-dataset";
import { DataFactoryDatasetParquet } from "@cdktf/provider-azurerm/lib/data-factory-dataset-parquet";
import { Construct } from "constructs";
import { IDataFactory } from "../data-factory";
import { checkFactoryEntityName } from "./factory-names";
import { ILinkedService } from "./linked-services";
import { IFactoryEntity } from "./entity";

/**
 * Parameterised datasets: one dataset per format serves every source and layer. Lake datasets resolve to the
 * date-partitioned folder `<layer>/<source>/yyyy/MM/dd` (filesystem = layer) from their parameters.
 */

/** Parameters of every lake dataset; activities pass them in their dataset references. */
export const LAKE_DATASET_PARAMETERS = ["layer", "source", "runDate"] as const;
export type LakeDatasetParameters = Record<(typeof LAKE_DATASET_PARAMETERS)[number], string>;

/** The folder convention: `<source>/yyyy/MM/dd` inside the layer's filesystem, from the run date. */
export const PARTITIONED_FOLDER = "@concat(dataset().source, '/', formatDateTime(dataset().runDate, 'yyyy/MM/dd'))";

/** A dataset: what activities refer to ({@link datasetRef}). */
export interface IDataset extends IFactoryEntity {
  readonly entityKind: "Dataset";
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

/**
 * Parquet files (snappy) in a date-partitioned lake folder.
 *
 * @example
 * ```ts
 * new LakeParquetDataset(this, "BronzeParquet", { factory, name: "ds_lake_parquet", linkedService: lakeLinked });
 * ```
 */
export class LakeParquetDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryDatasetParquet;
  public readonly name: string;
  public readonly entityKind = "Dataset";

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

/** Dataset parameters of {@link LakeDelimitedTextDataset} besides the lake ones: the CSV dialect of one source. */
export const CSV_DATASET_PARAMETERS = ["delimiter", "quote", "escape", "encoding", "header"] as const;
export type CsvDatasetParameters = Record<(typeof CSV_DATASET_PARAMETERS)[number], string>;

/** RFC 4180: comma, double quote escaped by doubling, UTF-8, a header row. */
export const RFC4180_CSV: CsvDatasetParameters = { delimiter: ",", quote: '"', escape: '"', encoding: "UTF-8", header: "true" };

/** An ADF dataset property whose value comes from an expression. */
const dynamic = (value: string) => ({ value, type: "Expression" });

/** The lake location of a custom dataset: `<layer>` filesystem, `<source>/yyyy/MM/dd` folder. */
const customLakeLocation = { type: "AzureBlobFSLocation", fileSystem: dynamic("@dataset().layer"), folderPath: dynamic(PARTITIONED_FOLDER) };

/**
 * A custom dataset (`azurerm_data_factory_custom_dataset`) of a date-partitioned lake folder: Data Factory's own
 * JSON for what azurerm's typed datasets cannot express.
 */
abstract class CustomLakeDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryCustomDataset;
  public readonly name: string;
  public readonly entityKind = "Dataset";

  protected constructor(
    scope: Construct,
    id: string,
    props: DatasetProps,
    dataset: {
      readonly type: string;
      readonly parameters?: Record<string, string>;
      readonly typeProperties?: Record<string, unknown>;
      readonly description: string;
    },
  ) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    this.resource = new DataFactoryCustomDataset(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      type: dataset.type,
      linkedService: { name: props.linkedService.name },
      // The name is a literal, so Terraform needs the ordering spelled out: ADF rejects a dangling reference.
      dependsOn: [props.linkedService.resource],
      folder: props.folder ?? "medallion",
      parameters: { ...LAKE_PARAMETER_DEFAULTS, ...dataset.parameters },
      typePropertiesJson: JSON.stringify({ location: customLakeLocation, ...dataset.typeProperties }),
      description: dataset.description,
    });
    this.name = props.name;
  }
}

/**
 * CSV files in a date-partitioned lake folder, with the dialect (delimiter, quote, escape, encoding, header) as
 * parameters, so each source passes its own. It is a custom dataset because the typed delimited-text resource
 * always sends `rowDelimiter` (an empty one when unset): only a dataset without it reads files ending lines with
 * LF, CRLF or CR alike (Data Factory's documented default for reading).
 *
 * @example
 * ```ts
 * new LakeDelimitedTextDataset(this, "LandingCsv", { factory, name: "ds_landing_csv", linkedService: lakeLinked });
 * ```
 */
export class LakeDelimitedTextDataset extends CustomLakeDataset {
  constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id, props, {
      type: "DelimitedText",
      parameters: RFC4180_CSV,
      typeProperties: {
        columnDelimiter: dynamic("@dataset().delimiter"),
        quoteChar: dynamic("@dataset().quote"),
        escapeChar: dynamic("@dataset().escape"),
        encodingName: dynamic("@dataset().encoding"),
        // azurerm declares dataset parameters as strings; the comparison makes the boolean the property needs.
        firstRowAsHeader: dynamic("@equals(toLower(dataset().header), 'true')"),
        nullValue: "",
      },
      description: "CSV in <layer>/<source>/yyyy/MM/dd, dialect from parameters, any line ending",
    });
  }
}

/**
 * A date-partitioned lake folder as a binary dataset: what Get Metadata and Delete take to test for and remove
 * a whole partition (a custom dataset: azurerm's binary dataset has no ADLS Gen2 location).
 *
 * @example
 * ```ts
 * new LakeFolderDataset(this, "LandingFolder", { factory, name: "ds_landing_folder", linkedService: lakeLinked });
 * ```
 */
export class LakeFolderDataset extends CustomLakeDataset {
  constructor(scope: Construct, id: string, props: DatasetProps) {
    super(scope, id, props, { type: "Binary", description: "The folder <layer>/<source>/yyyy/MM/dd (binary), for Get Metadata and Delete" });
  }
}

/**
 * A table of the serving database, chosen by the `schemaName` and `tableName` parameters.
 *
 * @example
 * ```ts
 * new SqlTableDataset(this, "GoldTable", { factory, name: "ds_sql_table", linkedService: sqlLinked });
 * ```
 */
export class SqlTableDataset extends Construct implements IDataset {
  public readonly resource: DataFactoryDatasetAzureSqlTable;
  public readonly name: string;
  public readonly entityKind = "Dataset";

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
