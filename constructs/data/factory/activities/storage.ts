import { DatasetReference, checkInt, compact, renderDatasetReference } from "./base";
import { BlobReadSettings, renderStoreRead } from "./copy";
import { ExecutionActivity, ExecutionActivityProps } from "./execution";
import { collectProblemsAt, propErrorAt } from "../../../core/validation";

/** Metadata fields `GetMetadata` can return (the ones that apply to folders and files of a file store). */
export type MetadataField = "exists" | "itemName" | "itemType" | "size" | "lastModified" | "childItems" | "contentMD5" | "structure" | "columnCount";

const METADATA_FIELDS: readonly MetadataField[] = [
  "exists",
  "itemName",
  "itemType",
  "size",
  "lastModified",
  "childItems",
  "contentMD5",
  "structure",
  "columnCount",
];

/** `BinaryReadSettings` of a Get Metadata activity; compression settings apply only to compressed datasets. */
export interface BinaryReadSettings {
  readonly type: "BinaryReadSettings";
  /** @default - none */
  readonly compressionProperties?: { readonly type: "ZipDeflateReadSettings" | "TarReadSettings" | "TarGZipReadSettings" };
}

/** Options of {@link GetMetadataActivity}. */
export interface GetMetadataActivityProps extends ExecutionActivityProps {
  /** The file or folder, as a dataset reference. */
  readonly dataset: DatasetReference;
  /** Fields to return in `output`; `exists` never fails on a missing item (it returns false). */
  readonly fieldList: readonly MetadataField[];
  /** Store read settings. @default - the dataset's location */
  readonly storeSettings?: BlobReadSettings;
  /** Format read settings. @default - none */
  readonly formatSettings?: BinaryReadSettings;
}

/** Reads metadata of a file or folder (`GetMetadata`), e.g. whether a folder exists before deleting it. */
export class GetMetadataActivity extends ExecutionActivity {
  public readonly type = "GetMetadata";

  constructor(
    name: string,
    private readonly props: GetMetadataActivityProps,
  ) {
    super(name, props, "GetMetadataActivity");
    collectProblemsAt(this.label, [
      () => this.refersTo("dataset", "Dataset", props.dataset),
      () => {
        if (!Array.isArray(props.fieldList) || props.fieldList.length === 0) {
          throw propErrorAt(this.label, "fieldList", "must name at least one field", props.fieldList, `pick from ${METADATA_FIELDS.join(", ")}.`);
        }
        for (const f of props.fieldList) {
          if (!METADATA_FIELDS.includes(f))
            throw propErrorAt(this.label, "fieldList", `entries must be one of ${METADATA_FIELDS.join(", ")}`, f, "fix the field name.");
        }
      },
      () => renderStoreRead(this.label, "storeSettings", props.storeSettings),
      () => props.formatSettings && renderBinaryRead(this.label, props.formatSettings),
    ]);
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return compact({
      dataset: renderDatasetReference(this.label, "dataset", this.props.dataset),
      fieldList: [...this.props.fieldList],
      storeSettings: renderStoreRead(this.label, "storeSettings", this.props.storeSettings),
      formatSettings: this.props.formatSettings && renderBinaryRead(this.label, this.props.formatSettings),
    });
  }
}

function renderBinaryRead(owner: string, f: BinaryReadSettings): Record<string, unknown> {
  if (f.type !== "BinaryReadSettings") throw propErrorAt(owner, "formatSettings.type", "must be BinaryReadSettings", f.type, "use BinaryReadSettings.");
  const c = f.compressionProperties?.type;
  if (c !== undefined && !["ZipDeflateReadSettings", "TarReadSettings", "TarGZipReadSettings"].includes(c)) {
    throw propErrorAt(
      owner,
      "formatSettings.compressionProperties.type",
      "must be ZipDeflateReadSettings, TarReadSettings or TarGZipReadSettings",
      c,
      "pick one.",
    );
  }
  return compact({ type: f.type, compressionProperties: c === undefined ? undefined : { type: c } });
}

/** Options of {@link DeleteActivity}. */
export interface DeleteActivityProps extends ExecutionActivityProps {
  /** The file or folder to delete, as a dataset reference (a folder without a file name deletes the folder). */
  readonly dataset: DatasetReference;
  /** Delete sub-folders and their files too (the older form of `storeSettings.recursive`). @default - per storeSettings */
  readonly recursive?: boolean;
  /** Store settings. @default - the dataset's location */
  readonly storeSettings?: BlobReadSettings;
  /** Maximum concurrent connections to the store. @default - no limit */
  readonly maxConcurrentConnections?: number;
}

/**
 * Deletes files or a folder (`Delete`). Logging of the deleted names is off: it would need a log folder of its
 * own, and the pipeline's run history already says which partition was replaced.
 */
export class DeleteActivity extends ExecutionActivity {
  public readonly type = "Delete";

  constructor(
    name: string,
    private readonly props: DeleteActivityProps,
  ) {
    super(name, props, "DeleteActivity");
    collectProblemsAt(this.label, [
      () => this.refersTo("dataset", "Dataset", props.dataset),
      () => checkInt(this.label, "maxConcurrentConnections", props.maxConcurrentConnections, 1),
      () => renderStoreRead(this.label, "storeSettings", props.storeSettings),
    ]);
  }

  protected override renderTypeProperties(): Record<string, unknown> {
    return compact({
      dataset: renderDatasetReference(this.label, "dataset", this.props.dataset),
      recursive: this.props.recursive,
      maxConcurrentConnections: this.props.maxConcurrentConnections,
      enableLogging: false,
      storeSettings: renderStoreRead(this.label, "storeSettings", this.props.storeSettings),
    });
  }
}
