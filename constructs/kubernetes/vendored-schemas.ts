import { readFileSync } from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { packageFile } from "../core/package-files";

/**
 * Validation of custom resources against CRD schemas vendored from the pinned releases' own sources (`vendor/`,
 * written by `npm run vendor:crds`): Envoy Gateway's, reduced to the fields the platform's models type and closed to
 * any other, and the Secrets Store CSI driver's SecretProviderClass. CEL rules (x-kubernetes-validations) are left to
 * the API server. There is no maintained typed model package for these CRDs.
 */

/** Path of a vendored schema of an Envoy Gateway release, e.g. `envoyproxy.schema.json`. */
export function envoySchemaPath(version: string, file: string): string {
  return packageFile("vendor", "envoy-gateway", version, file);
}

const validators = new Map<string, ValidateFunction>();
/**
 * One Ajv for every vendored schema, made on first use: each Ajv compiles its meta-schema again, which cost more than
 * the small CRD schemas themselves. CRD schemas are OpenAPI v3 structural schemas: x-kubernetes-* extensions and
 * formats such as int32 are not JSON Schema keywords.
 */
let ajv: Ajv | undefined;

/** The compiled validator of a schema file (compiled once per process). */
function validatorFor(path: string): ValidateFunction {
  let v = validators.get(path);
  if (!v) {
    ajv ??= new Ajv({ strict: false, validateFormats: false, allErrors: true });
    v = ajv.compile(JSON.parse(readFileSync(path, "utf8")));
    validators.set(path, v);
  }
  return v;
}

type NamedObject = { kind: string; metadata: { name: string; namespace?: string } };

/** Throws, naming the object and every problem, when `object` does not match the schema at `path`. */
function validateAgainst(path: string, release: string, object: NamedObject): void {
  const validate = validatorFor(path);
  if (!validate(JSON.parse(JSON.stringify(object)))) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    throw new Error(`${object.kind} ${object.metadata.namespace}/${object.metadata.name} does not match the ${release} CRD schema: ${problems}`);
  }
}

/** Validates an Envoy Gateway object against release `version`'s vendored schema `file`. */
export function validateEnvoyObject(version: string, file: string, object: NamedObject): void {
  validateAgainst(envoySchemaPath(version, file), version, object);
}

/** Validates an object against `vendor/<project>/<version>/<file>`. */
export function validateVendoredObject(project: string, version: string, file: string, object: NamedObject): void {
  validateAgainst(packageFile("vendor", project, version, file), `${project} ${version}`, object);
}
