import { GATEWAY_IMPLEMENTATIONS } from "../constructs/kubernetes/addons/gateway-implementation";
import { kubernetesManifests, SynthesizedStack } from "./cdktf-out";
import { clusterModel, debugPod, Endpoint, externalAddress, gatewayDataPlane, kubeDns, ReachabilityAnalyzer } from "./reachability";

/** A declared application: its namespace and the flows config allows. */
export interface DeclaredApp {
  readonly namespace: string;
  readonly flows: ReadonlyArray<{ readonly from: string; readonly to: string; readonly port: number }>;
}

export interface AllowedConnection {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: string;
  /** The NetworkPolicies (`<namespace>/<name>`) whose rules admit it, egress then ingress. */
  readonly allowedBy: string[];
}

/** A connection the review tries, with what zero trust expects and what the policies actually decide. */
export interface Probe {
  readonly probe: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: string;
  readonly expected: "allowed" | "blocked";
  readonly actual: "allowed" | "blocked";
}

export interface ReachabilityReview {
  readonly endpoints: string[];
  readonly allowed: AllowedConnection[];
  readonly probes: Probe[];
}

/** An address on the internet (TEST-NET-3), as exfiltration target. */
export const INTERNET = externalAddress("203.0.113.10");

/** The pods that receive gateway traffic: the implementation of the synthesized GatewayClass decides their labels. */
function gatewayEndpoint(manifests: any[]): Endpoint | undefined {
  const gateway = manifests.find((m) => m.kind === "Gateway");
  const gatewayClass = manifests.find((m) => m.kind === "GatewayClass" && m.metadata.name === gateway?.spec?.gatewayClassName);
  if (!gateway || !gatewayClass) return undefined;
  const implementation = Object.values(GATEWAY_IMPLEMENTATIONS)
    .map((make) => make({}))
    .find((i) => i.controllerName === gatewayClass.spec.controllerName);
  if (!implementation) return undefined;
  const labels = implementation.gatewayPodLabels({ name: gateway.metadata.name, namespace: gateway.metadata.namespace });
  return { ...gatewayDataPlane(implementation.dataPlane.namespace, labels), id: `${implementation.dataPlane.namespace}/gateway-data-plane` };
}

/**
 * Computes who may talk to whom from the synthesized manifests alone, with Kubernetes NetworkPolicy semantics:
 * every workload, an unlabelled debug pod per application namespace (an attacker's foothold), the gateway data
 * plane, kube-dns and an internet address. Only connections with an application pod at one end are listed: the
 * other namespaces are not zero-trust and are not restricted by these policies.
 */
export function reviewReachability(stacks: readonly SynthesizedStack[], apps: readonly DeclaredApp[]): ReachabilityReview {
  const manifests = kubernetesManifests(stacks);
  const model = clusterModel(manifests);
  const analyzer = new ReachabilityAnalyzer(model.policies, model.namespaces);
  const appNamespaces = new Set(apps.map((a) => a.namespace));
  const workloads = model.endpoints.filter((e) => appNamespaces.has(e.namespace ?? ""));
  const gateway = gatewayEndpoint(manifests);
  const dns = kubeDns();
  const debugPods = [...appNamespaces].map((ns) => debugPod(ns));
  const endpoints = [...workloads, ...debugPods, ...(gateway ? [gateway] : []), dns, INTERNET];
  const inApp = (e: string) => appNamespaces.has(e.split("/")[0]);

  const allowed = analyzer
    .matrix(endpoints)
    .filter((m) => m.allowed && (inApp(m.from) || inApp(m.to)))
    .map((m) => ({ from: m.from, to: m.to, port: m.port, protocol: m.protocol, allowedBy: [...m.verdict.egress.allowedBy, ...m.verdict.ingress.allowedBy] }))
    .sort((a, b) => `${a.from} ${a.to} ${a.port}`.localeCompare(`${b.from} ${b.to} ${b.port}`));

  const probes: Probe[] = [];
  const probe = (name: string, from: Endpoint, to: Endpoint, port: number, protocol: "TCP" | "UDP", expected: Probe["expected"]) => {
    const actual = analyzer.check(from, to, port, protocol).allowed ? "allowed" : "blocked";
    probes.push({ probe: name, from: from.id, to: to.id, port, protocol, expected, actual });
  };
  for (const app of apps) {
    const byName = (name: string) => workloads.find((w) => w.id === `${app.namespace}/${name}`);
    const declared = new Set(app.flows.map((f) => `${f.from}>${f.to}:${f.port}`));
    for (const f of app.flows) {
      const from = f.from === "gateway" ? gateway : byName(f.from);
      const to = byName(f.to);
      if (from && to) probe("declared flow", from, to, f.port, "TCP", "allowed");
    }
    const own = workloads.filter((w) => w.namespace === app.namespace);
    for (const w of own) {
      probe("DNS", w, dns, 53, "UDP", "allowed");
      probe("DNS", w, dns, 53, "TCP", "allowed");
      probe("exfiltration", w, INTERNET, 443, "TCP", "blocked");
      for (const p of w.ports ?? []) probe("attacker's debug pod", debugPod(app.namespace), w, p.port, (p.protocol ?? "TCP") as "TCP", "blocked");
      for (const other of own.filter((o) => o !== w)) {
        for (const p of other.ports ?? []) {
          const name = w.id.split("/")[1];
          if (!declared.has(`${name}>${other.id.split("/")[1]}:${p.port}`)) probe("lateral movement", w, other, p.port, (p.protocol ?? "TCP") as "TCP", "blocked");
        }
      }
    }
    probe("exfiltration", debugPod(app.namespace), INTERNET, 443, "TCP", "blocked");
  }
  return { endpoints: endpoints.map((e) => e.id), allowed, probes };
}
