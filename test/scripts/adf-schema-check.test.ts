import { activityValidator, synthesizedActivities } from "../../scripts/adf-schema-check";
import { synthesizeShippedOutput } from "../review/review-fixture";

/** A tiny stand-in with the published schema's shape (draft-04, Activity as a oneOf union); not the real schema. */
const definitions = { id: "https://schema.management.azure.com/schemas/common/definitions.json#", $schema: "http://json-schema.org/draft-04/schema#", definitions: {} };
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
    const activities = synthesizedActivities(synthesizeShippedOutput());
    expect(activities.length).toBe(18);
    expect(activities.map((a) => a.label)).toContainEqual(expect.stringMatching(/^prod-data pl_medallion_source Copy gold to SQL$/));
  });
});
