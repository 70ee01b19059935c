import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { IIoK8sApiNetworkingV1NetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import { Construct } from "constructs";
import { IPV4_CIDR, cidrContains, hasHostBits } from "../core/cidr";
import { checkRange, collectProblems, isKnown, propError } from "../core/validation";
import { checkDnsLabel, checkLabels } from "./k8s-names";
import { KubeObject } from "./kube-object";
import { NamespaceRef, dependOnNamespace, namespaceName } from "./namespace";
import { DNS_PEER_DEFAULTS, NAMESPACE_NAME_LABEL, PodPeer } from "./network-policies";
import { DNS_LABEL } from "../core/names";

/** The other end of an allowed connection. */
export type PolicyPeer =
  /** Pods selected by labels in a namespace (this one or another: then the namespace and pod selectors are ANDed). */
  | { readonly pods: PodPeer }
  /** Addresses outside the cluster (ipBlock); Kubernetes leaves pod and node IPs to the pod selectors. */
  | { readonly cidrs: readonly string[]; readonly except?: readonly string[] }
  /**
   * Any source or destination (a rule without `from`/`to`): for callers no selector can name, such as the API
   * server calling a webhook (on AKS it arrives through konnectivity, from node or agent-pod addresses).
   */
  | { readonly anywhere: true };

/** A port of an allowed connection. */
export interface PolicyPort {
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
}

/** One allowed direction for some pods of the namespace. */
export interface PolicyRuleSpec {
  /** Labels of the pods of this namespace the rule applies to; `{}` selects every pod of the namespace. */
  readonly pods: Readonly<Record<string, string>>;
  /** Who may connect (ingress) or be connected to (egress). */
  readonly peers: readonly PolicyPeer[];
  readonly ports: readonly PolicyPort[];
}

/** Props of {@link NamespaceNetworkPolicies}. */
export interface NamespaceNetworkPoliciesProps {
  /** The namespace the policies live in and protect. */
  readonly namespace: NamespaceRef;
  /**
   * DNS every pod of the namespace may query on UDP and TCP 53, or `false` when no pod there resolves names.
   * @default DNS_PEER_DEFAULTS - CoreDNS of AKS
   */
  readonly dns?: PodPeer | false;
}

/**
 * Zero trust for a namespace whose pods this project does not build itself (controllers installed by Helm, the
 * gateway's data plane): `default-deny-all` blocks all ingress and egress, `allow-dns` (unless `dns: false`) lets
 * every pod query cluster DNS, and each {@link allowIngress} / {@link allowEgress} admits exactly one named rule.
 *
 * @example
 * ```ts
 * new NamespaceNetworkPolicies(this, "CertManagerPolicies", { namespace: "cert-manager" });
 * ```
 */
export class NamespaceNetworkPolicies extends Construct {
  public readonly namespace: string;
  public readonly defaultDeny: KubeObject;
  public readonly allowDns?: KubeObject;
  /** Every policy of the namespace, by name. */
  public readonly policies: Record<string, KubeObject> = {};
  private readonly namespaceRef: NamespaceRef;

  constructor(scope: Construct, id: string, props: NamespaceNetworkPoliciesProps) {
    super(scope, id);
    this.namespaceRef = props.namespace;
    this.namespace = namespaceName(props.namespace);
    checkDnsLabel(this, "namespace", this.namespace);
    this.defaultDeny = this.add("DefaultDenyAll", "default-deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const dns = props.dns === undefined ? DNS_PEER_DEFAULTS : props.dns;
    if (dns) {
      this.allowDns = this.allowEgress("allow-dns", {
        pods: {},
        peers: [{ pods: dns }],
        ports: [
          { port: 53, protocol: "UDP" },
          { port: 53, protocol: "TCP" },
        ],
      });
    }
  }

  /** Admits connections from `peers` to the selected pods of this namespace on `ports`. */
  public allowIngress(name: string, spec: PolicyRuleSpec): KubeObject {
    const rule = this.rule(name, spec);
    return this.add(`Policy-${name}`, name, {
      podSelector: rule.podSelector,
      policyTypes: ["Ingress"],
      ingress: [{ ...(rule.peers ? { from: rule.peers } : {}), ports: rule.ports }],
    });
  }

  /** Admits connections from the selected pods of this namespace to `peers` on `ports`. */
  public allowEgress(name: string, spec: PolicyRuleSpec): KubeObject {
    const rule = this.rule(name, spec);
    return this.add(`Policy-${name}`, name, {
      podSelector: rule.podSelector,
      policyTypes: ["Egress"],
      egress: [{ ...(rule.peers ? { to: rule.peers } : {}), ports: rule.ports }],
    });
  }

  private rule(name: string, spec: PolicyRuleSpec) {
    const at = `policy ${name}`;
    const anywhere = spec.peers.some((p) => "anywhere" in p);
    let peers: IIoK8sApiNetworkingV1NetworkPolicyPeer[] | undefined;
    collectProblems(this, [
      () => {
        if (isKnown(name) && !DNS_LABEL.test(name)) {
          throw propError(this, `${at} name`, "must be a DNS label (1-63 lowercase letters, digits and '-')", name, "use a shorter lowercase name.");
        }
        if (this.policies[name]) throw propError(this, `${at} name`, "is already used in this namespace", name, "give each policy its own name.");
      },
      () => checkLabels(this, `${at} pods`, { ...spec.pods }),
      () => {
        if (spec.peers.length === 0)
          throw propError(this, `${at} peers`, "must list at least one peer", [], "name who may connect, or use { anywhere: true }.");
        if (anywhere && spec.peers.length > 1) {
          throw propError(
            this,
            `${at} peers`,
            "must not combine { anywhere: true } with other peers (anywhere already admits them)",
            spec.peers.length,
            "keep only { anywhere: true }.",
          );
        }
        if (anywhere) return;
        const each: IIoK8sApiNetworkingV1NetworkPolicyPeer[][] = [];
        collectProblems(
          this,
          spec.peers.map((p, i) => () => void each.push(this.peer(`${at} peers[${i}]`, p))),
        );
        peers = each.flat();
      },
      () => {
        if (spec.ports.length === 0) throw propError(this, `${at} ports`, "must list at least one port", [], "list the ports of the connection.");
        collectProblems(
          this,
          spec.ports.map((p, i) => () => checkRange(this, `${at} ports[${i}].port`, p.port, 1, 65535)),
        );
      },
    ]);
    return {
      podSelector: Object.keys(spec.pods).length === 0 ? {} : { matchLabels: { ...spec.pods } },
      peers,
      ports: spec.ports.map((p) => ({ protocol: p.protocol ?? "TCP", port: p.port })),
    };
  }

  private peer(at: string, p: PolicyPeer): IIoK8sApiNetworkingV1NetworkPolicyPeer[] {
    if ("pods" in p) {
      checkDnsLabel(this, `${at}.pods.namespace`, p.pods.namespace);
      if (Object.keys(p.pods.podLabels).length === 0) {
        throw propError(this, `${at}.pods.podLabels`, "must select pods by at least one label", p.pods.podLabels, "give the pod labels.");
      }
      checkLabels(this, `${at}.pods.podLabels`, { ...p.pods.podLabels });
      const podSelector = { matchLabels: { ...p.pods.podLabels } };
      return [
        p.pods.namespace === this.namespace
          ? { podSelector }
          : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.pods.namespace } }, podSelector },
      ];
    }
    if ("cidrs" in p) {
      if (p.cidrs.length === 0) throw propError(this, `${at}.cidrs`, "must list at least one range", [], "list the address ranges.");
      for (const range of [...p.cidrs, ...(p.except ?? [])]) checkCidr(this, `${at}.cidrs`, range);
      return p.cidrs.map((cidr) => {
        const except = (p.except ?? []).filter((e) => cidr !== e && cidrContains(cidr, e));
        return { ipBlock: { cidr, ...(except.length ? { except } : {}) } };
      });
    }
    throw propError(this, at, "must be { pods }, { cidrs } or { anywhere: true }", p, "use one of the PolicyPeer shapes.");
  }

  private add(id: string, name: string, spec: Record<string, unknown>): KubeObject {
    const obj = new KubeObject(this, id, {
      render: () => new NetworkPolicy({ metadata: { name, namespace: this.namespace }, spec: spec as never }),
    });
    dependOnNamespace(this.namespaceRef, obj);
    this.policies[name] = obj;
    return obj;
  }
}

function checkCidr(scope: Construct, prop: string, range: string): void {
  if (!isKnown(range)) return;
  if (!IPV4_CIDR.test(range)) throw propError(scope, prop, "must be IPv4 CIDRs", range, "use a range such as 203.0.113.0/24.");
  if (hasHostBits(range)) throw propError(scope, prop, "has host bits set", range, "use the network address of the range.");
}
