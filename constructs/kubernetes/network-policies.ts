import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { IIoK8sApiNetworkingV1NetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import { Construct } from "constructs";
import { collectProblems, propError } from "../core/validation";
import { checkDnsLabel, checkLabels, slug } from "./k8s-names";
import { KubeObject } from "./kube-object";
import { NamespaceRef, dependOnNamespace, namespaceName } from "./namespace";
import { PortProtocol, Workload } from "./workload";

/** Label every namespace carries (set by the API server): what namespaceSelectors match on. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** Pods selected by labels in one namespace. */
export interface PodPeer {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** The shared Gateway's data plane (e.g. the Envoy pods of the gateway namespace), as a flow source. */
export interface GatewaySource {
  readonly gateway: PodPeer & {
    /** Names the gateway in policy names. @default "gateway" */
    readonly name?: string;
  };
}

/** Where a flow starts: a workload (of this or another namespace) or the gateway data plane. */
export type FlowSource = Workload | GatewaySource;

/** One end of a flow, as NetworkPolicies see it. */
export interface FlowEndpoint extends PodPeer {
  readonly kind: "workload" | "gateway";
  readonly name: string;
}

/** One admitted flow: source pods may open connections to destination pods on one port, nothing else. */
export interface NetworkFlow {
  readonly source: FlowEndpoint;
  readonly destination: FlowEndpoint;
  /** Container port number on the destination pods. */
  readonly port: number;
  /** Name of that port on the destination. */
  readonly portName: string;
  readonly protocol: PortProtocol;
  /** The policies emitted for the flow: the ingress side, and the egress side when the source is in this namespace. */
  readonly policyNames: readonly string[];
}

/** Props of {@link ZeroTrustPolicies}. */
export interface ZeroTrustPoliciesProps {
  /** The application namespace the policies live in and protect. */
  readonly namespace: NamespaceRef;
  /**
   * The cluster DNS pods every pod may query on UDP and TCP 53.
   * @default DNS_PEER_DEFAULTS - CoreDNS of AKS: namespace kube-system, pods `k8s-app: kube-dns`
   */
  readonly dns?: PodPeer;
}

export const DNS_PEER_DEFAULTS = {
  namespace: "kube-system",
  podLabels: { "k8s-app": "kube-dns" },
} as const satisfies PodPeer;

/**
 * Zero-trust NetworkPolicies for one application namespace: `default-deny-all` blocks all ingress and egress of
 * every pod, `allow-dns` lets every pod query cluster DNS, and {@link allowFlow} admits exactly one declared flow on
 * one port. Flows between pods of the namespace get an egress policy on the source pods and an ingress policy on the
 * destination pods; flows from another namespace (the gateway, another workload) get only the ingress policy here,
 * with a peer that ANDs the namespace and pod selectors. Policy names are deterministic and carry port numbers
 * (named ports are resolved, since some CNIs ignore named ports in egress rules).
 *
 * @example
 * ```ts
 * new ZeroTrustPolicies(this, "ShopPolicies", { namespace: shop });
 * ```
 */
export class ZeroTrustPolicies extends Construct {
  public readonly namespace: string;
  public readonly defaultDeny: KubeObject;
  public readonly allowDns: KubeObject;
  private readonly namespaceRef: NamespaceRef;
  private readonly declared: NetworkFlow[] = [];
  private readonly policyNames = new Set<string>();

  constructor(scope: Construct, id: string, props: ZeroTrustPoliciesProps) {
    super(scope, id);
    this.namespaceRef = props.namespace;
    this.namespace = namespaceName(props.namespace);
    const dns = props.dns ?? DNS_PEER_DEFAULTS;
    collectProblems(this, [
      () => checkDnsLabel(this, "namespace", this.namespace),
      () => checkDnsLabel(this, "dns.namespace", dns.namespace),
      () => checkPodLabels(this, "dns.podLabels", dns.podLabels),
    ]);

    this.defaultDeny = new KubeObject(this, "DefaultDenyAll", {
      render: () =>
        new NetworkPolicy({
          metadata: { name: "default-deny-all", namespace: this.namespace },
          spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
        }),
    });
    this.allowDns = new KubeObject(this, "AllowDns", {
      render: () =>
        new NetworkPolicy({
          metadata: { name: "allow-dns", namespace: this.namespace },
          spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
              {
                to: [peerIn(dns, true)],
                ports: [
                  { protocol: "UDP", port: 53 },
                  { protocol: "TCP", port: 53 },
                ],
              },
            ],
          },
        }),
    });
    this.policyNames.add("default-deny-all").add("allow-dns");
    dependOnNamespace(props.namespace, this.defaultDeny, this.allowDns);
  }

  /** Every flow admitted so far, in declaration order (for reachability analysis). */
  public get flows(): readonly NetworkFlow[] {
    return [...this.declared];
  }

  /**
   * Admits one flow: `from` may connect to the pods of `to` (a workload of this namespace) on `port` (a port name
   * or number the destination declares), and nothing else. Throws on an unknown destination or port (and a bad
   * source, all at once), or a flow declared twice.
   */
  public allowFlow(from: FlowSource, to: Workload, port: string | number): NetworkFlow {
    let endpoint: FlowEndpoint | undefined;
    let resolved: ReturnType<typeof resolvePort> | undefined;
    collectProblems(this, [
      () => {
        if (!Workload.isWorkload(to)) throw propError(this, "allowFlow.to", "must be a Workload", typeof to, "pass the destination Workload.");
        if (to.namespace !== this.namespace) {
          throw propError(
            this,
            "allowFlow.to",
            `is unknown here: ${to.name} is in namespace ${to.namespace}, not ${this.namespace}`,
            to.name,
            `declare the flow on the ZeroTrustPolicies of namespace ${to.namespace}.`,
          );
        }
        resolved = resolvePort(this, to, port);
      },
      () => (endpoint = this.endpointOf(from)),
    ]);
    const { portName, number, protocol } = resolved!;
    const destination: FlowEndpoint = { kind: "workload", name: to.name, namespace: to.namespace, podLabels: { ...to.podLabels } };
    const source = endpoint!;
    const local = source.kind === "workload" && source.namespace === this.namespace;

    const duplicate = this.declared.find(
      (f) => sameEndpoint(f.source, source) && f.destination.name === destination.name && f.port === number && f.protocol === protocol,
    );
    if (duplicate) {
      throw propError(this, "allowFlow", `declares the flow ${describe(source)} -> ${to.name}:${number}/${protocol} twice`, port, "declare each flow once.");
    }
    const sourceSlug = source.namespace === this.namespace ? source.name : `${source.namespace}-${source.name}`;
    const base = `allow-${slug(sourceSlug, 100)}-to-${to.name}-${number}${protocol === "TCP" ? "" : `-${protocol.toLowerCase()}`}`;
    const ingressName = `${base}-ingress`;
    const egressName = `${base}-egress`;
    const names = local ? [ingressName, egressName] : [ingressName];
    for (const name of names) {
      if (this.policyNames.has(name)) {
        throw propError(this, "allowFlow", `would emit policy ${name}, which already exists`, name, "rename a workload so policy names stay unique.");
      }
      if (name.length > 253) throw propError(this, "allowFlow", "would emit a policy name longer than 253 characters", name, "shorten the workload names.");
    }
    names.forEach((n) => this.policyNames.add(n));

    const portRule = [{ protocol, port: number }];
    const objects = [
      new KubeObject(this, `Flow-${ingressName}`, {
        render: () =>
          new NetworkPolicy({
            metadata: { name: ingressName, namespace: this.namespace },
            spec: {
              podSelector: { matchLabels: { ...destination.podLabels } },
              policyTypes: ["Ingress"],
              ingress: [{ from: [peerIn(source, !local)], ports: portRule }],
            },
          }),
      }),
    ];
    if (local) {
      objects.push(
        new KubeObject(this, `Flow-${egressName}`, {
          render: () =>
            new NetworkPolicy({
              metadata: { name: egressName, namespace: this.namespace },
              spec: {
                podSelector: { matchLabels: { ...source.podLabels } },
                policyTypes: ["Egress"],
                egress: [{ to: [peerIn(destination, false)], ports: portRule }],
              },
            }),
        }),
      );
    }
    dependOnNamespace(this.namespaceRef, ...objects);
    const flow: NetworkFlow = { source, destination, port: number, portName, protocol, policyNames: names };
    this.declared.push(flow);
    return flow;
  }

  private endpointOf(from: FlowSource): FlowEndpoint {
    if (Workload.isWorkload(from)) {
      return { kind: "workload", name: from.name, namespace: from.namespace, podLabels: { ...from.podLabels } };
    }
    const gateway = (from as GatewaySource | undefined)?.gateway;
    if (!gateway)
      throw propError(
        this,
        "allowFlow.from",
        "must be a Workload or { gateway: { namespace, podLabels } }",
        from,
        "pass a Workload or the gateway data plane.",
      );
    const name = gateway.name ?? "gateway";
    collectProblems(this, [
      () => checkDnsLabel(this, "allowFlow.from.gateway.namespace", gateway.namespace),
      () => checkPodLabels(this, "allowFlow.from.gateway.podLabels", gateway.podLabels),
      () => checkDnsLabel(this, "allowFlow.from.gateway.name", name),
    ]);
    return { kind: "gateway", name, namespace: gateway.namespace, podLabels: { ...gateway.podLabels } };
  }
}

/** A peer selecting pods by labels; with `crossNamespace`, ANDed with a namespace selector in the same peer. */
function peerIn(peer: PodPeer, crossNamespace: boolean): IIoK8sApiNetworkingV1NetworkPolicyPeer {
  return {
    ...(crossNamespace ? { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } } } : {}),
    podSelector: { matchLabels: { ...peer.podLabels } },
  };
}

function checkPodLabels(scope: Construct, prop: string, labels: Readonly<Record<string, string>>): void {
  if (Object.keys(labels ?? {}).length === 0) {
    throw propError(scope, prop, "must select pods by at least one label (an empty selector matches every pod)", labels, "give the pod labels.");
  }
  checkLabels(scope, prop, { ...labels });
}

function resolvePort(scope: Construct, to: Workload, port: string | number): { portName: string; number: number; protocol: PortProtocol } {
  const exposed = Object.entries(to.ports);
  const matches = typeof port === "string" ? exposed.filter(([name]) => name === port) : exposed.filter(([, n]) => n === port);
  if (matches.length === 0) {
    const list = exposed.map(([name, n]) => `${name}=${n}`).join(", ") || "none";
    throw propError(
      scope,
      "allowFlow.port",
      `is not exposed by ${to.name} (its ports: ${list})`,
      port,
      `use one of ${to.name}'s ports, or declare it on the container.`,
    );
  }
  if (matches.length > 1) {
    throw propError(scope, "allowFlow.port", `matches several ports of ${to.name} (${matches.map(([n]) => n).join(", ")})`, port, "pass the port name.");
  }
  const [portName, number] = matches[0];
  return { portName, number, protocol: to.portProtocols[portName] };
}

function sameEndpoint(a: FlowEndpoint, b: FlowEndpoint): boolean {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && JSON.stringify(a.podLabels) === JSON.stringify(b.podLabels);
}

function describe(e: FlowEndpoint): string {
  return `${e.kind} ${e.namespace}/${e.name}`;
}
