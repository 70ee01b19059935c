import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerSchedule } from "@cdktf/provider-azurerm/lib/data-factory-trigger-schedule";
import { Construct } from "constructs";
import { checkRange, isKnown, propError } from "../../core/validation";
import { IDataFactory } from "../data-factory";
import { checkFactoryEntityName } from "./factory-names";

interface TriggerProps {
  readonly factory: IDataFactory;
  readonly name: string;
  /** Pipeline the trigger runs. */
  readonly pipelineName: string;
  /**
   * Pipeline parameters; values may be trigger expressions such as `@trigger().scheduledTime`.
   * @default {}
   */
  readonly pipelineParameters?: Record<string, string>;
  /**
   * Whether the trigger starts activated.
   * @default true
   */
  readonly activated?: boolean;
}

/** RFC 3339 date-time, as azurerm validates `start_time` (Date.parse alone accepts "1/2/2026" or "tomorrow at 2"). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export type ScheduleFrequency = "Minute" | "Hour" | "Day" | "Week" | "Month";

/** Runs a pipeline on a recurrence (`frequency` x `interval`) from `startTime`. */
export class ScheduleTrigger extends Construct {
  public readonly resource: DataFactoryTriggerSchedule;

  constructor(
    scope: Construct,
    id: string,
    props: TriggerProps & {
      readonly frequency: ScheduleFrequency;
      readonly interval: number;
      /** RFC 3339 (ISO 8601 with an offset) date-time of the first run, e.g. "2026-01-01T02:00:00Z". */
      readonly startTime: string;
      /** @default "UTC" */
      readonly timeZone?: string;
    },
  ) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    checkRange(this, "interval", props.interval, 1, 1000);
    if (isKnown(props.startTime) && (!RFC3339.test(props.startTime) || Number.isNaN(Date.parse(props.startTime)))) {
      throw propError(this, "startTime", "must be an ISO 8601 date-time", props.startTime, 'use a value such as "2026-01-01T02:00:00Z".');
    }
    this.resource = new DataFactoryTriggerSchedule(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      frequency: props.frequency,
      interval: props.interval,
      startTime: props.startTime,
      timeZone: props.timeZone ?? "UTC",
      activated: props.activated ?? true,
      pipeline: [{ name: props.pipelineName, parameters: props.pipelineParameters ?? {} }],
    });
  }
}

/** Runs a pipeline when a blob is created under `/<container>/<pathPrefix>` of a storage account (Event Grid). */
export class StorageEventTrigger extends Construct {
  public readonly resource: DataFactoryTriggerBlobEvent;

  constructor(
    scope: Construct,
    id: string,
    props: TriggerProps & {
      readonly storageAccountId: string;
      /** Container (filesystem) to watch. */
      readonly container: string;
      /** Folder prefix inside the container, e.g. "sales/". */
      readonly pathPrefix: string;
    },
  ) {
    super(scope, id);
    checkFactoryEntityName(this, props.name);
    if (props.pathPrefix.startsWith("/")) {
      throw propError(this, "pathPrefix", "must be relative to the container", props.pathPrefix, "drop the leading '/'.");
    }
    this.resource = new DataFactoryTriggerBlobEvent(this, "Resource", {
      name: props.name,
      dataFactoryId: props.factory.id,
      storageAccountId: props.storageAccountId,
      events: ["Microsoft.Storage.BlobCreated"],
      blobPathBeginsWith: `/${props.container}/blobs/${props.pathPrefix}`,
      ignoreEmptyBlobs: true,
      activated: props.activated ?? true,
      pipeline: [{ name: props.pipelineName, parameters: props.pipelineParameters ?? {} }],
    });
  }
}
