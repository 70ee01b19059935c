import { addressInCidr } from "./ipv4";
import { checkSelector, matchesSelector, namespaceLabels } from "./selectors";
import { Endpoint, Labels, Namespace, NetworkPolicyManifest, NetworkPolicyPeer, NetworkPolicyPort, PolicyType, Protocol } from "./types";

/** How one direction (egress of the source, ingress of the destination) judged a connection. */
export interface DirectionVerdict {
  /** Whether NetworkPolicies govern this side at all: only pods are subject to them. */
  readonly pod: boolean;
  /** At least one policy selects the pod with this direction in its policyTypes (else everything is allowed). */
  readonly isolated: boolean;
  readonly allowed: boolean;
  /** Policies (`<namespace>/<name>`) selecting the pod for this direction, i.e. the ones that isolate it. */
  readonly selectedBy: readonly string[];
  /** Policies with at least one rule of this direction matching the connection (the union that allows it). */
  readonly allowedBy: readonly string[];
  /** One sentence a review can quote. */
  readonly reason: string;
}

/** The decision for one connection `from -> to:port/protocol`. */
export interface Verdict {
  readonly allowed: boolean;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  /** Name of the destination's port with that number and protocol, if it declares one. */
  readonly portName?: string;
  readonly protocol: Protocol;
  /** Egress of the source. */
  readonly egress: DirectionVerdict;
  /** Ingress of the destination. */
  readonly ingress: DirectionVerdict;
}

/** One connection of {@link ReachabilityAnalyzer.matrix}: a source to one port the destination exposes. */
export interface MatrixEntry {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly portName?: string;
  readonly protocol: Protocol;
  readonly allowed: boolean;
  readonly verdict: Verdict;
}

/** An allowed connection, as {@link ReachabilityAnalyzer.allowedConnections} lists it. */
export interface Connection {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
}

interface Policy {
  readonly id: string;
  readonly namespace: string;
  readonly manifest: NetworkPolicyManifest;
  readonly types: readonly PolicyType[];
}

interface Conn {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly port: number;
  readonly protocol: Protocol;
}

const DEFAULT_NAMESPACE = "default";

/**
 * Offline evaluation of Kubernetes NetworkPolicies (networking.k8s.io/v1) over a set of endpoints. A connection
 * `src -> dst:port/protocol` is allowed iff the source's egress allows it (or the source is not a pod) AND the
 * destination's ingress allows it (or the destination is not a pod). A pod's direction is isolated iff some
 * policy of its namespace selects it with that direction in its (possibly implied) policyTypes; an isolated
 * direction allows exactly the union of the matching rules of those policies.
 *
 * Choices where the API leaves room:
 * - `ipBlock` peers match only `external` endpoints, by their IPv4 address, minus `except`. Pod IPs are
 *   implementation-defined for ipBlock (the API documents ipBlock for cluster-external addresses), so a pod is
 *   never matched by an ipBlock, and selectors never match external endpoints. IPv6 blocks match nothing.
 * - Named ports are resolved on the DESTINATION endpoint in both directions (ingress: the selected pod; egress: the
 *   peer connected to): the rule matches when the destination declares a port of that name with the connection's
 *   number and protocol. External destinations declare no names, so named egress ports never match them.
 * - Namespaces not given to the constructor have only their `kubernetes.io/metadata.name` label.
 * - A peer with no field at all, ipBlock mixed with selectors, or endPort without a numeric port is rejected (the
 *   API server rejects them too), as are unknown selector operators.
 */
export class ReachabilityAnalyzer {
  private readonly policies: readonly Policy[];
  private readonly namespaceLabels = new Map<string, Labels>();

  constructor(policies: readonly NetworkPolicyManifest[], namespaces: readonly Namespace[] = []) {
    for (const ns of namespaces) this.namespaceLabels.set(ns.name, namespaceLabels(ns.name, ns.labels));
    const seen = new Set<string>();
    this.policies = policies.map((manifest) => {
      const namespace = manifest.metadata.namespace ?? DEFAULT_NAMESPACE;
      const id = `${namespace}/${manifest.metadata.name}`;
      if (seen.has(id)) throw new Error(`NetworkPolicy ${id} is given twice`);
      seen.add(id);
      checkPolicy(id, manifest);
      return { id, namespace, manifest, types: policyTypes(manifest) };
    });
  }

  /**
   * Decides one connection. `port` is a number, or a port name resolved on the destination (which must declare it).
   * `protocol` defaults to the named port's protocol, else TCP.
   */
  public check(src: Endpoint, dst: Endpoint, port: number | string, protocol?: Protocol): Verdict {
    checkEndpoint(src);
    checkEndpoint(dst);
    let number: number;
    let proto: Protocol;
    if (typeof port === "string") {
      const named = (dst.ports ?? []).find((p) => p.name === port && (protocol === undefined || (p.protocol ?? "TCP") === protocol));
      if (!named) throw new Error(`${dst.id} declares no port named ${port}${protocol ? `/${protocol}` : ""}`);
      number = named.port;
      proto = protocol ?? named.protocol ?? "TCP";
    } else {
      number = port;
      proto = protocol ?? "TCP";
    }
    if (!Number.isInteger(number) || number < 1 || number > 65535) throw new Error(`port must be 1-65535 (got ${number})`);
    const conn: Conn = { src, dst, port: number, protocol: proto };
    const egress = this.direction("Egress", conn);
    const ingress = this.direction("Ingress", conn);
    const portName = (dst.ports ?? []).find((p) => p.port === number && (p.protocol ?? "TCP") === proto)?.name;
    return {
      allowed: egress.allowed && ingress.allowed,
      from: src.id,
      to: dst.id,
      port: number,
      ...(portName ? { portName } : {}),
      protocol: proto,
      egress,
      ingress,
    };
  }

  /** Every ordered pair of distinct endpoints, for every port the destination exposes (with its protocol). */
  public matrix(endpoints: readonly Endpoint[]): MatrixEntry[] {
    const ids = new Set<string>();
    for (const e of endpoints) {
      if (ids.has(e.id)) throw new Error(`endpoint id ${e.id} is given twice`);
      ids.add(e.id);
    }
    const entries: MatrixEntry[] = [];
    for (const src of endpoints) {
      for (const dst of endpoints) {
        if (src.id === dst.id) continue;
        for (const p of dst.ports ?? []) {
          const verdict = this.check(src, dst, p.port, p.protocol ?? "TCP");
          entries.push({
            from: src.id,
            to: dst.id,
            port: verdict.port,
            ...(verdict.portName ? { portName: verdict.portName } : {}),
            protocol: verdict.protocol,
            allowed: verdict.allowed,
            verdict,
          });
        }
      }
    }
    return entries;
  }

  /** The allowed entries of {@link matrix}, without verdicts. */
  public allowedConnections(endpoints: readonly Endpoint[]): Connection[] {
    return this.matrix(endpoints)
      .filter((e) => e.allowed)
      .map(({ from, to, port, protocol }) => ({ from, to, port, protocol }));
  }

  private direction(type: PolicyType, conn: Conn): DirectionVerdict {
    const self = type === "Egress" ? conn.src : conn.dst;
    const other = type === "Egress" ? conn.dst : conn.src;
    const side = type === "Egress" ? "egress of the source" : "ingress of the destination";
    if (self.kind !== "pod") {
      return {
        pod: false,
        isolated: false,
        allowed: true,
        selectedBy: [],
        allowedBy: [],
        reason: `${self.id} is not a pod: its ${type.toLowerCase()} is not subject to NetworkPolicies`,
      };
    }
    const selecting = this.policies.filter(
      (p) => p.namespace === self.namespace && p.types.includes(type) && matchesSelector(p.manifest.spec.podSelector ?? {}, self.labels),
    );
    const selectedBy = selecting.map((p) => p.id);
    if (selecting.length === 0) {
      return { pod: true, isolated: false, allowed: true, selectedBy, allowedBy: [], reason: `no ${type} policy selects ${self.id}: ${side} is not isolated` };
    }
    const allowedBy = selecting
      .filter((p) => {
        const rules =
          type === "Egress"
            ? (p.manifest.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }))
            : (p.manifest.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }));
        return rules.some((r) => this.peersMatch(r.peers, other, p.namespace) && portsMatch(r.ports, conn));
      })
      .map((p) => p.id);
    const what = `${conn.dst.id}:${conn.port}/${conn.protocol}`;
    const reason =
      allowedBy.length > 0
        ? `${side} ${self.id} allowed by ${allowedBy.join(", ")}`
        : `${side} ${self.id} is isolated by ${selectedBy.join(", ")} and no ${type.toLowerCase()} rule admits ${conn.src.id} -> ${what}`;
    return { pod: true, isolated: true, allowed: allowedBy.length > 0, selectedBy, allowedBy, reason };
  }

  /** Absent or empty `from`/`to` matches every peer; otherwise any one element (ORed). */
  private peersMatch(peers: readonly NetworkPolicyPeer[] | undefined, other: Endpoint, policyNamespace: string): boolean {
    if (!peers || peers.length === 0) return true;
    return peers.some((peer) => this.peerMatches(peer, other, policyNamespace));
  }

  private peerMatches(peer: NetworkPolicyPeer, other: Endpoint, policyNamespace: string): boolean {
    if (peer.ipBlock) {
      if (other.kind !== "external" || other.ip === undefined) return false;
      const ip = other.ip;
      return addressInCidr(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((c) => addressInCidr(c, ip));
    }
    if (other.kind !== "pod" || other.namespace === undefined) return false;
    // Both selectors in ONE peer are ANDed; a podSelector alone means the policy's own namespace.
    const inNamespace = peer.namespaceSelector
      ? matchesSelector(peer.namespaceSelector, this.labelsOfNamespace(other.namespace))
      : other.namespace === policyNamespace;
    return inNamespace && (peer.podSelector === undefined || matchesSelector(peer.podSelector, other.labels));
  }

  private labelsOfNamespace(name: string): Labels {
    return this.namespaceLabels.get(name) ?? namespaceLabels(name);
  }
}

/** Absent or empty `ports` matches every port; otherwise any entry whose protocol (TCP by default) and port match. */
function portsMatch(ports: readonly NetworkPolicyPort[] | undefined, conn: Conn): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    const protocol = p.protocol ?? "TCP";
    if (protocol !== conn.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "number") return p.endPort === undefined ? conn.port === p.port : conn.port >= p.port && conn.port <= p.endPort;
    // A named port: resolved on the destination endpoint, which must be a pod declaring it with this number and protocol.
    return conn.dst.kind === "pod" && (conn.dst.ports ?? []).some((c) => c.name === p.port && c.port === conn.port && (c.protocol ?? "TCP") === protocol);
  });
}

/** `policyTypes`, or the implied ones when absent or empty: Ingress always, Egress when egress rules are present. */
export function policyTypes(manifest: NetworkPolicyManifest): PolicyType[] {
  const declared = manifest.spec.policyTypes;
  if (declared && declared.length > 0) return [...declared];
  return (manifest.spec.egress?.length ?? 0) > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}

function checkPolicy(id: string, manifest: NetworkPolicyManifest): void {
  const { spec } = manifest;
  if (!spec) throw new Error(`NetworkPolicy ${id}: spec is missing`);
  for (const t of spec.policyTypes ?? []) {
    if (t !== "Ingress" && t !== "Egress") throw new Error(`NetworkPolicy ${id}: unknown policyType ${JSON.stringify(t)}`);
  }
  checkSelector(spec.podSelector ?? {}, `NetworkPolicy ${id}: spec.podSelector`);
  const rules = [
    ...(spec.ingress ?? []).map((r, i) => ({ at: `ingress[${i}]`, peers: r.from ?? [], ports: r.ports ?? [] })),
    ...(spec.egress ?? []).map((r, i) => ({ at: `egress[${i}]`, peers: r.to ?? [], ports: r.ports ?? [] })),
  ];
  for (const { at, peers, ports } of rules) {
    peers.forEach((peer, j) => {
      const where = `NetworkPolicy ${id}: ${at} peer ${j}`;
      const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
      if (peer.ipBlock && selectors) throw new Error(`${where}: ipBlock cannot be combined with podSelector or namespaceSelector`);
      if (!peer.ipBlock && !selectors) throw new Error(`${where}: needs podSelector, namespaceSelector or ipBlock`);
      if (peer.podSelector) checkSelector(peer.podSelector, `${where} podSelector`);
      if (peer.namespaceSelector) checkSelector(peer.namespaceSelector, `${where} namespaceSelector`);
      if (peer.ipBlock) [peer.ipBlock.cidr, ...(peer.ipBlock.except ?? [])].forEach((c) => addressInCidr(c, "0.0.0.0"));
    });
    ports.forEach((p, j) => {
      const where = `NetworkPolicy ${id}: ${at} port ${j}`;
      if (p.protocol !== undefined && !["TCP", "UDP", "SCTP"].includes(p.protocol)) throw new Error(`${where}: unknown protocol ${JSON.stringify(p.protocol)}`);
      if (p.endPort !== undefined && (typeof p.port !== "number" || p.endPort < p.port)) {
        throw new Error(`${where}: endPort needs a numeric port not greater than it (got port ${JSON.stringify(p.port)}, endPort ${p.endPort})`);
      }
    });
  }
}

function checkEndpoint(e: Endpoint): void {
  if (e.kind === "pod" && !e.namespace) throw new Error(`endpoint ${e.id}: a pod needs a namespace`);
}
