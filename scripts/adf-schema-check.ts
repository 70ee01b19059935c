/**
 * Checks every Data Factory pipeline activity, custom linked service and custom dataset of the synthesized stacks
 * against Data Factory's published ARM schema (Microsoft.DataFactory, API 2018-06-01), the contract for
 * `azurerm_data_factory_pipeline.activities_json` and the custom resources' `type_properties_json`.
 *
 *   npm run synth
 *   npm run check:adf -- --schemas <dir with Microsoft.DataFactory.json and definitions.json> [--out cdktf.out]
 *
 * The schemas are public (schema.management.azure.com/schemas/2018-06-01/Microsoft.DataFactory.json and
 * schemas/common/definitions.json, or the Azure/azure-resource-manager-schemas repository); download them once.
 * They are draft-04, so ajv-draft-04 compiles them. Each activity is checked against the published `Activity`
 * union and against a strict copy that also rejects unknown properties (the published schema allows them almost
 * everywhere, so a misspelt property would pass it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";

export const ADF_SCHEMA_ID = "https://schema.management.azure.com/schemas/2018-06-01/Microsoft.DataFactory.json";
const STRICT_ID = "urn:azure-platform-iac:strict:Microsoft.DataFactory.json";

/** A copy of a schema where every object with named properties rejects unknown ones (oneOf branches inherit the parent's properties). */
export function strictify(node: any): any {
  if (Array.isArray(node)) return node.map(strictify);
  if (typeof node !== "object" || node === null) return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      (k === "properties" || k === "definitions") && v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, strictify(pv)]))
        : strictify(v);
  }
  const hasProps = out.properties && Object.keys(out.properties).length > 0;
  const branches = Array.isArray(out.oneOf) ? out.oneOf.filter((b: any) => b?.properties && Object.keys(b.properties).length > 0) : [];
  if (branches.length > 0) {
    for (const b of branches) {
      b.properties = { ...(out.properties ?? {}), ...b.properties };
      b.additionalProperties = false;
    }
    delete out.additionalProperties;
  } else if (hasProps && !out.oneOf && !out.allOf) {
    out.additionalProperties = false;
  }
  return out;
}

/** The published and strict validators of one definition (`Activity`, `LinkedService`, `Dataset`). */
function definitionValidators(dataFactorySchema: any, definitionsSchema: any, definition: string) {
  const strict = { ...strictify(dataFactorySchema), id: `${STRICT_ID}#` };
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(definitionsSchema);
  ajv.addSchema(dataFactorySchema);
  ajv.addSchema(strict);
  const published = ajv.getSchema(`${dataFactorySchema.id?.replace(/#$/, "") ?? ADF_SCHEMA_ID}#/definitions/${definition}`);
  const strictOne = ajv.getSchema(`${STRICT_ID}#/definitions/${definition}`);
  if (!published || !strictOne) throw new Error(`the schema has no #/definitions/${definition}: is it Microsoft.DataFactory.json?`);
  return [
    ["published", published],
    ["strict", strictOne],
  ] as const;
}

function errorsOf(validators: ReturnType<typeof definitionValidators>, value: unknown, where: string): string[] {
  const errors: string[] = [];
  for (const [label, validate] of validators) {
    if (!validate(value))
      errors.push(
        `${where}: ${label} schema: ${(validate.errors ?? [])
          .slice(0, 5)
          .map((e) => `${e.instancePath || "/"} ${e.message}`)
          .join("; ")}`,
      );
  }
  return errors;
}

/**
 * Validates the body of a custom linked service or dataset (`{ type, typeProperties, ... }`, what
 * `azurerm_data_factory_linked_custom_service` and `azurerm_data_factory_custom_dataset` send) against
 * `#/definitions/LinkedService` or `#/definitions/Dataset` and their strict copies.
 */
export function entityValidator(
  dataFactorySchema: any,
  definitionsSchema: any,
  definition: "LinkedService" | "Dataset",
): (entity: any, where: string) => string[] {
  const validators = definitionValidators(dataFactorySchema, definitionsSchema, definition);
  return (entity, where) => errorsOf(validators, entity, where);
}

/** Validates activities (and their nested ones) against `#/definitions/Activity` of the schema and its strict copy. */
export function activityValidator(dataFactorySchema: any, definitionsSchema: any): (activity: any) => string[] {
  const validators = definitionValidators(dataFactorySchema, definitionsSchema, "Activity");
  const check = (activity: any, where: string): string[] => {
    const errors = errorsOf(validators, activity, where);
    const tp = activity?.typeProperties ?? {};
    for (const inner of [...(tp.activities ?? []), ...(tp.ifTrueActivities ?? []), ...(tp.ifFalseActivities ?? [])])
      errors.push(...check(inner, `${where} > ${inner.name}`));
    return errors;
  };
  return (activity) => check(activity, String(activity?.name));
}

/** Every pipeline activity of the synthesized stacks, labelled `<stack> <pipeline> <activity>`. */
export function synthesizedActivities(outdir: string): { label: string; activity: any }[] {
  const stacksDir = join(outdir, "stacks");
  return readdirSync(stacksDir).flatMap((stack) => {
    const tf = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"));
    return Object.values<any>(tf.resource?.azurerm_data_factory_pipeline ?? {}).flatMap((p) =>
      (JSON.parse(p.activities_json) as any[]).map((activity) => ({ label: `${stack} ${p.name} ${activity.name}`, activity })),
    );
  });
}

/**
 * Custom linked services and datasets of the synthesized stacks, as the bodies Data Factory receives: custom
 * azurerm resources, and linked services deployed through ARM templates (`azurerm_resource_group_template_deployment`).
 */
export function synthesizedCustomEntities(outdir: string): { kind: "LinkedService" | "Dataset"; label: string; entity: any }[] {
  const stacksDir = join(outdir, "stacks");
  return readdirSync(stacksDir).flatMap((stack) => {
    const tf = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8"));
    const linked = Object.values<any>(tf.resource?.azurerm_data_factory_linked_custom_service ?? {}).map((r) => ({
      kind: "LinkedService" as const,
      label: `${stack} ${r.name}`,
      entity: { type: r.type, typeProperties: JSON.parse(r.type_properties_json) },
    }));
    const datasets = Object.values<any>(tf.resource?.azurerm_data_factory_custom_dataset ?? {}).map((r) => ({
      kind: "Dataset" as const,
      label: `${stack} ${r.name}`,
      entity: {
        type: r.type,
        typeProperties: JSON.parse(r.type_properties_json),
        linkedServiceName: { referenceName: r.linked_service.name, type: "LinkedServiceReference" },
      },
    }));
    const deployed = Object.values<any>(tf.resource?.azurerm_resource_group_template_deployment ?? {}).flatMap((d) =>
      (JSON.parse(d.template_content).resources as any[])
        .filter((r) => r.type === "Microsoft.DataFactory/factories/linkedservices")
        .map((r) => ({ kind: "LinkedService" as const, label: `${stack} ${String(r.name).split("/").pop()}`, entity: r.properties })),
    );
    return [...linked, ...deployed, ...datasets];
  });
}

if (require.main === module) {
  const arg = (flag: string) => {
    const i = process.argv.indexOf(flag);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const schemas = arg("--schemas");
  if (!schemas) {
    console.error("usage: npm run check:adf -- --schemas <dir with Microsoft.DataFactory.json and definitions.json> [--out cdktf.out]");
    process.exit(2);
  }
  const read = (f: string) => JSON.parse(readFileSync(join(schemas, f), "utf8"));
  const validate = activityValidator(read("Microsoft.DataFactory.json"), read("definitions.json"));
  const outdir = arg("--out") ?? "cdktf.out";
  const activities = synthesizedActivities(outdir);
  const validateEntity = {
    LinkedService: entityValidator(read("Microsoft.DataFactory.json"), read("definitions.json"), "LinkedService"),
    Dataset: entityValidator(read("Microsoft.DataFactory.json"), read("definitions.json"), "Dataset"),
  };
  const entities = synthesizedCustomEntities(outdir);
  const failures = [
    ...activities.flatMap(({ label, activity }) => validate(activity).map((e) => `${label}: ${e}`)),
    ...entities.flatMap(({ kind, label, entity }) => validateEntity[kind](entity, label)),
  ];
  failures.forEach((f) => console.error(f));
  console.log(
    `${activities.length} activities and ${entities.length} custom linked services and datasets checked against ${ADF_SCHEMA_ID}: ${failures.length} problem(s)`,
  );
  process.exit(failures.length > 0 ? 1 : 0);
}
