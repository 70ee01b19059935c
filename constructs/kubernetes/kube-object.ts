import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Lazy } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { GATEWAY_API_BUNDLE } from "./addons/gateway-api-crds";
import { gatewayApiSchemaProblems } from "./vendored-schemas";

/**
 * What a typed Kubernetes model (kubernetes-models, @kubernetes-models/cert-manager, @kubernetes-models/gateway-api)
 * offers: apiVersion/kind/metadata, `validate()` against the official OpenAPI / CRD schema, and `toJSON()`.
 */
export interface KubeModel {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  validate(): void;
  toJSON(): unknown;
}

/** A plain Kubernetes manifest, as applied by the provider and exported as YAML. */
export interface KubeManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Props of {@link KubeObject}. */
export interface KubeObjectProps {
  /**
   * Builds the typed model. Called at construction (to fail fast) and again when the manifest is rendered, so
   * objects with `add*()` methods can render what was added later.
   */
  readonly render: () => KubeModel;
  /**
   * Fields the API server may change after apply, which Terraform must not treat as drift.
   * @default - the provider's defaults (metadata.annotations, metadata.labels)
   */
  readonly computedFields?: string[];
}

const MARKER = Symbol.for("azure-platform-iac.KubeObject");

/** Validates a model against its schema and returns the plain manifest; errors name the object. */
export function renderModel(model: KubeModel, path: string): KubeManifest {
  const name = model.metadata?.name;
  if (!name) throw new Error(`${path}: ${model.kind} has no metadata.name. Fix: set metadata.name.`);
  const where = model.metadata?.namespace ? `${model.metadata.namespace}/${name}` : name;
  const invalid = (message: string) => new Error(`${path}: ${model.kind} ${where} does not match its schema: ${message}. Fix: correct the object.`);
  // JSON round trip drops undefined fields, which the provider would otherwise see as explicit nulls.
  const manifest = JSON.parse(JSON.stringify(model.toJSON())) as KubeManifest;
  // Gateway API objects: the schema of the release installed (vendored-schemas.ts); others: their model's own.
  const gatewayApiProblems = model.apiVersion.startsWith("gateway.networking.k8s.io/") ? gatewayApiSchemaProblems(manifest) : undefined;
  if (gatewayApiProblems) {
    if (gatewayApiProblems.length > 0) throw invalid(`${gatewayApiProblems.join("; ")} (Gateway API ${GATEWAY_API_BUNDLE.version})`);
    return manifest;
  }
  try {
    model.validate();
  } catch (e) {
    throw invalid((e as Error).message);
  }
  return manifest;
}

/**
 * One in-cluster object, emitted as a `kubernetes_manifest`. Every object is validated against its OpenAPI / CRD
 * schema when constructed and again when synthesized. The same plain manifest feeds the Terraform JSON, the YAML
 * export and the NetworkPolicy analysis ({@link KubeObject.allIn}).
 *
 * @example
 * ```ts
 * new KubeObject(this, "Settings", {
 *   render: () => new ConfigMap({ metadata: { name: "settings", namespace: "shop" }, data: { LOG_LEVEL: "info" } }),
 * });
 * ```
 */
export class KubeObject extends Construct {
  public readonly resource: Manifest;
  public readonly kind: string;
  public readonly objectName: string;
  public readonly namespace?: string;
  private readonly render: () => KubeModel;

  constructor(scope: Construct, id: string, props: KubeObjectProps) {
    super(scope, id);
    Object.defineProperty(this, MARKER, { value: true });
    this.render = props.render;
    const first = this.toManifest();
    this.kind = first.kind;
    this.objectName = first.metadata.name;
    this.namespace = first.metadata.namespace;
    this.resource = new Manifest(this, "Resource", {
      manifest: Lazy.anyValue({ produce: () => this.toManifest() }) as unknown as Record<string, unknown>,
      computedFields: props.computedFields,
    });
  }

  /** The validated plain manifest as it is now. */
  public toManifest(): KubeManifest {
    return renderModel(this.render(), this.node.path);
  }

  public static isKubeObject(x: unknown): x is KubeObject {
    return typeof x === "object" && x !== null && MARKER in x;
  }

  /** Every KubeObject below `scope`, in construct-tree order. */
  public static allIn(scope: IConstruct): KubeObject[] {
    return scope.node.findAll().filter((c): c is KubeObject => KubeObject.isKubeObject(c));
  }
}
