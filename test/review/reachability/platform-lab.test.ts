import { resolve } from "node:path";
import { loadEnvironmentConfigs } from "../../../config/load";
import { declaredCluster } from "../../../review/cli";
import { ReachabilityReview, reviewReachability } from "../../../review/reachability-review";
import { stackNames } from "../../../stacks/stack-names";
import { shippedStackText } from "../../stacks/synthesized-app";

/**
 * The zero-trust lab of the platform's own namespaces (cert-manager, the gateway controller and its proxies, the
 * Gateway's namespace where the ACME solvers run): the shipped config synthesized (the run's shared synth), the
 * pods the Helm releases run modelled from the constructs' constants, every connection decided by the NetworkPolicies.
 */
function lab(environment: string): ReachabilityReview {
  const config = loadEnvironmentConfigs(resolve(__dirname, "../../../config")).find((c) => c.environment === environment)!;
  const names = stackNames(environment);
  const synthesized = [names.k8sAddons, names.k8sConfig].map((name) => ({ name, environment, dependencies: [], json: JSON.parse(shippedStackText(name)) }));
  const apps = Object.values(config.kubernetes.apps).map((a) => ({ namespace: a.namespace, flows: a.flows }));
  return reviewReachability(synthesized, apps, declaredCluster(config));
}

const PLATFORM = ["cert-manager/", "envoy-gateway-system/", "gateway/"];
const key = (c: { from: string; to: string; port: number; protocol: string }) => `${c.from} -> ${c.to}:${c.port}/${c.protocol}`;
const dns = (pod: string) => [`${pod} -> kube-system/kube-dns:53/TCP`, `${pod} -> kube-system/kube-dns:53/UDP`];

/**
 * Allowed in every environment. Inbound: the API server (or anything: the webhooks' callers have no address a
 * selector can name) to the two webhooks, clients to the proxies. Outbound: DNS, the API server, ACME from the
 * cert-manager controller, and the proxies to xDS, the ACME solver and the declared backends.
 */
function common(api: string): string[] {
  const cm = "cert-manager";
  const eg = "envoy-gateway-system";
  return [
    ...[`${api}`, "internet/203.0.113.10", "kube-system/kube-dns"].flatMap((from) => [
      `${from} -> ${cm}/cert-manager-webhook:10250/TCP`,
      `${from} -> ${eg}/gateway-controller:9443/TCP`,
    ]),
    ...[api, "internet/203.0.113.10"].flatMap((from) => [`${from} -> ${eg}/gateway-data-plane:10080/TCP`, `${from} -> ${eg}/gateway-data-plane:10443/TCP`]),
    ...["cert-manager-cainjector", "cert-manager-controller", "cert-manager-webhook", "debug-pod"].flatMap((p) => [
      ...dns(`${cm}/${p}`),
      `${cm}/${p} -> ${api}:443/TCP`,
    ]),
    `${cm}/cert-manager-controller -> internet/203.0.113.10:443/TCP`,
    `${cm}/cert-manager-controller -> internet/203.0.113.10:80/TCP`,
    // The HTTP-01 self-check: a request for the gateway's public address arrives at a proxy pod.
    `${cm}/cert-manager-controller -> ${eg}/gateway-data-plane:10080/TCP`,
    ...dns(`${eg}/debug-pod`),
    ...["gateway-certgen", "gateway-controller"].flatMap((p) => [...dns(`${eg}/${p}`), `${eg}/${p} -> ${api}:443/TCP`]),
    ...dns(`${eg}/gateway-data-plane`),
    `${eg}/gateway-data-plane -> ${eg}/gateway-controller:18000/TCP`,
    `${eg}/gateway-data-plane -> gateway/acme-http01-solver:8089/TCP`,
    `${eg}/gateway-data-plane -> shop/frontend:8080/TCP`,
  ];
}

describe("zero-trust lab: the platform's namespaces", () => {
  test("prod (private API server in the VNet): exactly the platform's flows", () => {
    const review = lab("prod");
    const allowed = review.allowed.filter((c) => PLATFORM.some((p) => c.from.startsWith(p) || c.to.startsWith(p))).map(key);
    expect(allowed.sort()).toEqual(common("api-server/10.31.0.4").sort());
  });

  test("staging (public API server): the same, and API-server egress on 443 also reaches the internet, which NetworkPolicies cannot tell apart", () => {
    const review = lab("staging");
    const allowed = review.allowed.filter((c) => PLATFORM.some((p) => c.from.startsWith(p) || c.to.startsWith(p))).map(key);
    const internet443 = [
      "cert-manager/cert-manager-cainjector",
      "cert-manager/cert-manager-webhook",
      "cert-manager/debug-pod",
      "envoy-gateway-system/gateway-certgen",
      "envoy-gateway-system/gateway-controller",
    ].map((p) => `${p} -> internet/203.0.113.10:443/TCP`);
    expect(allowed.sort()).toEqual([...common("api-server/198.51.100.20"), ...internet443].sort());
  });

  test.each(["dev", "staging", "prod"])("%s: every probe of the platform's flows gives what zero trust expects", (environment) => {
    const probes = lab(environment).probes;
    expect(probes.filter((p) => p.expected !== p.actual)).toEqual([]);
    const names = new Set(probes.map((p) => p.probe));
    for (const name of ["xDS", "ACME HTTP-01 through the gateway", "API server to webhook", "gateway clients", "internet to xDS", "internet to solver"])
      expect(names).toContain(name);
    // The proxies reach only the declared backends: every other shop port is probed closed.
    expect(
      probes.filter((p) => p.probe === "lateral movement" && p.from === "envoy-gateway-system/gateway-data-plane").map((p) => `${p.to}:${p.port}`),
    ).toEqual(expect.arrayContaining(["shop/backend:8080", "shop/database:5432", "cert-manager/cert-manager-webhook:10250"]));
  });
});
