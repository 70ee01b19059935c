/**
 * Regenerates `vendor/`: the Gateway API CRD bundles (both channels) and the EnvoyProxy validation schema, taken
 * from the releases' own sources through the Go module proxy (a registry, like npm): `go mod download` of
 * `sigs.k8s.io/gateway-api` and `github.com/envoyproxy/gateway` at the pinned versions. Needs Go; synth and tests
 * only read the result.
 *
 *   npm run vendor:crds
 *
 * Outputs (JSON, so synth parses them in milliseconds):
 * - vendor/gateway-api/<version>/<channel>.json: every object of config/crd/<channel>/ (CRDs and the
 *   safe-upgrades ValidatingAdmissionPolicy and binding), unchanged, in file order;
 * - vendor/envoy-gateway/<version>/envoyproxy.schema.json, clienttrafficpolicy.schema.json and
 *   backendtrafficpolicy.schema.json: the openAPIV3Schema of each v1alpha1 CRD without descriptions, reduced to
 *   the fields its model types and closed to unknown fields (what the model validates against);
 * - vendor/secrets-store-csi-driver/<version>/secretproviderclass.schema.json: the SecretProviderClass v1 schema
 *   without descriptions;
 * - vendor/SOURCES.json: module, version and sha256 of every file read.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { moduleDir, yamlDocuments } from "./module-sources";
import { GATEWAY_API_BUNDLE } from "../constructs/kubernetes/addons/gateway-api-crds";
import { ENVOY_GATEWAY_DEFAULTS } from "../constructs/kubernetes/addons/envoy-gateway";
import { ENVOY_POLICY_TYPED_FIELDS } from "../constructs/kubernetes/addons/envoy-policies";
import { ENVOY_PROXY_TYPED_FIELDS } from "../constructs/kubernetes/addons/envoy-proxy";
import { SECRET_PROVIDER_CLASS_SCHEMA } from "../constructs/kubernetes/secret-provider-class";

const root = join(__dirname, "..");
const sources: { module: string; version: string; file: string; sha256: string }[] = [];

function read(module: string, version: string, dir: string, file: string): string {
  const text = readFileSync(join(dir, file), "utf8");
  sources.push({ module, version, file, sha256: createHash("sha256").update(text).digest("hex") });
  return text;
}

function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "description")
        .map(([k, v]) => [k, withoutDescriptions(v)]),
    );
  }
  return value;
}

/**
 * The schema reduced to the fields the platform's EnvoyProxy model types (ENVOY_PROXY_TYPED_FIELDS), each object
 * closed (`additionalProperties: false`, as the API server's strict field validation refuses unknown fields):
 * a smaller schema that compiles in milliseconds and catches a misspelt field.
 */
function pruneTo(schema: any, fields: readonly string[]): any {
  const out = { ...schema };
  if (schema.properties) {
    const tops = new Map<string, string[]>();
    for (const f of fields) {
      const [head, ...rest] = f.split(".");
      if (!(head in schema.properties)) throw new Error(`schema has no field ${head} (typed field ${f})`);
      tops.set(head, [...(tops.get(head) ?? []), ...(rest.length ? [rest.join(".")] : [])]);
    }
    out.properties = Object.fromEntries([...tops].map(([k, sub]) => [k, sub.length ? pruneTo(schema.properties[k], sub) : schema.properties[k]]));
    if (!schema["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
    if (schema.required) out.required = schema.required.filter((r: string) => tops.has(r));
  } else if (schema.items) {
    out.items = pruneTo(schema.items, fields);
  }
  return out;
}

function write(path: string, value: unknown): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), `${JSON.stringify(value)}\n`);
  console.log(`wrote ${path}`);
}

const gwModule = "sigs.k8s.io/gateway-api";
const gwDir = moduleDir(gwModule, GATEWAY_API_BUNDLE.version);
for (const channel of ["standard", "experimental"] as const) {
  const folder = join("config", "crd", channel);
  const files = readdirSync(join(gwDir, folder))
    .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
    .sort();
  const objects = files.flatMap((f) => yamlDocuments(read(gwModule, GATEWAY_API_BUNDLE.version, gwDir, join(folder, f))));
  write(join("vendor", "gateway-api", GATEWAY_API_BUNDLE.version, `${channel}.json`), objects);
}

const egModule = "github.com/envoyproxy/gateway";
const egVersion = ENVOY_GATEWAY_DEFAULTS.chartVersion;
const egDir = moduleDir(egModule, egVersion);
const crdFolder = join("charts", "gateway-helm", "charts", "crds", "crds", "generated");
const egSchemas: [string, string, readonly string[]][] = [
  ["envoyproxy.schema.json", "gateway.envoyproxy.io_envoyproxies.yaml", ENVOY_PROXY_TYPED_FIELDS],
  ...Object.entries(ENVOY_POLICY_TYPED_FIELDS).map(([file, { crd, fields }]): [string, string, readonly string[]] => [file, crd, fields]),
];
for (const [file, crdFile, fields] of egSchemas) {
  const [crd] = yamlDocuments(read(egModule, egVersion, egDir, join(crdFolder, crdFile))) as any[];
  const version = crd.spec.versions.find((v: any) => v.name === "v1alpha1");
  write(join("vendor", "envoy-gateway", egVersion, file), pruneTo(withoutDescriptions(version.schema.openAPIV3Schema), fields));
}

// The SecretProviderClass CRD (secrets-store.csi.x-k8s.io/v1): installed by AKS's Key Vault secrets provider add-on,
// whose driver release AKS chooses; the v1 schema is the upstream release's, whole (every field is typed).
const sscModule = "sigs.k8s.io/secrets-store-csi-driver";
const sscDir = moduleDir(sscModule, SECRET_PROVIDER_CLASS_SCHEMA.driverVersion);
const [spc] = yamlDocuments(
  read(sscModule, SECRET_PROVIDER_CLASS_SCHEMA.driverVersion, sscDir, join("config", "crd", "bases", "secrets-store.csi.x-k8s.io_secretproviderclasses.yaml")),
) as any[];
const spcVersion = spc.spec.versions.find((v: any) => v.name === "v1");
write(
  join("vendor", "secrets-store-csi-driver", SECRET_PROVIDER_CLASS_SCHEMA.driverVersion, SECRET_PROVIDER_CLASS_SCHEMA.file),
  withoutDescriptions(spcVersion.schema.openAPIV3Schema),
);

write(join("vendor", "SOURCES.json"), { generatedBy: relative(root, __filename), sources });
