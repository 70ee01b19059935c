import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { ValidateFunction } from "ajv";

/**
 * Validation of Envoy Gateway custom resources against the pinned release's CRD schemas, reduced to the fields the
 * platform's models type and closed to any other (vendor/envoy-gateway/<version>/<kind>.schema.json, written by
 * `npm run vendor:crds`). CEL rules (x-kubernetes-validations) are left to the API server. There is no maintained
 * typed model package for Envoy Gateway's CRDs.
 */

/** Path of a vendored schema of an Envoy Gateway release, e.g. `envoyproxy.schema.json`. */
export function envoySchemaPath(version: string, file: string): string {
  return join(__dirname, "..", "..", "..", "vendor", "envoy-gateway", version, file);
}

const validators = new Map<string, ValidateFunction>();

/** The compiled validator of a schema (compiled once per process). */
function validatorFor(version: string, file: string): ValidateFunction {
  const key = `${version}/${file}`;
  let v = validators.get(key);
  if (!v) {
    const schema = JSON.parse(readFileSync(envoySchemaPath(version, file), "utf8"));
    // CRD schemas are OpenAPI v3 structural schemas: x-kubernetes-* extensions and formats such as int32 are not
    // JSON Schema keywords.
    v = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
    validators.set(key, v);
  }
  return v;
}

/** Throws, naming the object and every problem, when `object` does not match the schema. */
export function validateEnvoyObject(version: string, file: string, object: { kind: string; metadata: { name: string; namespace?: string } }): void {
  const validate = validatorFor(version, file);
  if (!validate(JSON.parse(JSON.stringify(object)))) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    throw new Error(`${object.kind} ${object.metadata.namespace}/${object.metadata.name} does not match the ${version} CRD schema: ${problems}`);
  }
}
