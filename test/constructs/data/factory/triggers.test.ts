import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerSchedule } from "@cdktf/provider-azurerm/lib/data-factory-trigger-schedule";
import { DataFactoryTriggerTumblingWindow } from "@cdktf/provider-azurerm/lib/data-factory-trigger-tumbling-window";
import { Testing } from "cdktf";
import { IDataFactory } from "../../../../constructs/data/data-factory";
import { ScheduleTrigger, StorageEventTrigger, TumblingWindowTrigger, TumblingWindowTriggerProps } from "../../../../constructs/data/factory/triggers";
import { pipeline } from "../../../support/factory-entities";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet", resourceGroupName: "rg-data" };
const STORAGE_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st";

type ScheduleProps = ConstructorParameters<typeof ScheduleTrigger>[2];
type EventProps = ConstructorParameters<typeof StorageEventTrigger>[2];

const scheduleProps: ScheduleProps = {
  factory,
  name: "tr_daily",
  pipeline: pipeline("pl_x"),
  frequency: "Day",
  interval: 1,
  startTime: "2026-01-01T02:00:00Z",
};
const eventProps: EventProps = {
  factory,
  name: "tr_drop",
  pipeline: pipeline("pl_x"),
  storageAccountId: STORAGE_ID,
  container: "landing",
  pathPrefix: "sales/",
};

const schedule = (props: Partial<ScheduleProps> = {}) =>
  Testing.synthScope((scope) => {
    new ScheduleTrigger(scope, "Schedule", { ...scheduleProps, ...props });
  });
const event = (props: Partial<EventProps> = {}) =>
  Testing.synthScope((scope) => {
    new StorageEventTrigger(scope, "Event", { ...eventProps, ...props });
  });

describe("ScheduleTrigger", () => {
  test("defaults: activated, UTC, no pipeline parameters", () => {
    expect(schedule()).toHaveResourceWithProperties(DataFactoryTriggerSchedule, {
      name: "tr_daily",
      data_factory_id: factory.id,
      frequency: "Day",
      interval: 1,
      start_time: "2026-01-01T02:00:00Z",
      time_zone: "UTC",
      activated: true,
      pipeline: [{ name: "pl_x", parameters: {} }],
      depends_on: ["azurerm_fake_pipeline.pl_x"],
    });
  });

  test("pipeline parameters: trigger expressions pass through", () => {
    expect(schedule({ pipelineParameters: { runDate: "@trigger().scheduledTime", sourceName: "sales" } })).toHaveResourceWithProperties(
      DataFactoryTriggerSchedule,
      { pipeline: [{ name: "pl_x", parameters: { runDate: "@trigger().scheduledTime", sourceName: "sales" } }] },
    );
  });

  test("recurrence, time zone and deactivation", () => {
    expect(schedule({ frequency: "Hour", interval: 6, timeZone: "W. Europe Standard Time", activated: false })).toHaveResourceWithProperties(
      DataFactoryTriggerSchedule,
      { frequency: "Hour", interval: 6, time_zone: "W. Europe Standard Time", activated: false },
    );
  });

  test("fails for a zero interval", () => {
    expect(() => schedule({ interval: 0 })).toThrow(/Schedule: interval must be a whole number from 1 to 1000 \(got 0\)/);
  });

  test("fails for a start time that is not a date-time", () => {
    expect(() => schedule({ startTime: "tomorrow at 2" })).toThrow(/Schedule: startTime must be an ISO 8601 date-time \(got "tomorrow at 2"\)/);
  });

  test("fails for a US-style date that Date.parse would accept", () => {
    expect(() => schedule({ startTime: "1/2/2026" })).toThrow(/startTime must be an ISO 8601 date-time \(got "1\/2\/2026"\)/);
  });

  test("fails for a date-time without an offset (azurerm validates RFC 3339)", () => {
    expect(() => schedule({ startTime: "2026-01-01T02:00:00" })).toThrow(/startTime must be an ISO 8601 date-time/);
  });

  test("start time: an RFC 3339 offset is accepted", () => {
    expect(schedule({ startTime: "2026-01-01T02:00:00+01:00" })).toHaveResourceWithProperties(DataFactoryTriggerSchedule, {
      start_time: "2026-01-01T02:00:00+01:00",
    });
  });

  test("fails for a name with a forbidden character", () => {
    expect(() => schedule({ name: "tr/daily" })).toThrow(/Schedule: name must be 1-140 characters/);
  });
});

describe("StorageEventTrigger", () => {
  test("defaults: BlobCreated under /<container>/blobs/<prefix>, empty blobs ignored, activated", () => {
    expect(event()).toHaveResourceWithProperties(DataFactoryTriggerBlobEvent, {
      name: "tr_drop",
      data_factory_id: factory.id,
      storage_account_id: STORAGE_ID,
      events: ["Microsoft.Storage.BlobCreated"],
      blob_path_begins_with: "/landing/blobs/sales/",
      ignore_empty_blobs: true,
      activated: true,
      pipeline: [{ name: "pl_x", parameters: {} }],
      depends_on: ["azurerm_fake_pipeline.pl_x"],
    });
  });

  test("pipeline parameters and deactivation", () => {
    expect(event({ pipelineParameters: { runDate: "@trigger().startTime" }, activated: false })).toHaveResourceWithProperties(DataFactoryTriggerBlobEvent, {
      activated: false,
      pipeline: [{ name: "pl_x", parameters: { runDate: "@trigger().startTime" } }],
    });
  });

  test("fails for a path prefix with a leading slash", () => {
    expect(() => event({ pathPrefix: "/sales/" })).toThrow(/Event: pathPrefix must be relative to the container \(got "\/sales\/"\)/);
  });

  test("fails for a name with a forbidden character", () => {
    expect(() => event({ name: "tr*drop" })).toThrow(/Event: name must be 1-140 characters/);
  });

  test("fails for a pipeline given by name", () => {
    expect(() => event({ pipeline: "pl_x" as never })).toThrow(
      /Event: pipeline must be a Pipeline construct \(got "string"\)\. Fix: pass the Pipeline construct itself/,
    );
  });
});

const windowProps: TumblingWindowTriggerProps = {
  factory,
  name: "tr_window",
  pipeline: pipeline("pl_x"),
  frequency: "Hour",
  interval: 24,
  startTime: "2026-01-01T00:00:00Z",
};
const window = (props: Partial<TumblingWindowTriggerProps> = {}) =>
  Testing.synthScope((scope) => {
    new TumblingWindowTrigger(scope, "Window", { ...windowProps, ...props });
  });

describe("TumblingWindowTrigger", () => {
  test("defaults: one window at a time, activated, no delay or retry, the pipeline as an object", () => {
    const out = window();
    expect(out).toHaveResourceWithProperties(DataFactoryTriggerTumblingWindow, {
      name: "tr_window",
      data_factory_id: factory.id,
      frequency: "Hour",
      interval: 24,
      start_time: "2026-01-01T00:00:00Z",
      max_concurrency: 1,
      activated: true,
      pipeline: { name: "pl_x", parameters: {} },
    });
    const [r] = Object.values<any>(JSON.parse(out).resource.azurerm_data_factory_trigger_tumbling_window);
    expect(r).not.toHaveProperty("delay");
    expect(r).not.toHaveProperty("retry");
  });

  test("delay, concurrency, retry, window parameters and deactivation", () => {
    expect(
      window({
        delay: "02:00:00",
        maxConcurrency: 4,
        retry: { count: 2, intervalInSeconds: 300 },
        activated: false,
        pipelineParameters: { runDate: "@trigger().outputs.windowStartTime" },
      }),
    ).toHaveResourceWithProperties(DataFactoryTriggerTumblingWindow, {
      delay: "02:00:00",
      max_concurrency: 4,
      retry: { count: 2, interval: 300 },
      activated: false,
      pipeline: { name: "pl_x", parameters: { runDate: "@trigger().outputs.windowStartTime" } },
    });
  });

  test("fails for a Day or Week frequency, naming the daily form", () => {
    expect(() => window({ frequency: "Day" as never })).toThrow(
      /Window: frequency must be Minute, Hour or Month .* \(got "Day"\)\. Fix: use Hour with interval 24 for daily windows/,
    );
  });

  test("fails for a window under 15 minutes, a start time that is not UTC, a bad delay, or concurrency above 50", () => {
    expect(() => window({ frequency: "Minute", interval: 5 })).toThrow(/interval must be at least 15 for Minute windows/);
    expect(() => window({ startTime: "2026-01-01T00:00:00+01:00" })).toThrow(/startTime must be an RFC 3339 date-time in UTC/);
    expect(() => window({ delay: "2h" })).toThrow(/delay must be a timespan \[d\.\]hh:mm:ss \(got "2h"\)/);
    expect(() => window({ maxConcurrency: 51 })).toThrow(/maxConcurrency must be a whole number from 1 to 50/);
    expect(() => window({ retry: { count: 1, intervalInSeconds: 10 } })).toThrow(/retry\.intervalInSeconds must be a whole number from 30 to 86400/);
  });

  test("fails naming every problem at once", () => {
    expect(() => window({ name: "tr/x", frequency: "Day" as never, delay: "2h", retry: { count: 0, intervalInSeconds: 10 } })).toThrow(
      /Window: 5 problems:\n- \S*Window: name must be 1-140 characters.*\n- \S*Window: frequency must be Minute, Hour or Month.*\n- \S*Window: delay must be a timespan.*\n- \S*Window: retry\.count must be a whole number.*\n- \S*Window: retry\.intervalInSeconds must be a whole number.*$/,
    );
    expect(() => schedule({ interval: 0, startTime: "tomorrow at 2" })).toThrow(
      /Schedule: 2 problems:\n- \S*Schedule: interval must be a whole number.*\n- \S*Schedule: startTime must be an ISO 8601 date-time.*$/,
    );
    expect(() => event({ name: "tr*drop", pathPrefix: "/sales/" })).toThrow(
      /Event: 2 problems:\n- \S*Event: name must be 1-140 characters.*\n- \S*Event: pathPrefix must be relative to the container.*$/,
    );
  });
});

describe("StorageEventTrigger path suffix", () => {
  test("ends_with is set only when given", () => {
    expect(event({ pathSuffix: "_READY" })).toHaveResourceWithProperties(DataFactoryTriggerBlobEvent, { blob_path_ends_with: "_READY" });
    const [r] = Object.values<any>(JSON.parse(event()).resource.azurerm_data_factory_trigger_blob_event);
    expect(r).not.toHaveProperty("blob_path_ends_with");
  });
});
