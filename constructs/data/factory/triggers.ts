import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerSchedule } from "@cdktf/provider-azurerm/lib/data-factory-trigger-schedule";
import { DataFactoryTriggerTumblingWindow } from "@cdktf/provider-azurerm/lib/data-factory-trigger-tumbling-window";
import { Construct } from "constructs";
import { checkRange, collectProblems, isKnown, propError } from "../../core/validation";
import { IDataFactory } from "../data-factory";
import { checkEntityKind } from "./entity";
import { checkFactoryEntityName } from "./factory-names";
import { IPipeline } from "./pipeline";

interface TriggerProps {
  readonly factory: IDataFactory;
  readonly name: string;
  /** The pipeline the trigger runs (the trigger depends on it). */
  readonly pipeline: IPipeline;
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

/** The checks every trigger shares: its name, and the pipeline it runs. */
function triggerChecks(scope: Construct, props: TriggerProps): Array<() => void> {
  return [() => checkFactoryEntityName(scope, props.name), () => checkEntityKind(scope.node.path, "pipeline", props.pipeline, "Pipeline")];
}

/**
 * Runs a pipeline on a recurrence (`frequency` x `interval`) from `startTime`.
 *
 * @example
 * ```ts
 * new ScheduleTrigger(this, "Nightly", {
 *   factory,
 *   name: "tr_orders_nightly",
 *   pipeline: runOrders,
 *   frequency: "Day",
 *   interval: 1,
 *   startTime: "2026-01-01T02:00:00Z",
 * });
 * ```
 */
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
    collectProblems(this, [
      ...triggerChecks(this, props),
      () => checkRange(this, "interval", props.interval, 1, 1000),
      () => {
        if (isKnown(props.startTime) && (!RFC3339.test(props.startTime) || Number.isNaN(Date.parse(props.startTime)))) {
          throw propError(this, "startTime", "must be an ISO 8601 date-time", props.startTime, 'use a value such as "2026-01-01T02:00:00Z".');
        }
      },
    ]);
    this.resource = new DataFactoryTriggerSchedule(this, "Resource", {
      // Data Factory refers to the pipeline by name: Terraform must create it first.
      dependsOn: [props.pipeline.resource],
      name: props.name,
      dataFactoryId: props.factory.id,
      frequency: props.frequency,
      interval: props.interval,
      startTime: props.startTime,
      timeZone: props.timeZone ?? "UTC",
      activated: props.activated ?? true,
      pipeline: [{ name: props.pipeline.name, parameters: props.pipelineParameters ?? {} }],
    });
  }
}

/**
 * Runs a pipeline once per blob that is created under `/<container>/<pathPrefix>` (Event Grid). Empty blobs are
 * ignored: on ADLS Gen2 every file raises an event at creation (empty) and another when its content is flushed.
 *
 * @example
 * ```ts
 * new StorageEventTrigger(this, "OrdersDropped", {
 *   factory,
 *   name: "tr_orders_dropped",
 *   pipeline: runOrders,
 *   storageAccountId: lake.id,
 *   container: "landing",
 *   pathPrefix: "orders/",
 *   pathSuffix: "_READY",
 * });
 * ```
 */
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
      /**
       * Only blobs whose path ends with this, e.g. a completion marker "_READY".
       * @default - every blob under the prefix
       */
      readonly pathSuffix?: string;
    },
  ) {
    super(scope, id);
    collectProblems(this, [
      ...triggerChecks(this, props),
      () => {
        if (props.pathPrefix.startsWith("/")) {
          throw propError(this, "pathPrefix", "must be relative to the container", props.pathPrefix, "drop the leading '/'.");
        }
      },
    ]);
    this.resource = new DataFactoryTriggerBlobEvent(this, "Resource", {
      // Data Factory refers to the pipeline by name: Terraform must create it first.
      dependsOn: [props.pipeline.resource],
      name: props.name,
      dataFactoryId: props.factory.id,
      storageAccountId: props.storageAccountId,
      events: ["Microsoft.Storage.BlobCreated"],
      blobPathBeginsWith: `/${props.container}/blobs/${props.pathPrefix}`,
      blobPathEndsWith: props.pathSuffix,
      ignoreEmptyBlobs: true,
      activated: props.activated ?? true,
      pipeline: [{ name: props.pipeline.name, parameters: props.pipelineParameters ?? {} }],
    });
  }
}

/** Frequencies of a tumbling window (ADF has no Day: a daily window is 24 hours). */
export type TumblingWindowFrequency = "Minute" | "Hour" | "Month";

/** Props of {@link TumblingWindowTrigger}. */
export interface TumblingWindowTriggerProps {
  readonly factory: IDataFactory;
  readonly name: string;
  /** The pipeline each window runs (the trigger depends on it). */
  readonly pipeline: IPipeline;
  /**
   * Pipeline parameters; values may use `@trigger().outputs.windowStartTime` and `windowEndTime`.
   * @default {}
   */
  readonly pipelineParameters?: Record<string, string>;
  readonly frequency: TumblingWindowFrequency;
  readonly interval: number;
  /** Start of the first window, RFC 3339 in UTC (windows before now are backfilled, oldest first). */
  readonly startTime: string;
  /**
   * How long after a window ends its run starts, `[d.]hh:mm:ss`.
   * @default "00:00:00"
   */
  readonly delay?: string;
  /**
   * Windows run at the same time (1-50).
   * @default 1 - windows run one after the other
   */
  readonly maxConcurrency?: number;
  /**
   * Retries of a failed window run, and seconds between them (>= 30).
   * @default - no retry (the pipeline's activities retry)
   */
  readonly retry?: { readonly count: number; readonly intervalInSeconds: number };
  /**
   * Whether the trigger starts activated.
   * @default true
   */
  readonly activated?: boolean;
}

const TIMESPAN = /^(\d+\.)?([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/**
 * Runs a pipeline once per fixed-size, non-overlapping time window from `startTime` (UTC only). Each window is
 * run exactly once, retried as a window, and backfilled when it lies in the past; `frequency`, `interval` and
 * `startTime` cannot change in place (Terraform replaces the trigger, which backfills again from `startTime`).
 *
 * @example
 * ```ts
 * new TumblingWindowTrigger(this, "Hourly", {
 *   factory,
 *   name: "tr_orders_hourly",
 *   pipeline: runOrders,
 *   pipelineParameters: { windowStart: "@trigger().outputs.windowStartTime" },
 *   frequency: "Hour",
 *   interval: 1,
 *   startTime: "2026-01-01T00:00:00Z",
 * });
 * ```
 */
export class TumblingWindowTrigger extends Construct {
  public readonly resource: DataFactoryTriggerTumblingWindow;

  constructor(scope: Construct, id: string, props: TumblingWindowTriggerProps) {
    super(scope, id);
    collectProblems(this, [
      ...triggerChecks(this, props),
      () => {
        if (!["Minute", "Hour", "Month"].includes(props.frequency)) {
          throw propError(
            this,
            "frequency",
            "must be Minute, Hour or Month (ADF has no Day or Week window)",
            props.frequency,
            "use Hour with interval 24 for daily windows.",
          );
        }
      },
      () => {
        checkRange(this, "interval", props.interval, 1, 1000);
        if (isKnown(props.frequency) && props.frequency === "Minute" && props.interval < 15) {
          throw propError(this, "interval", "must be at least 15 for Minute windows (the service minimum)", props.interval, "use 15 or more.");
        }
      },
      () => {
        if (isKnown(props.startTime) && (!/Z$/.test(props.startTime) || !RFC3339.test(props.startTime) || Number.isNaN(Date.parse(props.startTime)))) {
          throw propError(
            this,
            "startTime",
            "must be an RFC 3339 date-time in UTC (tumbling windows support only UTC)",
            props.startTime,
            'use a value such as "2026-01-01T00:00:00Z".',
          );
        }
      },
      () => {
        if (props.delay !== undefined && !TIMESPAN.test(props.delay)) {
          throw propError(this, "delay", "must be a timespan [d.]hh:mm:ss", props.delay, 'write e.g. "02:00:00".');
        }
      },
      () => checkRange(this, "maxConcurrency", props.maxConcurrency, 1, 50),
      () => props.retry && checkRange(this, "retry.count", props.retry.count, 1, 100),
      () => props.retry && checkRange(this, "retry.intervalInSeconds", props.retry.intervalInSeconds, 30, 86400),
    ]);
    this.resource = new DataFactoryTriggerTumblingWindow(this, "Resource", {
      // Data Factory refers to the pipeline by name: Terraform must create it first.
      dependsOn: [props.pipeline.resource],
      name: props.name,
      dataFactoryId: props.factory.id,
      frequency: props.frequency,
      interval: props.interval,
      startTime: props.startTime,
      delay: props.delay,
      maxConcurrency: props.maxConcurrency ?? 1,
      retry: props.retry && { count: props.retry.count, interval: props.retry.intervalInSeconds },
      activated: props.activated ?? true,
      pipeline: { name: props.pipeline.name, parameters: props.pipelineParameters ?? {} },
    });
  }
}
