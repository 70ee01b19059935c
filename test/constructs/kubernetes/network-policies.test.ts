import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { KubeObject } from "../../../constructs/kubernetes/kube-object";
import { Namespace } from "../../../constructs/kubernetes/namespace";
import { DNS_PEER_DEFAULTS, ZeroTrustPolicies, ZeroTrustPoliciesProps } from "../../../constructs/kubernetes/network-policies";
import { Workload, WorkloadContainer } from "../../../constructs/kubernetes/workload";
import { manifestOf, manifests, resourceOf, synth, webContainer } from "./kube-test-helpers";

const GATEWAY = { gateway: { namespace: "gateway-system", podLabels: { "app.kubernetes.io/name": "envoy", gateway: "shared" } } };

function app(scope: any, name: string, tier: string, namespace = "shop", container: Partial<WorkloadContainer> = {}): Workload {
  return new Workload(scope, name, { name, namespace, tier, containers: [webContainer(container)] });
}

interface Built {
  out: any;
  zt: ZeroTrustPolicies;
}

function build(extra?: (zt: ZeroTrustPolicies, w: Record<string, Workload>) => void, props: Partial<ZeroTrustPoliciesProps> = {}): Built {
  let zt: ZeroTrustPolicies | undefined;
  const out = synth((scope) => {
    const w = {
      frontend: app(scope, "frontend", "frontend"),
      backend: app(scope, "backend", "backend", "shop", {
        ports: [
          { name: "http", containerPort: 8080 },
          { name: "grpc", containerPort: 9000 },
        ],
      }),
      dns: app(scope, "resolver", "infra", "shop", { ports: [{ name: "dns", containerPort: 5353, protocol: "UDP" }] }),
      reporting: app(scope, "reporting", "backend", "analytics"),
    };
    zt = new ZeroTrustPolicies(scope, "Zt", { namespace: "shop", ...props });
    extra?.(zt, w);
  });
  return { out, zt: zt as ZeroTrustPolicies };
}

function policies(out: any): any[] {
  return manifests(out).filter((m) => m.kind === "NetworkPolicy");
}

describe("ZeroTrustPolicies", () => {
  test("defaults: default-deny-all and allow-dns only", () => {
    const { out, zt } = build();
    expect(
      policies(out)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["allow-dns", "default-deny-all"]);
    expect(manifestOf(out, "NetworkPolicy", "default-deny-all")).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny-all", namespace: "shop" },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    expect(manifestOf(out, "NetworkPolicy", "allow-dns").spec).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          // One peer with both selectors: kube-dns pods IN kube-system (AND), not any pod of kube-system OR any kube-dns pod.
          to: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } },
          ],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    });
    expect(zt.flows).toEqual([]);
    expect(zt.namespace).toBe("shop");
    expect(DNS_PEER_DEFAULTS).toEqual({ namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } });
  });

  test("custom DNS peer", () => {
    const { out } = build(undefined, { dns: { namespace: "dns", podLabels: { app: "coredns" } } });
    expect(manifestOf(out, "NetworkPolicy", "allow-dns").spec.egress[0].to).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "dns" } }, podSelector: { matchLabels: { app: "coredns" } } },
    ]);
  });

  test("flow inside the namespace: egress on the source, ingress on the destination, one port", () => {
    const { out, zt } = build((zt, w) => zt.allowFlow(w.frontend, w.backend, 8080));
    expect(manifestOf(out, "NetworkPolicy", "allow-frontend-to-backend-8080-ingress").spec).toEqual({
      podSelector: { matchLabels: { app: "backend", tier: "backend" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "frontend", tier: "frontend" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
    });
    expect(manifestOf(out, "NetworkPolicy", "allow-frontend-to-backend-8080-egress").spec).toEqual({
      podSelector: { matchLabels: { app: "frontend", tier: "frontend" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: { matchLabels: { app: "backend", tier: "backend" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
    });
    expect(policies(out)).toHaveLength(4);
    expect(zt.flows).toEqual([
      {
        source: { kind: "workload", name: "frontend", namespace: "shop", podLabels: { app: "frontend", tier: "frontend" } },
        destination: { kind: "workload", name: "backend", namespace: "shop", podLabels: { app: "backend", tier: "backend" } },
        port: 8080,
        portName: "http",
        protocol: "TCP",
        policyNames: ["allow-frontend-to-backend-8080-ingress", "allow-frontend-to-backend-8080-egress"],
      },
    ]);
  });

  test("named ports resolve to the destination's number", () => {
    const { out, zt } = build((zt, w) => zt.allowFlow(w.frontend, w.backend, "grpc"));
    expect(manifestOf(out, "NetworkPolicy", "allow-frontend-to-backend-9000-ingress").spec.ingress[0].ports).toEqual([{ protocol: "TCP", port: 9000 }]);
    expect(zt.flows[0]).toMatchObject({ port: 9000, portName: "grpc" });
  });

  test("UDP flows carry the protocol in the rule and the name", () => {
    const { out } = build((zt, w) => zt.allowFlow(w.backend, w.dns, "dns"));
    expect(manifestOf(out, "NetworkPolicy", "allow-backend-to-resolver-5353-udp-egress").spec.egress[0].ports).toEqual([{ protocol: "UDP", port: 5353 }]);
  });

  test("gateway source: ingress only, namespace AND pod selector in one peer", () => {
    const { out, zt } = build((zt, w) => zt.allowFlow(GATEWAY, w.frontend, "http"));
    expect(manifestOf(out, "NetworkPolicy", "allow-gateway-system-gateway-to-frontend-8080-ingress").spec).toEqual({
      podSelector: { matchLabels: { app: "frontend", tier: "frontend" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gateway-system" } },
              podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy", gateway: "shared" } },
            },
          ],
          ports: [{ protocol: "TCP", port: 8080 }],
        },
      ],
    });
    expect(policies(out)).toHaveLength(3);
    expect(zt.flows[0].source).toEqual({ kind: "gateway", name: "gateway", ...GATEWAY.gateway });
  });

  test("gateway name option", () => {
    const { out } = build((zt, w) => zt.allowFlow({ gateway: { ...GATEWAY.gateway, name: "public" } }, w.frontend, 8080));
    expect(policies(out).map((p) => p.metadata.name)).toContain("allow-gateway-system-public-to-frontend-8080-ingress");
  });

  test("workload of another namespace: ingress only, namespace AND pod selector", () => {
    const { out } = build((zt, w) => zt.allowFlow(w.reporting, w.backend, 8080));
    const p = manifestOf(out, "NetworkPolicy", "allow-analytics-reporting-to-backend-8080-ingress");
    expect(p.spec.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "analytics" } },
        podSelector: { matchLabels: { app: "reporting", tier: "backend" } },
      },
    ]);
    expect(policies(out)).toHaveLength(3);
  });

  test("flows added later appear; policies depend on a Namespace construct", () => {
    let zt: ZeroTrustPolicies | undefined;
    const out = synth((scope) => {
      const ns = new Namespace(scope, "Ns", { name: "shop" });
      const fe = new Workload(scope, "Fe", { name: "frontend", namespace: ns, tier: "frontend", containers: [webContainer()] });
      const be = new Workload(scope, "Be", { name: "backend", namespace: ns, tier: "backend", containers: [webContainer()] });
      zt = new ZeroTrustPolicies(scope, "Zt", { namespace: ns });
      zt.allowFlow(fe, be, 8080);
      zt.allowFlow(GATEWAY, fe, 8080);
    });
    expect(zt!.flows).toHaveLength(2);
    // Terraform JSON orders resources by key: compare as sets.
    expect(
      policies(out)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual([
      "allow-dns",
      "allow-frontend-to-backend-8080-egress",
      "allow-frontend-to-backend-8080-ingress",
      "allow-gateway-system-gateway-to-frontend-8080-ingress",
      "default-deny-all",
    ]);
    for (const name of ["default-deny-all", "allow-frontend-to-backend-8080-egress"]) {
      expect(resourceOf(out, "NetworkPolicy", name).depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.Ns_/)]);
    }
  });

  test("every emitted manifest passes the NetworkPolicy schema", () => {
    const { zt } = build((zt, w) => {
      zt.allowFlow(w.frontend, w.backend, 8080);
      zt.allowFlow(GATEWAY, w.frontend, "http");
      zt.allowFlow(w.reporting, w.backend, "grpc");
    });
    const objects = KubeObject.allIn(zt);
    expect(objects).toHaveLength(6);
    for (const o of objects) expect(() => new NetworkPolicy(o.toManifest() as any).validate()).not.toThrow();
  });

  describe("fails", () => {
    test("on a destination outside the namespace", () => {
      expect(() => build((zt, w) => zt.allowFlow(w.frontend, w.reporting, 8080))).toThrow(
        /Zt: allowFlow\.to is unknown here: reporting is in namespace analytics, not shop .*Fix: declare the flow on the ZeroTrustPolicies of namespace analytics/,
      );
    });

    test("on a destination that is not a Workload", () => {
      expect(() => build((zt, w) => zt.allowFlow(w.frontend, {} as any, 8080))).toThrow(/allowFlow\.to must be a Workload/);
    });

    test("on a source that is neither a Workload nor the gateway", () => {
      expect(() => build((zt, w) => zt.allowFlow({} as any, w.backend, 8080))).toThrow(/allowFlow\.from must be a Workload or \{ gateway/);
      expect(() => build((zt, w) => zt.allowFlow({ gateway: { namespace: "gw", podLabels: {} } }, w.backend, 8080))).toThrow(
        /allowFlow\.from\.gateway\.podLabels must select pods by at least one label/,
      );
    });

    test("naming every problem of the destination, the port and the source at once", () => {
      expect(() => build((zt, w) => zt.allowFlow({ gateway: { namespace: "GW", podLabels: {} } }, w.backend, 5432))).toThrow(
        /Zt: 3 problems:\n- \S*Zt: allowFlow\.port is not exposed by backend.*\n- \S*Zt: allowFlow\.from\.gateway\.namespace must be a DNS label.*\n- \S*Zt: allowFlow\.from\.gateway\.podLabels must select pods.*$/,
      );
      expect(() => build(undefined, { namespace: "Shop", dns: { namespace: "kube-system", podLabels: {} } })).toThrow(
        /Zt: 2 problems:\n- \S*Zt: namespace must be a DNS label.*\n- \S*Zt: dns\.podLabels must select pods by at least one label.*$/,
      );
    });

    test("on a port the destination does not expose", () => {
      expect(() => build((zt, w) => zt.allowFlow(w.frontend, w.backend, 5432))).toThrow(
        /allowFlow\.port is not exposed by backend \(its ports: http=8080, grpc=9000\) \(got 5432\)/,
      );
      expect(() => build((zt, w) => zt.allowFlow(w.frontend, w.backend, "admin"))).toThrow(/allowFlow\.port is not exposed by backend/);
    });

    test("on a duplicate flow, also when given by name and by number", () => {
      expect(() =>
        build((zt, w) => {
          zt.allowFlow(w.frontend, w.backend, 8080);
          zt.allowFlow(w.frontend, w.backend, "http");
        }),
      ).toThrow(/allowFlow declares the flow workload shop\/frontend -> backend:8080\/TCP twice/);
    });

    test("on a namespace that is not a DNS label", () => {
      expect(() => build(undefined, { namespace: "Shop" })).toThrow(/namespace must be a DNS label/);
    });
  });
});
