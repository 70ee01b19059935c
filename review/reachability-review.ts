import { GATEWAY_IMPLEMENTATIONS } from "../constructs/kubernetes/addons/gateway-implementation";
import { BACKUP_OF_LABEL } from "../constructs/kubernetes/postgres-backup";
import { kubernetesManifests, SynthesizedStack } from "./cdktf-out";
import { apiServerEndpoint, platformEndpoints } from "./platform-endpoints";
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

/** An address on the internet (TEST-NET-3), as exfiltration target and as a client of the gateway. */
export const INTERNET = externalAddress("203.0.113.10");

/** What the review knows of the cluster besides its manifests. */
export interface DeclaredCluster {
  /**
   * An address the API server has as the pods see it: inside the VNet for a private cluster; for a public one, a
   * public address (AKS assigns it).
   * @default "198.51.100.20" - a public address (TEST-NET-2)
   */
  readonly apiServerAddress?: string;
}

/**
 * The pods that receive gateway traffic: the implementation of the synthesized GatewayClass decides their labels
 * and the container ports of the listeners (`httpPort`: the plain-HTTP listener's, where ACME challenges arrive).
 */
function gatewayEndpoint(manifests: any[]): (Endpoint & { readonly httpPort?: number }) | undefined {
  const gateway = manifests.find((m) => m.kind === "Gateway");
  const gatewayClass = manifests.find((m) => m.kind === "GatewayClass" && m.metadata.name === gateway?.spec?.gatewayClassName);
  if (!gateway || !gatewayClass) return undefined;
  const implementation = Object.values(GATEWAY_IMPLEMENTATIONS)
    .map((make) => make({}))
    .find((i) => i.controllerName === gatewayClass.spec.controllerName);
  if (!implementation) return undefined;
  const labels = implementation.gatewayPodLabels({ name: gateway.metadata.name, namespace: gateway.metadata.namespace });
  const listeners: any[] = gateway.spec?.listeners ?? [];
  const ports = listeners.map((l) => ({ port: implementation.proxyPort(l.port), protocol: "TCP" as const }));
  const http = listeners.find((l) => l.protocol === "HTTP");
  return {
    ...gatewayDataPlane(implementation.dataPlane.namespace, labels, ports),
    id: `${implementation.dataPlane.namespace}/gateway-data-plane`,
    ...(http ? { httpPort: implementation.proxyPort(http.port) } : {}),
  };
}

/**
 * Computes who may talk to whom from the synthesized manifests alone, with Kubernetes NetworkPolicy semantics:
 * every workload, the platform's own pods (cert-manager, the gateway controller and its proxies, the ACME
 * solver), an unlabelled debug pod per namespace (an attacker's foothold), kube-dns, the API server and an
 * internet address. Every connection with a pod of a zero-trust namespace (the applications' and the platform's)
 * at one end is listed; kube-system, the API server and the internet are not restricted by these policies.
 */
export function reviewReachability(stacks: readonly SynthesizedStack[], apps: readonly DeclaredApp[], cluster: DeclaredCluster = {}): ReachabilityReview {
  const manifests = kubernetesManifests(stacks);
  const model = clusterModel(manifests);
  const analyzer = new ReachabilityAnalyzer(model.policies, model.namespaces);
  const appNamespaces = new Set(apps.map((a) => a.namespace));
  const workloads = model.endpoints.filter((e) => appNamespaces.has(e.namespace ?? ""));
  const gateway = gatewayEndpoint(manifests);
  const platform = platformEndpoints(manifests);
  const apiServer = apiServerEndpoint(cluster.apiServerAddress ?? "198.51.100.20");
  const dns = kubeDns();
  const debugPods = [...appNamespaces].map((ns) => debugPod(ns));
  const endpoints = [...workloads, ...debugPods, ...platform.endpoints, ...(gateway ? [gateway] : []), dns, apiServer, INTERNET];
  const zeroTrust = new Set([...appNamespaces, ...platform.namespaces]);
  const inApp = (e: string) => zeroTrust.has(e.split("/")[0]);

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
      // A backup job reaches its database, and Entra ID on 443 to sign in (NetworkPolicies cannot name hosts).
      const backedUp = w.labels?.[BACKUP_OF_LABEL];
      const database = backedUp ? byName(backedUp) : undefined;
      if (database) {
        for (const p of database.ports ?? []) probe("backup", w, database, p.port, (p.protocol ?? "TCP") as "TCP", "allowed");
        probe("Entra ID sign-in of the backup", w, INTERNET, 443, "TCP", "allowed");
        probe("exfiltration", w, INTERNET, 80, "TCP", "blocked");
      } else {
        probe("exfiltration", w, INTERNET, 443, "TCP", "blocked");
      }
      for (const p of w.ports ?? []) probe("attacker's debug pod", debugPod(app.namespace), w, p.port, (p.protocol ?? "TCP") as "TCP", "blocked");
      for (const other of own.filter((o) => o !== w && o !== database)) {
        for (const p of other.ports ?? []) {
          const name = w.id.split("/")[1];
          if (!declared.has(`${name}>${other.id.split("/")[1]}:${p.port}`))
            probe("lateral movement", w, other, p.port, (p.protocol ?? "TCP") as "TCP", "blocked");
        }
      }
    }
    probe("exfiltration", debugPod(app.namespace), INTERNET, 443, "TCP", "blocked");
  }
  const gatewayTargets = new Set(apps.flatMap((a) => a.flows.filter((f) => f.from === "gateway").map((f) => `${a.namespace}/${f.to}:${f.port}`)));
  const undeclared = workloads.flatMap((w) =>
    (w.ports ?? []).filter((p) => !gatewayTargets.has(`${w.id}:${p.port}`)).map((p) => ({ endpoint: w, port: p.port })),
  );
  platformProbes(probe, platform.byRole, gateway, apiServer, undeclared);
  return { endpoints: endpoints.map((e) => e.id), allowed, probes };
}

type ProbeFn = (name: string, from: Endpoint, to: Endpoint, port: number, protocol: "TCP" | "UDP", expected: Probe["expected"]) => void;

/**
 * The platform's flows, each tried, and what must stay closed around them. `undeclared` are the application pods
 * with ports no route sends gateway traffic to: the proxies must not reach those ports.
 */
function platformProbes(
  probe: ProbeFn,
  roles: Readonly<Record<string, Endpoint>>,
  gateway: (Endpoint & { readonly httpPort?: number }) | undefined,
  apiServer: Endpoint,
  undeclared: readonly { readonly endpoint: Endpoint; readonly port: number }[],
): void {
  const { certManagerController: controller, certManagerWebhook: webhook, certManagerCainjector: cainjector, gatewayController, acmeSolver } = roles;
  if (controller && webhook && cainjector) {
    probe("controller to API server", controller, apiServer, 443, "TCP", "allowed");
    probe("ACME and Azure DNS", controller, INTERNET, 443, "TCP", "allowed");
    // The self-check requests the gateway's public address; the cluster's data plane delivers it to a proxy pod.
    if (gateway?.httpPort) probe("HTTP-01 self-check", controller, gateway, gateway.httpPort, "TCP", "allowed");
    probe("API server to webhook", apiServer, webhook, 10250, "TCP", "allowed");
    probe("exfiltration", webhook, INTERNET, 80, "TCP", "blocked");
    probe("exfiltration", cainjector, INTERNET, 80, "TCP", "blocked");
    probe("attacker's debug pod", debugPod(controller.namespace!), INTERNET, 80, "TCP", "blocked");
    probe("internet to controller metrics", INTERNET, controller, 9402, "TCP", "blocked");
  }
  if (gateway && gatewayController) {
    for (const p of gateway.ports ?? []) probe("gateway clients", INTERNET, gateway, p.port, "TCP", "allowed");
    probe("xDS", gateway, gatewayController, 18000, "TCP", "allowed");
    probe("controller to API server", gatewayController, apiServer, 443, "TCP", "allowed");
    probe("internet to xDS", INTERNET, gatewayController, 18000, "TCP", "blocked");
    probe("attacker's debug pod", debugPod(gatewayController.namespace!), gatewayController, 18000, "TCP", "blocked");
    probe("exfiltration", debugPod(gatewayController.namespace!), INTERNET, 443, "TCP", "blocked");
    probe("exfiltration", gateway, INTERNET, 443, "TCP", "blocked");
    if (webhook) probe("lateral movement", gateway, webhook, 10250, "TCP", "blocked");
    for (const { endpoint, port } of undeclared) probe("lateral movement", gateway, endpoint, port, "TCP", "blocked");
  }
  if (gateway && acmeSolver) {
    probe("ACME HTTP-01 through the gateway", gateway, acmeSolver, 8089, "TCP", "allowed");
    probe("attacker's debug pod", debugPod(acmeSolver.namespace!), acmeSolver, 8089, "TCP", "blocked");
    probe("internet to solver", INTERNET, acmeSolver, 8089, "TCP", "blocked");
    probe("exfiltration", acmeSolver, INTERNET, 443, "TCP", "blocked");
  }
}
