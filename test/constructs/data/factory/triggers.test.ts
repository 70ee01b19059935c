import { DataFactoryTriggerBlobEvent } from "@cdktf/provider-azurerm/lib/data-factory-trigger-blob-event";
import { DataFactoryTriggerSchedule } from "@cdktf/provider-azurerm/lib/data-factory-trigger-schedule";
import { Testing } from "cdktf";
import { IDataFactory } from "../../../../constructs/data/data-factory";
import { ScheduleTrigger, StorageEventTrigger } from "../../../../constructs/data/factory/triggers";

const factory: IDataFactory = { id: "/subscriptions/0000/factories/adf", name: "adf", integrationRuntimeName: "ir-managed-vnet" };
const STORAGE_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st";

type ScheduleProps = ConstructorParameters<typeof ScheduleTrigger>[2];
type EventProps = ConstructorParameters<typeof StorageEventTrigger>[2];

const scheduleProps: ScheduleProps = { factory, name: "tr_daily", pipelineName: "pl_x", frequency: "Day", interval: 1, startTime: "2026-01-01T02:00:00Z" };
const eventProps: EventProps = { factory, name: "tr_drop", pipelineName: "pl_x", storageAccountId: STORAGE_ID, container: "landing", pathPrefix: "sales/" };

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
});
