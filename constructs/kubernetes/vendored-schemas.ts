import { readFileSync } from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { packageFile } from "../core/package-files";
import { GATEWAY_API_BUNDLE, loadGatewayApiBundle } from "./addons/gateway-api-crds";

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

/** The compiled validator of a schema (compiled once per process), by a key naming where it comes from. */
function compiled(key: string, schema: () => object): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    ajv ??= new Ajv({ strict: false, validateFormats: false, allErrors: true });
    v = ajv.compile(schema());
    validators.set(key, v);
  }
  return v;
}

/** The compiled validator of a schema file. */
const validatorFor = (path: string): ValidateFunction => compiled(path, () => JSON.parse(readFileSync(path, "utf8")));

/** Each problem of `validate`'s last run, as `<path> <message>`. */
const problemsOf = (validate: ValidateFunction): string[] => (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);

type NamedObject = { kind: string; metadata: { name: string; namespace?: string } };

/** Throws, naming the object and every problem, when `object` does not match the schema at `path`. */
function validateAgainst(path: string, release: string, object: NamedObject): void {
  const validate = validatorFor(path);
  if (!validate(JSON.parse(JSON.stringify(object)))) {
    const problems = problemsOf(validate).join("; ");
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

let gatewayApiCrds: Map<string, object> | undefined;

/**
 * The problems of a Gateway API object (`gateway.networking.k8s.io`) against the schema of its kind and version in
 * the pinned standard bundle, the CRDs the platform installs (vendor/gateway-api/, {@link GATEWAY_API_BUNDLE}), or
 * `undefined` when the bundle has no such kind and version. The typed models (@kubernetes-models/gateway-api 0.5.1)
 * carry an older release's schemas, compiled by their own Ajv at run time, which took 0.3 s of every synth; the
 * installed release's schemas are what the API server applies. CEL rules are left to the API server.
 */
export function gatewayApiSchemaProblems(object: { apiVersion: string; kind: string }): string[] | undefined {
  gatewayApiCrds ??= new Map(
    loadGatewayApiBundle("standard")
      .filter((o) => o.kind === "CustomResourceDefinition")
      .flatMap((crd) => {
        const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: object } }[] };
        return spec.versions.filter((v) => v.served).map((v) => [`${spec.group}/${v.name} ${spec.names.kind}`, v.schema.openAPIV3Schema] as const);
      }),
  );
  const key = `${object.apiVersion} ${object.kind}`;
  const schema = gatewayApiCrds.get(key);
  if (!schema) return undefined;
  const validate = compiled(`gateway-api ${GATEWAY_API_BUNDLE.version} ${key}`, () => schema);
  return validate(object) ? [] : problemsOf(validate);
}
