/**
 * Plain-JSON shapes the reachability analyzer works on: NetworkPolicy manifests (networking.k8s.io/v1) as
 * synthesized or read from YAML, and the endpoints (pods, external addresses) whose connections it decides.
 */

/** Labels of a pod or namespace. */
export type Labels = Readonly<Record<string, string>>;

/** Operators of a `matchExpressions` requirement. */
export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/** One `matchExpressions` requirement of a LabelSelector. */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values?: readonly string[];
}

/** A LabelSelector (meta/v1): `matchLabels` AND `matchExpressions`; `{}` selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

/** L4 protocols of NetworkPolicy ports (TCP when omitted). */
export type Protocol = "TCP" | "UDP" | "SCTP";

export interface IPBlock {
  readonly cidr: string;
  readonly except?: readonly string[];
}

/** A peer of a rule: selectors (ANDed when both are given) or an ipBlock. */
export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IPBlock;
}

/** A port of a rule: a number or a container port name, optionally a range up to `endPort`. */
export interface NetworkPolicyPort {
  readonly protocol?: Protocol;
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyIngressRule {
  readonly from?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  readonly to?: readonly NetworkPolicyPeer[];
  readonly ports?: readonly NetworkPolicyPort[];
}

export type PolicyType = "Ingress" | "Egress";

/** A NetworkPolicy as plain JSON (networking.k8s.io/v1). */
export interface NetworkPolicyManifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    /** Required by the API; an absent selector decodes to `{}` (every pod of the namespace). */
    readonly podSelector?: LabelSelector;
    readonly policyTypes?: readonly PolicyType[];
    readonly ingress?: readonly NetworkPolicyIngressRule[];
    readonly egress?: readonly NetworkPolicyEgressRule[];
  };
}

/** A port an endpoint listens on (a pod's container port, or a port of an external address). */
export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: Protocol;
}

/** One end of a connection: a pod (selected by labels in its namespace) or an external address (by IP). */
export interface Endpoint {
  /** Stable id, `<namespace>/<name>` for pods, `internet/<ip>` for external addresses. */
  readonly id: string;
  readonly kind: "pod" | "external";
  /** Namespace of a pod. */
  readonly namespace?: string;
  /** Labels of a pod. */
  readonly labels?: Labels;
  /** Ports the endpoint listens on: what it can be connected to. */
  readonly ports?: readonly EndpointPort[];
  /** IPv4 address of an external endpoint (what ipBlock peers match). */
  readonly ip?: string;
}

/** A namespace and its labels (`kubernetes.io/metadata.name` is added by the analyzer when missing). */
export interface Namespace {
  readonly name: string;
  readonly labels: Labels;
}
