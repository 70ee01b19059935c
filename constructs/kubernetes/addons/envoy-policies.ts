import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import { KubeModel } from "../kube-object";
import { validateEnvoyObject } from "../vendored-schemas";
import type { GatewayClientProtections } from "./gateway-implementation";

/**
 * Envoy Gateway's policy custom resources (gateway.envoyproxy.io/v1alpha1) the shared Gateway uses: a
 * `ClientTrafficPolicy` (how clients connect: TLS versions and ciphers, response headers added to every response)
 * and a `BackendTrafficPolicy` (what happens on the way to the backends: rate limits). Only the fields set here are
 * typed (field names of api/v1alpha1 in envoyproxy/gateway); `validate()` checks each object against the pinned
 * release's CRD schema reduced to them.
 */

/** A policy's target: a Gateway, or one of its listeners by `sectionName`. */
export interface PolicyTargetRef {
  readonly group: "gateway.networking.k8s.io";
  readonly kind: "Gateway";
  readonly name: string;
  readonly sectionName?: string;
}

/** TLS versions Envoy Gateway accepts (api/v1alpha1 TLSVersion). */
export type TlsVersion = "Auto" | "1.0" | "1.1" | "1.2" | "1.3";

export interface ClientTrafficPolicySpec {
  readonly targetRefs: PolicyTargetRef[];
  readonly tls?: { readonly minVersion?: TlsVersion; readonly ciphers?: string[] };
  readonly headers?: { readonly lateResponseHeaders?: { readonly set?: { readonly name: string; readonly value: string }[] } };
}

export type RateLimitUnit = "Second" | "Minute" | "Hour" | "Day";

export interface BackendTrafficPolicySpec {
  readonly targetRefs: PolicyTargetRef[];
  readonly rateLimit?: {
    readonly type: "Local";
    readonly local: {
      readonly rules: {
        readonly clientSelectors?: { readonly sourceCIDR: { readonly type: "Exact" | "Distinct"; readonly value: string } }[];
        readonly limit: { readonly requests: number; readonly unit: RateLimitUnit };
      }[];
    };
  };
}

/** The field paths the models type, per vendored schema file (what `npm run vendor:crds` reduces each CRD to). */
export const ENVOY_POLICY_TYPED_FIELDS = {
  "clienttrafficpolicy.schema.json": {
    crd: "gateway.envoyproxy.io_clienttrafficpolicies.yaml",
    fields: ["apiVersion", "kind", "metadata", "spec.targetRefs", "spec.tls.minVersion", "spec.tls.ciphers", "spec.headers.lateResponseHeaders.set"],
  },
  "backendtrafficpolicy.schema.json": {
    crd: "gateway.envoyproxy.io_backendtrafficpolicies.yaml",
    fields: ["apiVersion", "kind", "metadata", "spec.targetRefs", "spec.rateLimit.type", "spec.rateLimit.local.rules"],
  },
} as const;

export type PolicyKind = "ClientTrafficPolicy" | "BackendTrafficPolicy";
const SCHEMA_FILE: Record<PolicyKind, keyof typeof ENVOY_POLICY_TYPED_FIELDS> = {
  ClientTrafficPolicy: "clienttrafficpolicy.schema.json",
  BackendTrafficPolicy: "backendtrafficpolicy.schema.json",
};

/** One Envoy Gateway policy object, validated against the release's schema. */
export class EnvoyPolicy<S extends ClientTrafficPolicySpec | BackendTrafficPolicySpec> implements KubeModel {
  public readonly apiVersion = "gateway.envoyproxy.io/v1alpha1";

  /** @param releaseVersion the Envoy Gateway release whose CRD schema validates the object */
  constructor(
    public readonly kind: PolicyKind,
    public readonly metadata: { readonly name: string; readonly namespace: string },
    public readonly spec: S,
    private readonly releaseVersion: string,
  ) {}

  public validate(): void {
    validateEnvoyObject(this.releaseVersion, SCHEMA_FILE[this.kind], this.toJSON());
  }

  public toJSON(): { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: S } {
    return JSON.parse(JSON.stringify({ apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata, spec: this.spec }));
  }
}

/**
 * The Envoy Gateway objects behind {@link GatewayClientProtections}: a ClientTrafficPolicy on the HTTPS listener
 * (TLS floor and ciphers; HSTS added to every response, `lateResponseHeaders`, so no route can drop it) and, with a
 * rate limit, a BackendTrafficPolicy on the Gateway: a local limit with one bucket per client address
 * (`sourceCIDR` Distinct over every address), kept by each proxy replica for each route. The proxies' Service keeps
 * `externalTrafficPolicy: Local`, so the client address is the real one.
 */
export function envoyClientProtections(
  props: GatewayClientProtections,
  releaseVersion: string,
): EnvoyPolicy<ClientTrafficPolicySpec | BackendTrafficPolicySpec>[] {
  const { name, namespace, httpsSectionName } = props.gateway;
  const gatewayRef: PolicyTargetRef = { group: "gateway.networking.k8s.io", kind: "Gateway", name };
  const client = new EnvoyPolicy<ClientTrafficPolicySpec>(
    "ClientTrafficPolicy",
    { name: `${name}-${httpsSectionName}-clients`, namespace },
    {
      targetRefs: [{ ...gatewayRef, sectionName: httpsSectionName }],
      // Ciphers only matter below TLS 1.3 (the CRD refuses them with minVersion 1.3).
      tls: { minVersion: props.tls.minVersion, ...(props.tls.minVersion === "1.2" ? { ciphers: [...props.tls.ciphers] } : {}) },
      ...(props.hstsMaxAgeSeconds > 0
        ? { headers: { lateResponseHeaders: { set: [{ name: "Strict-Transport-Security", value: `max-age=${props.hstsMaxAgeSeconds}` }] } } }
        : {}),
    },
    releaseVersion,
  );
  if (!props.rateLimit) return [client];
  const limit = new EnvoyPolicy<BackendTrafficPolicySpec>(
    "BackendTrafficPolicy",
    { name: `${name}-rate-limit`, namespace },
    {
      targetRefs: [gatewayRef],
      rateLimit: {
        type: "Local",
        local: {
          rules: [
            // One bucket per client address, IPv4 and IPv6 (an address no rule matches would not be limited).
            ...["0.0.0.0/0", "::/0"].map((value) => ({
              clientSelectors: [{ sourceCIDR: { type: "Distinct" as const, value } }],
              limit: { requests: props.rateLimit!.requestsPerClientIp, unit: props.rateLimit!.unit },
            })),
          ],
        },
      },
    },
    releaseVersion,
  );
  return [client, limit];
}

/**
 * What keeps the Gateway's rate limit in force on every route: Envoy Gateway applies a Gateway-level
 * BackendTrafficPolicy only to routes that no route-level one targets, unless that one sets `mergeType`
 * (internal/gatewayapi/backendtrafficpolicy.go, v1.9.1). This ValidatingAdmissionPolicy refuses, outside the
 * Gateway's namespace, BackendTrafficPolicies that would replace it (no `mergeType`) or set a rate limit of their
 * own; merged ones (timeouts, retries, circuit breakers) stay allowed.
 */
export function rateLimitGuard(gatewayNamespace: string): { policy: ValidatingAdmissionPolicy; binding: ValidatingAdmissionPolicyBinding } {
  const name = `${gatewayNamespace}-rate-limit-kept`;
  const policy = new ValidatingAdmissionPolicy({
    metadata: { name },
    spec: {
      failurePolicy: "Fail",
      matchConstraints: {
        resourceRules: [{ apiGroups: ["gateway.envoyproxy.io"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["backendtrafficpolicies"] }],
      },
      matchConditions: [{ name: "outside-the-gateway-namespace", expression: `request.namespace != '${gatewayNamespace}'` }],
      validations: [
        {
          expression: "has(object.spec.mergeType)",
          message: `a BackendTrafficPolicy outside namespace ${gatewayNamespace} must set mergeType (StrategicMerge or JSONMerge), or it replaces the Gateway's rate limit on its routes`,
          reason: "Forbidden",
        },
        {
          expression: "!has(object.spec.rateLimit)",
          message: `the rate limit is the Gateway's (namespace ${gatewayNamespace}): a BackendTrafficPolicy elsewhere may not set one`,
          reason: "Forbidden",
        },
      ],
    },
  });
  const binding = new ValidatingAdmissionPolicyBinding({ metadata: { name }, spec: { policyName: name, validationActions: ["Deny"] } });
  return { policy, binding };
}
