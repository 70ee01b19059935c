import { Dynamic, toDynamic } from "../expression";
import { checkInt, checkNonEmpty, checkTimespan, DatasetReference, renderDatasetReference, compact } from "./base";
import { ExecutionActivity, ExecutionActivityProps } from "./execution";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";

/** Read settings of ADLS Gen2 (`AzureBlobFSReadSettings`) or Blob storage (`AzureBlobStorageReadSettings`). */
export interface BlobReadSettings {
  readonly type: "AzureBlobFSReadSettings" | "AzureBlobStorageReadSettings";
  /** Read sub-folders too. @default true */
  readonly recursive?: Dynamic<boolean>;
  /** Folder wildcard, e.g. `raw/2024/*`. @default - the dataset's folder */
  readonly wildcardFolderPath?: Dynamic<string>;
  /** File wildcard, e.g. `*.csv`. @default - the dataset's file */
  readonly wildcardFileName?: Dynamic<string>;
  /** Blob name prefix (Blob storage only). @default - none */
  readonly prefix?: Dynamic<string>;
  /** Text file listing the files to copy. @default - none */
  readonly fileListPath?: Dynamic<string>;
  /** Parse `key=value` folders into columns. @default false */
  readonly enablePartitionDiscovery?: Dynamic<boolean>;
  /** Root folder of partition discovery. @default - the dataset's folder */
  readonly partitionRootPath?: Dynamic<string>;
  /** Delete source files after a successful copy. @default false */
  readonly deleteFilesAfterCompletion?: Dynamic<boolean>;
  /** Only files modified at or after this UTC time. @default - no filter */
  readonly modifiedDatetimeStart?: Dynamic<string>;
  /** Only files modified before this UTC time. @default - no filter */
  readonly modifiedDatetimeEnd?: Dynamic<string>;
  /** Maximum concurrent connections to the store. @default - no limit */
  readonly maxConcurrentConnections?: number;
}

/** Write settings of ADLS Gen2 (`AzureBlobFSWriteSettings`) or Blob storage (`AzureBlobStorageWriteSettings`). */
export interface BlobWriteSettings {
  readonly type: "AzureBlobFSWriteSettings" | "AzureBlobStorageWriteSettings";
  /** How source folders map to sink files. @default "PreserveHierarchy" */
  readonly copyBehavior?: "PreserveHierarchy" | "FlattenHierarchy" | "MergeFiles";
  /** Block size in MB (4..100). @default - service default */
  readonly blockSizeInMB?: number;
  /** Maximum concurrent connections to the store. @default - no limit */
  readonly maxConcurrentConnections?: number;
  /** Custom metadata set on written files. @default - none */
  readonly metadata?: ReadonlyArray<{ readonly name: Dynamic<string>; readonly value: Dynamic<string> }>;
}

/** `DelimitedTextReadSettings`. */
export interface DelimitedTextReadSettings {
  readonly type: "DelimitedTextReadSettings";
  /** Non-empty rows skipped at the start of each file (>= 0). @default 0 */
  readonly skipLineCount?: number;
}

/** `ParquetReadSettings`. */
export interface ParquetReadSettings {
  readonly type: "ParquetReadSettings";
}

/** `ParquetWriteSettings`. */
export interface ParquetWriteSettings {
  readonly type: "ParquetWriteSettings";
  /** Split output into files of at most this many rows (>= 1). @default - one file */
  readonly maxRowsPerFile?: number;
  /** Output file name prefix; needs maxRowsPerFile. @default - generated names */
  readonly fileNamePrefix?: string;
}

/** Copy source reading delimited text files. */
export interface DelimitedTextSource {
  readonly type: "DelimitedTextSource";
  /** Store read settings. @default - read the dataset location */
  readonly storeSettings?: BlobReadSettings;
  /** Format read settings. @default - none */
  readonly formatSettings?: DelimitedTextReadSettings;
}

/** Copy source reading Parquet files. */
export interface ParquetSource {
  readonly type: "ParquetSource";
  /** Store read settings. @default - read the dataset location */
  readonly storeSettings?: BlobReadSettings;
  /** Format read settings. @default - none */
  readonly formatSettings?: ParquetReadSettings;
}

/** A stored procedure argument. */
export interface StoredProcedureParameter {
  readonly value: Dynamic<string>;
  /** SQL type, e.g. `Int64`, `String`, `DateTime`. @default - inferred by the service */
  readonly type?: string;
}

/** Upsert options of {@link AzureSqlSink}. */
export interface SqlUpsertSettings {
  /** Key columns identifying a row. @default - the table's primary key */
  readonly keys?: readonly string[];
  /** Stage rows in tempdb (false: in interimSchemaName). @default true */
  readonly useTempDB?: boolean;
  /** Schema of the interim table when useTempDB is false. @default - none */
  readonly interimSchemaName?: string;
}

/** Copy/Lookup source reading Azure SQL Database. */
export interface AzureSqlSource {
  readonly type: "AzureSqlSource";
  /** Query to run (exclusive with sqlReaderStoredProcedureName). @default - the whole dataset table */
  readonly sqlReaderQuery?: Dynamic<string>;
  /** Stored procedure to run (exclusive with sqlReaderQuery). @default - none */
  readonly sqlReaderStoredProcedureName?: Dynamic<string>;
  /** Stored procedure arguments. @default - none */
  readonly storedProcedureParameters?: Record<string, StoredProcedureParameter>;
  /** Query timeout, `hh:mm:ss`. @default "02:00:00" */
  readonly queryTimeout?: string;
  /** Transaction isolation level. @default "ReadCommitted" */
  readonly isolationLevel?: "ReadCommitted" | "ReadUncommitted" | "RepeatableRead" | "Serializable" | "Snapshot";
  /** Parallel read partitioning. @default "None" */
  readonly partitionOption?: "None" | "PhysicalPartitionsOfTable" | "DynamicRange";
}

/** Copy sink writing Parquet files. */
export interface ParquetSink {
  readonly type: "ParquetSink";
  /** Store write settings. @default - write to the dataset location */
  readonly storeSettings?: BlobWriteSettings;
  /** Format write settings. @default - none */
  readonly formatSettings?: ParquetWriteSettings;
}

/** Copy sink writing Azure SQL Database. */
export interface AzureSqlSink {
  readonly type: "AzureSqlSink";
  /** SQL run before the copy, e.g. a DELETE of the rows being replaced (TRUNCATE needs ALTER on the table). @default - none */
  readonly preCopyScript?: Dynamic<string>;
  /**
   * `autoCreate` creates the table from the source schema if missing, which needs DDL rights on the database
   * (rule ADF-007 refuses it). @default - the table must exist
   */
  readonly tableOption?: "autoCreate";
  /** Insert, upsert (see upsertSettings) or call sqlWriterStoredProcedureName. @default "Insert" */
  readonly writeBehavior?: "Insert" | "Upsert" | "StoredProcedure";
  /** Upsert keys and interim table; only with writeBehavior "Upsert". @default - primary key, tempdb */
  readonly upsertSettings?: SqlUpsertSettings;
  /** Stored procedure for writeBehavior "StoredProcedure". @default - none */
  readonly sqlWriterStoredProcedureName?: Dynamic<string>;
  /** Table type passed to the stored procedure. @default - none */
  readonly sqlWriterTableType?: Dynamic<string>;
  /** Stored procedure parameter name of the table type. @default - none */
  readonly storedProcedureTableTypeParameterName?: Dynamic<string>;
  /** Rows per batch (>= 1). @default - chosen by the service */
  readonly writeBatchSize?: number;
  /** Batch timeout, `hh:mm:ss`. @default "00:30:00" */
  readonly writeBatchTimeout?: string;
  /** Take a table lock during bulk insert. @default false */
  readonly sqlWriterUseTableLock?: boolean;
}

/** Sources supported by {@link CopyActivity} and {@link LookupActivity}. */
export type CopySource = DelimitedTextSource | ParquetSource | AzureSqlSource;
/** Sinks supported by {@link CopyActivity}. */
export type CopySink = ParquetSink | AzureSqlSink;

const STORE_READ_TYPES = ["AzureBlobFSReadSettings", "AzureBlobStorageReadSettings"];
const STORE_WRITE_TYPES = ["AzureBlobFSWriteSettings", "AzureBlobStorageWriteSettings"];

/** Copies the listed keys in order (undefined dropped, `@...` strings as Expressions); throws on unknown keys. */
function pick(owner: string, prop: string, obj: object, keys: readonly string[]): Record<string, unknown> {
  const o = obj as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw propErrorAt(owner, prop, `has unsupported properties for ${String(o.type)}`, unknown, `use only ${keys.join(", ")}.`);
  }
  return compact(Object.fromEntries(keys.map((k) => [k, toDynamic(o[k] as Dynamic<unknown>)])));
}

function checkType(owner: string, prop: string, type: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(type as string)) throw propErrorAt(owner, prop, `type must be one of ${allowed.join(", ")}`, type, "pick a supported type.");
}

export function renderStoreRead(owner: string, prop: string, s: BlobReadSettings | undefined): Record<string, unknown> | undefined {
  if (s === undefined) return undefined;
  checkType(owner, prop, s.type, STORE_READ_TYPES);
  if (s.prefix !== undefined && s.type !== "AzureBlobStorageReadSettings") {
    throw propErrorAt(
      owner,
      `${prop}.prefix`,
      "is only supported by AzureBlobStorageReadSettings",
      s.prefix,
      "use wildcardFolderPath/wildcardFileName for ADLS Gen2.",
    );
  }
  checkInt(owner, `${prop}.maxConcurrentConnections`, s.maxConcurrentConnections, 1);
  return pick(owner, prop, s, [
    "type",
    "recursive",
    "wildcardFolderPath",
    "wildcardFileName",
    "prefix",
    "fileListPath",
    "enablePartitionDiscovery",
    "partitionRootPath",
    "deleteFilesAfterCompletion",
    "modifiedDatetimeStart",
    "modifiedDatetimeEnd",
    "maxConcurrentConnections",
  ]);
}

function renderStoreWrite(owner: string, prop: string, s: BlobWriteSettings | undefined): Record<string, unknown> | undefined {
  if (s === undefined) return undefined;
  checkType(owner, prop, s.type, STORE_WRITE_TYPES);
  checkInt(owner, `${prop}.blockSizeInMB`, s.blockSizeInMB, 4, 100);
  checkInt(owner, `${prop}.maxConcurrentConnections`, s.maxConcurrentConnections, 1);
  const out = pick(owner, prop, s, ["type", "copyBehavior", "blockSizeInMB", "maxConcurrentConnections", "metadata"]);
  if (s.metadata) out.metadata = s.metadata.map((m) => ({ name: toDynamic(m.name), value: toDynamic(m.value) }));
  return out;
}

/** Validates and renders a {@link CopySource}. */
export function renderSource(owner: string, source: CopySource): Record<string, unknown> {
  const prop = "source";
  switch (source?.type) {
    case "DelimitedTextSource": {
      const f = source.formatSettings;
      if (f) checkType(owner, `${prop}.formatSettings`, f.type, ["DelimitedTextReadSettings"]);
      checkInt(owner, `${prop}.formatSettings.skipLineCount`, f?.skipLineCount, 0);
      return compact({
        ...pick(owner, prop, source, ["type", "storeSettings", "formatSettings"]),
        storeSettings: renderStoreRead(owner, `${prop}.storeSettings`, source.storeSettings),
        formatSettings: f && pick(owner, `${prop}.formatSettings`, f, ["type", "skipLineCount"]),
      });
    }
    case "ParquetSource": {
      const f = source.formatSettings;
      if (f) checkType(owner, `${prop}.formatSettings`, f.type, ["ParquetReadSettings"]);
      return compact({
        ...pick(owner, prop, source, ["type", "storeSettings", "formatSettings"]),
        storeSettings: renderStoreRead(owner, `${prop}.storeSettings`, source.storeSettings),
        formatSettings: f && pick(owner, `${prop}.formatSettings`, f, ["type"]),
      });
    }
    case "AzureSqlSource": {
      if (source.sqlReaderQuery !== undefined && source.sqlReaderStoredProcedureName !== undefined) {
        throw propErrorAt(
          owner,
          `${prop}.sqlReaderQuery`,
          "cannot be combined with sqlReaderStoredProcedureName",
          source.sqlReaderQuery,
          "set only one of them.",
        );
      }
      checkTimespan(owner, `${prop}.queryTimeout`, source.queryTimeout);
      const out = pick(owner, prop, source, [
        "type",
        "sqlReaderQuery",
        "sqlReaderStoredProcedureName",
        "storedProcedureParameters",
        "queryTimeout",
        "isolationLevel",
        "partitionOption",
      ]);
      const spp = source.storedProcedureParameters;
      if (spp)
        out.storedProcedureParameters = Object.fromEntries(
          Object.keys(spp)
            .sort()
            .map((k) => [k, compact({ value: toDynamic(spp[k].value), type: spp[k].type })]),
        );
      return out;
    }
    default:
      throw propErrorAt(
        owner,
        `${prop}.type`,
        "must be DelimitedTextSource, ParquetSource or AzureSqlSource",
        (source as { type?: unknown })?.type,
        "pick a supported source.",
      );
  }
}

function renderSink(owner: string, sink: CopySink): Record<string, unknown> {
  const prop = "sink";
  switch (sink?.type) {
    case "ParquetSink": {
      const f = sink.formatSettings;
      if (f) {
        checkType(owner, `${prop}.formatSettings`, f.type, ["ParquetWriteSettings"]);
        checkInt(owner, `${prop}.formatSettings.maxRowsPerFile`, f.maxRowsPerFile, 1);
        if (f.fileNamePrefix !== undefined && f.maxRowsPerFile === undefined) {
          throw propErrorAt(
            owner,
            `${prop}.formatSettings.fileNamePrefix`,
            "only applies when maxRowsPerFile is set",
            f.fileNamePrefix,
            "set maxRowsPerFile or drop fileNamePrefix.",
          );
        }
      }
      return compact({
        ...pick(owner, prop, sink, ["type", "storeSettings", "formatSettings"]),
        storeSettings: renderStoreWrite(owner, `${prop}.storeSettings`, sink.storeSettings),
        formatSettings: f && pick(owner, `${prop}.formatSettings`, f, ["type", "maxRowsPerFile", "fileNamePrefix"]),
      });
    }
    case "AzureSqlSink": {
      const behavior = sink.writeBehavior ?? "Insert";
      if (sink.upsertSettings !== undefined && behavior !== "Upsert") {
        throw propErrorAt(
          owner,
          `${prop}.upsertSettings`,
          'only applies when writeBehavior is "Upsert"',
          behavior,
          'set writeBehavior: "Upsert" or drop upsertSettings.',
        );
      }
      if (behavior === "StoredProcedure" && sink.sqlWriterStoredProcedureName === undefined) {
        throw propErrorAt(
          owner,
          `${prop}.sqlWriterStoredProcedureName`,
          'is required when writeBehavior is "StoredProcedure"',
          undefined,
          "name the stored procedure.",
        );
      }
      checkInt(owner, `${prop}.writeBatchSize`, sink.writeBatchSize, 1);
      checkTimespan(owner, `${prop}.writeBatchTimeout`, sink.writeBatchTimeout);
      const out = pick(owner, prop, sink, [
        "type",
        "preCopyScript",
        "tableOption",
        "writeBehavior",
        "upsertSettings",
        "sqlWriterStoredProcedureName",
        "sqlWriterTableType",
        "storedProcedureTableTypeParameterName",
        "writeBatchSize",
        "writeBatchTimeout",
        "sqlWriterUseTableLock",
      ]);
      const u = sink.upsertSettings;
      if (u) out.upsertSettings = pick(owner, `${prop}.upsertSettings`, { ...u, keys: u.keys && [...u.keys] }, ["useTempDB", "interimSchemaName", "keys"]);
      return out;
    }
    default:
      throw propErrorAt(owner, `${prop}.type`, "must be ParquetSink or AzureSqlSink", (sink as { type?: unknown })?.type, "pick a supported sink.");
  }
}

/** Options of {@link CopyActivity}. */
export interface CopyActivityProps extends ExecutionActivityProps {
  /** The dataset read (ADF Copy takes exactly one input). */
  readonly input: DatasetReference;
  /** The dataset written (ADF Copy takes exactly one output). */
  readonly output: DatasetReference;
  readonly source: CopySource;
  readonly sink: CopySink;
  /** Data integration units (2..256). @default - "Auto" (chosen by the service) */
  readonly dataIntegrationUnits?: number;
  /** Parallel copy sessions (1..256). @default - chosen by the service */
  readonly parallelCopies?: number;
  /** Skip rows that cannot be written instead of failing. @default false */
  readonly enableSkipIncompatibleRow?: boolean;
  /** Explicit source -> sink column mapping (TabularTranslator). @default - map by column name */
  readonly columnMappings?: ReadonlyArray<{ readonly source: string; readonly sink: string }>;
}

/** Copies data from one dataset to another (`Copy`). */
export class CopyActivity extends ExecutionActivity {
  public readonly type = "Copy";

  constructor(
    name: string,
    private readonly props: CopyActivityProps,
  ) {
    super(name, props, "CopyActivity");
    collectProblemsAt(this.label, [
      () => this.refersTo("input", "Dataset", props.input),
      () => this.refersTo("output", "Dataset", props.output),
      () => checkInt(this.label, "dataIntegrationUnits", props.dataIntegrationUnits, 2, 256),
      () => checkInt(this.label, "parallelCopies", props.parallelCopies, 1, 256),
      ...(props.columnMappings ?? []).flatMap((m) => [
        () => checkNonEmpty(this.label, "columnMappings[].source", m.source),
        () => checkNonEmpty(this.label, "columnMappings[].sink", m.sink),
      ]),
      () => renderSource(this.label, props.source),
      () => renderSink(this.label, props.sink),
    ]);
  }

  protected override renderExtra(): Record<string, unknown> {
    return {
      inputs: [renderDatasetReference(this.label, "input", this.props.input)],
      outputs: [renderDatasetReference(this.label, "output", this.props.output)],
    };
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    const p = this.props;
    return compact({
      source: renderSource(this.label, p.source),
      sink: renderSink(this.label, p.sink),
      enableStaging: false,
      dataIntegrationUnits: p.dataIntegrationUnits,
      parallelCopies: p.parallelCopies,
      enableSkipIncompatibleRow: p.enableSkipIncompatibleRow,
      translator: p.columnMappings && {
        type: "TabularTranslator",
        mappings: p.columnMappings.map((m) => ({ source: { name: m.source }, sink: { name: m.sink } })),
      },
    });
  }
}

/** Options of {@link LookupActivity}. */
export interface LookupActivityProps extends ExecutionActivityProps {
  /** The dataset queried. */
  readonly dataset: DatasetReference;
  /** How to read it (same sources as Copy). */
  readonly source: CopySource;
  /** Return only the first row (`output.firstRow`) instead of all rows (`output.value`, max 5000). @default true */
  readonly firstRowOnly?: boolean;
}

/** Reads a dataset or query result for use in expressions (`Lookup`). */
export class LookupActivity extends ExecutionActivity {
  public readonly type = "Lookup";

  constructor(
    name: string,
    private readonly props: LookupActivityProps,
  ) {
    super(name, props, "LookupActivity");
    collectProblemsAt(this.label, [() => this.refersTo("dataset", "Dataset", props.dataset), () => renderSource(this.label, props.source)]);
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return compact({
      source: renderSource(this.label, this.props.source),
      dataset: renderDatasetReference(this.label, "dataset", this.props.dataset),
      firstRowOnly: this.props.firstRowOnly ?? true,
    });
  }
}
