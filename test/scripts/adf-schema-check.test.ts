import { activityValidator, entityValidator, synthesizedActivities, synthesizedCustomEntities } from "../../scripts/adf-schema-check";
import { shippedOutput } from "../stacks/synthesized-app";

/** A tiny stand-in with the published schema's shape (draft-04, Activity as a oneOf union); not the real schema. */
const definitions = {
  id: "https://schema.management.azure.com/schemas/common/definitions.json#",
  $schema: "http://json-schema.org/draft-04/schema#",
  definitions: {},
};
const dataFactory = {
  id: "https://schema.management.azure.com/schemas/2018-06-01/Microsoft.DataFactory.json#",
  $schema: "http://json-schema.org/draft-04/schema#",
  definitions: {
    Activity: {
      type: "object",
      properties: { name: { type: "string" }, description: { type: "string" }, dependsOn: { type: "array" } },
      required: ["name"],
      oneOf: [
        {
          properties: {
            type: { type: "string", enum: ["Wait"] },
            typeProperties: { type: "object", properties: { waitTimeInSeconds: { type: "integer" } }, required: ["waitTimeInSeconds"] },
          },
          required: ["type", "typeProperties"],
        },
      ],
    },
    LinkedService: {
      type: "object",
      properties: { description: { type: "string" } },
      oneOf: [
        {
          properties: {
            type: { type: "string", enum: ["AzureDatabricks"] },
            typeProperties: { type: "object", properties: { domain: { type: "string" }, dataSecurityMode: { type: "string" } }, required: ["domain"] },
          },
          required: ["type", "typeProperties"],
        },
      ],
    },
  },
};

describe("ADF schema check", () => {
  const validate = activityValidator(dataFactory, definitions);

  test("accepts an activity that matches the schema", () => {
    expect(validate({ name: "Pause", type: "Wait", typeProperties: { waitTimeInSeconds: 30 } })).toEqual([]);
  });

  test("rejects an activity missing a required property, naming it", () => {
    const errors = validate({ name: "Pause", type: "Wait", typeProperties: {} });
    expect(errors.join("\n")).toMatch(/Pause: published schema: .*waitTimeInSeconds/);
  });

  test("rejects a misspelt property with the strict copy only", () => {
    const errors = validate({ name: "Pause", type: "Wait", typeProperties: { waitTimeInSeconds: 30, waitTimeInSecond: 1 } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Pause: strict schema: .*must NOT have additional properties/);
  });

  test("reads every pipeline activity of the synthesized stacks", () => {
    const activities = synthesizedActivities(shippedOutput());
    // Per environment: 8 in the worker, 1 per run pipeline (2), 5 in the drop pipeline, 2 in all sources.
    expect(activities.length).toBe(3 * 17);
    expect(activities.map((a) => a.label)).toContainEqual(expect.stringMatching(/^prod-data pl_medallion_source Copy gold to SQL$/));
    expect(activities.map((a) => a.label)).toContainEqual(expect.stringMatching(/^dev-data pl_medallion_drop_inventory Check landing folder$/));
  });

  test("checks custom linked services and datasets, a misspelt property only with the strict copy", () => {
    const validate = entityValidator(dataFactory, definitions, "LinkedService");
    expect(validate({ type: "AzureDatabricks", typeProperties: { domain: "https://adb", dataSecurityMode: "SINGLE_USER" } }, "ls")).toEqual([]);
    const errors = validate({ type: "AzureDatabricks", typeProperties: { domain: "https://adb", dataSecurityMod: "SINGLE_USER" } }, "ls");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ls: strict schema: .*must NOT have additional properties/);
  });

  test("reads the custom linked services and datasets of the synthesized stacks as Data Factory receives them", () => {
    const entities = synthesizedCustomEntities(shippedOutput());
    expect(entities.map((e) => `${e.kind} ${e.label}`).filter((l) => l.includes("dev-data"))).toEqual([
      "LinkedService dev-data ls_databricks",
      "Dataset dev-data ds_lake_csv",
      "Dataset dev-data ds_lake_folder",
    ]);
    const csv = entities.find((e) => e.label === "dev-data ds_lake_csv")!.entity;
    expect(csv).toMatchObject({ type: "DelimitedText", linkedServiceName: { referenceName: "ls_lake", type: "LinkedServiceReference" } });
    expect(csv.typeProperties).not.toHaveProperty("rowDelimiter");
  });
});
