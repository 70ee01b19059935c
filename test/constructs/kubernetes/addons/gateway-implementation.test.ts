import { Release } from "@cdktf/provider-helm/lib/release";
import { Testing } from "cdktf";
import { parse } from "yaml";
import {
  ENVOY_DATA_PLANE_DEFAULTS,
  ENVOY_PROXY_DEFAULT_IMAGE,
  envoyGatewayImages,
  workerThreads,
} from "../../../../constructs/kubernetes/addons/envoy-gateway";
import { EnvoyProxy } from "../../../../constructs/kubernetes/addons/envoy-proxy";
import {
  ENVOY_GATEWAY_DEFAULTS,
  ENVOY_PROXY_POD_LABELS,
  EnvoyGateway,
  GATEWAY_IMPLEMENTATIONS,
  GatewayImplementation,
  GatewayImplementationKind,
  gatewayImplementation,
} from "../../../../constructs/kubernetes/addons/gateway-implementation";

function releases(impl: GatewayImplementation): any[] {
  const out = Testing.synthScope((scope) => {
    impl.install(scope, "Gateway");
  });
  return Object.values(JSON.parse(out).resource.helm_release ?? {});
}

describe("EnvoyGateway", () => {
  test("defaults", () => {
    expect(ENVOY_GATEWAY_DEFAULTS).toMatchObject({ chartVersion: "v1.9.1", namespace: "envoy-gateway-system", releaseName: "eg" });
    const eg = new EnvoyGateway();
    expect(eg.name).toBe("envoy");
    expect(eg.controllerName).toBe("gateway.envoyproxy.io/gatewayclass-controller");
    expect(eg.namespace).toBe("envoy-gateway-system");
    expect(eg.chartVersion).toBe("v1.9.1");
    expect(eg.dataPlane).toEqual({
      namespace: "envoy-gateway-system",
      podLabels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" },
    });
  });

  test("installs one pinned, atomic release of the OCI chart without creating the namespace", () => {
    const out = Testing.synthScope((scope) => {
      new EnvoyGateway().install(scope, "Gateway");
    });
    expect(out).toHaveResourceWithProperties(Release, {
      name: "eg",
      repository: "oci://docker.io/envoyproxy",
      chart: "gateway-helm",
      version: "v1.9.1",
      namespace: "envoy-gateway-system",
      create_namespace: false,
      skip_crds: false,
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      timeout: 600,
    });
    const [release] = releases(new EnvoyGateway());
    expect(release.values).toHaveLength(1);
    expect(release.set).toBeUndefined();
    expect(parse(release.values[0])).toEqual({
      deployment: { replicas: 1 },
      config: { envoyGateway: { gateway: { controllerName: "gateway.envoyproxy.io/gatewayclass-controller" } } },
      createNamespace: false,
      crds: { enabled: true, gatewayAPI: { safeUpgradePolicy: { enabled: false } } },
    });
  });

  test("the chart installs Envoy Gateway's own CRDs but not the safe-upgrades policy the platform's bundle brings", () => {
    const values = new EnvoyGateway().values() as any;
    expect(values.crds).toEqual({ enabled: true, gatewayAPI: { safeUpgradePolicy: { enabled: false } } });
  });

  test("install returns the releases it adds", () => {
    Testing.synthScope((scope) => {
      const added = new EnvoyGateway().install(scope, "Gateway");
      expect(added).toHaveLength(1);
      expect(added[0]).toBeInstanceOf(Release);
    });
  });

  test("options: namespace, chart version, release name, replicas, timeout", () => {
    const eg = new EnvoyGateway({ namespace: "edge", chartVersion: "v1.8.3", releaseName: "envoy", replicas: 2, timeoutSeconds: 900 });
    expect(eg.dataPlane.namespace).toBe("edge");
    const [release] = releases(eg);
    expect(release).toMatchObject({ name: "envoy", namespace: "edge", version: "v1.8.3", timeout: 900 });
    const values = parse(release.values[0]);
    expect(values.deployment).toEqual({
      replicas: 2,
      pod: {
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { "control-plane": "envoy-gateway", "app.kubernetes.io/instance": "envoy" } },
          },
        ],
      },
    });
    // Two controllers: one may be drained at a time.
    expect(values.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(parse(releases(new EnvoyGateway())[0].values[0]).podDisruptionBudget).toBeUndefined();
  });

  test("proxies listen on the listener port + 10000 below 1024", () => {
    const eg = new EnvoyGateway();
    expect([80, 443, 8080].map((p) => eg.proxyPort(p))).toEqual([10080, 10443, 8080]);
  });

  test("per-Gateway pod labels add the owning Gateway labels", () => {
    expect(new EnvoyGateway().gatewayPodLabels({ name: "shared", namespace: "gateway" })).toEqual({
      ...ENVOY_PROXY_POD_LABELS,
      "gateway.envoyproxy.io/owning-gateway-name": "shared",
      "gateway.envoyproxy.io/owning-gateway-namespace": "gateway",
    });
  });

  test("fails on an invalid namespace", () => {
    expect(() => new EnvoyGateway({ namespace: "Edge_NS" })).toThrow(/EnvoyGateway: namespace must be a DNS label.*got "Edge_NS".*Fix:/);
  });

  test("fails on an invalid release name", () => {
    expect(() => new EnvoyGateway({ releaseName: "my.release" })).toThrow(/releaseName must be a DNS label/);
  });

  test.each(["^1.9.0", "1.9", "latest", "v1.9.x"])("fails on a chart version that is not exact (%s)", (v) => {
    expect(() => new EnvoyGateway({ chartVersion: v })).toThrow(/chartVersion must be an exact version/);
  });

  describe("data plane (EnvoyProxy)", () => {
    const proxyLabels = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" };

    test("defaults: one proxy, requests and limits, restricted securityContext, zone spread, public LoadBalancer with Local traffic policy", () => {
      expect(ENVOY_DATA_PLANE_DEFAULTS).toMatchObject({
        minReplicas: 1,
        cpuUtilization: 70,
        publicNetworkAccess: true,
        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
      });
      expect(new EnvoyGateway().envoyProxy().toJSON()).toEqual({
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: "data-plane", namespace: "envoy-gateway-system" },
        spec: {
          // One worker thread per core of the CPU limit, not per core of the node.
          concurrency: 2,
          provider: {
            type: "Kubernetes",
            kubernetes: {
              envoyDeployment: {
                replicas: 1,
                pod: {
                  topologySpreadConstraints: [
                    {
                      maxSkew: 1,
                      topologyKey: "topology.kubernetes.io/zone",
                      whenUnsatisfiable: "ScheduleAnyway",
                      labelSelector: { matchLabels: proxyLabels },
                    },
                    { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: proxyLabels } },
                  ],
                  securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
                },
                container: {
                  resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    privileged: false,
                    runAsNonRoot: true,
                    runAsUser: 65532,
                    runAsGroup: 65532,
                    seccompProfile: { type: "RuntimeDefault" },
                  },
                },
              },
              envoyService: { type: "LoadBalancer", externalTrafficPolicy: "Local" },
            },
          },
        },
      });
    });

    test("min < max: an HPA on CPU instead of a fixed count, a PDB from 2 replicas, pinned to a node pool", () => {
      const k = new EnvoyGateway({ dataPlane: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 60, nodePool: "apps" } }).envoyProxy().toJSON().spec
        .provider.kubernetes!;
      expect(k.envoyDeployment!.replicas).toBeUndefined();
      expect(k.envoyDeployment!.pod!.nodeSelector).toEqual({ "kubernetes.azure.com/agentpool": "apps" });
      expect(k.envoyHpa).toEqual({
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } }],
      });
      expect(k.envoyPDB).toEqual({ maxUnavailable: 1 });
    });

    test("a fixed fleet of 3 gets replicas and a PDB, no HPA", () => {
      const k = new EnvoyGateway({ dataPlane: { minReplicas: 3 } }).envoyProxy().toJSON().spec.provider.kubernetes!;
      expect(k.envoyDeployment!.replicas).toBe(3);
      expect(k.envoyHpa).toBeUndefined();
      expect(k.envoyPDB).toEqual({ maxUnavailable: 1 });
    });

    test("publicNetworkAccess false annotates an internal Azure load balancer", () => {
      expect(new EnvoyGateway({ dataPlane: { publicNetworkAccess: false } }).envoyProxy().toJSON().spec.provider.kubernetes!.envoyService).toEqual({
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        annotations: { "service.beta.kubernetes.io/azure-load-balancer-internal": "true" },
      });
    });

    test("resources override the defaults, and the CPU limit sets the worker threads", () => {
      const resources = { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "4", memory: "512Mi" } };
      const proxy = new EnvoyGateway({ dataPlane: { resources } }).envoyProxy().toJSON();
      expect(proxy.spec.provider.kubernetes!.envoyDeployment!.container!.resources).toEqual(resources);
      expect(proxy.spec.concurrency).toBe(4);
      expect([workerThreads("1500m"), workerThreads("500m"), workerThreads("3")]).toEqual([1, 1, 3]);
    });

    test("the EnvoyProxy validates against the v1.9.1 CRD schema, and a wrong field fails with the schema's message", () => {
      expect(() => new EnvoyGateway({ dataPlane: { minReplicas: 2, maxReplicas: 4, nodePool: "apps" } }).envoyProxy().validate()).not.toThrow();
      const bad = new EnvoyProxy(
        {
          metadata: { name: "x", namespace: "y" },
          spec: { provider: { type: "Kubernetes", kubernetes: { envoyHpa: { maxReplicas: "four" as unknown as number } } } },
        },
        "v1.9.1",
      );
      expect(() => bad.validate()).toThrow(
        /EnvoyProxy y\/x does not match the v1\.9\.1 CRD schema: \/spec\/provider\/kubernetes\/envoyHpa\/maxReplicas must be integer/,
      );
    });

    test("configureDataPlane adds the EnvoyProxy and returns the GatewayClass parametersRef to it", () => {
      Testing.synthScope((scope) => {
        const { parametersRef, objects } = new EnvoyGateway().configureDataPlane(scope, "DataPlane");
        expect(parametersRef).toEqual({ group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "data-plane", namespace: "envoy-gateway-system" });
        expect(objects.map((o) => `${o.kind} ${o.namespace}/${o.objectName}`)).toEqual(["EnvoyProxy envoy-gateway-system/data-plane"]);
      });
    });

    test("fails on replicas, utilization, pool or resources out of bounds", () => {
      expect(() => new EnvoyGateway({ dataPlane: { minReplicas: 0 } })).toThrow(
        /EnvoyGateway: dataPlane\.minReplicas must be a whole number from 1 to 100 \(got 0\)/,
      );
      expect(() => new EnvoyGateway({ dataPlane: { minReplicas: 3, maxReplicas: 2 } })).toThrow(
        /dataPlane\.maxReplicas must be >= dataPlane\.minReplicas \(3\) \(got 2\)/,
      );
      expect(() => new EnvoyGateway({ dataPlane: { cpuUtilization: 150 } })).toThrow(/dataPlane\.cpuUtilization must be a whole number from 1 to 100/);
      expect(() => new EnvoyGateway({ dataPlane: { nodePool: "Apps-Pool" } })).toThrow(
        /dataPlane\.nodePool must be an AKS node pool name .*\(got "Apps-Pool"\)/,
      );
      expect(() => new EnvoyGateway({ dataPlane: { resources: { requests: { cpu: "1" } } } })).toThrow(
        /dataPlane\.resources must set requests and limits for cpu and memory/,
      );
    });
  });

  describe("network policies of the controller namespace", () => {
    function policies(): Record<string, any> {
      const out = Testing.synthScope((scope) => {
        new EnvoyGateway().addNetworkPolicies(scope, "Policies", {
          namespace: "envoy-gateway-system",
          apiServer: { cidrs: ["10.31.0.0/16"] },
          clients: { cidrs: ["0.0.0.0/0"] },
          listenerPorts: [80, 443],
          inClusterClients: [
            {
              name: "cert-manager-http01",
              pods: { namespace: "cert-manager", podLabels: { "app.kubernetes.io/component": "controller" } },
              listenerPorts: [80],
            },
          ],
          backends: [{ name: "shop-frontend-8080", pods: { namespace: "shop", podLabels: { app: "frontend", tier: "frontend" } }, port: 8080 }],
        });
      });
      return Object.fromEntries(Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).map((r) => [r.manifest.metadata.name, r.manifest.spec]));
    }

    test("default deny, DNS, and exactly the controller's, the install job's and the proxies' flows", () => {
      const p = policies();
      const controller = { "control-plane": "envoy-gateway", "app.kubernetes.io/instance": "eg" };
      const proxies = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" };
      expect(Object.keys(p).sort()).toEqual([
        "allow-api-server-to-controller-webhook",
        "allow-cert-manager-http01-to-proxies",
        "allow-certgen-to-api-server",
        "allow-clients-to-proxies",
        "allow-controller-to-api-server",
        "allow-dns",
        "allow-proxies-to-controller-xds-egress",
        "allow-proxies-to-controller-xds-ingress",
        "allow-proxies-to-shop-frontend-8080",
        "default-deny-all",
      ]);
      expect(p["default-deny-all"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      expect(p["allow-controller-to-api-server"]).toEqual({
        podSelector: { matchLabels: controller },
        policyTypes: ["Egress"],
        egress: [{ to: [{ ipBlock: { cidr: "10.31.0.0/16" } }], ports: [{ protocol: "TCP", port: 443 }] }],
      });
      expect(p["allow-certgen-to-api-server"].podSelector).toEqual({ matchLabels: { app: "certgen" } });
      expect(p["allow-proxies-to-controller-xds-ingress"]).toEqual({
        podSelector: { matchLabels: controller },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: proxies } }], ports: [{ protocol: "TCP", port: 18000 }] }],
      });
      expect(p["allow-api-server-to-controller-webhook"]).toEqual({
        podSelector: { matchLabels: controller },
        policyTypes: ["Ingress"],
        ingress: [{ ports: [{ protocol: "TCP", port: 9443 }] }],
      });
      expect(p["allow-clients-to-proxies"]).toEqual({
        podSelector: { matchLabels: proxies },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
            ports: [
              { protocol: "TCP", port: 10080 },
              { protocol: "TCP", port: 10443 },
            ],
          },
        ],
      });
      // In-cluster callers of the gateway's public address reach a proxy pod: admitted by pod selector, on HTTP only.
      expect(p["allow-cert-manager-http01-to-proxies"]).toEqual({
        podSelector: { matchLabels: proxies },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cert-manager" } },
                podSelector: { matchLabels: { "app.kubernetes.io/component": "controller" } },
              },
            ],
            ports: [{ protocol: "TCP", port: 10080 }],
          },
        ],
      });
      expect(p["allow-proxies-to-shop-frontend-8080"]).toEqual({
        podSelector: { matchLabels: proxies },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "shop" } },
                podSelector: { matchLabels: { app: "frontend", tier: "frontend" } },
              },
            ],
            ports: [{ protocol: "TCP", port: 8080 }],
          },
        ],
      });
    });
  });

  test("fails on replicas out of range", () => {
    expect(() => new EnvoyGateway({ replicas: 0 })).toThrow(/replicas must be a whole number from 1 to 10 \(got 0\)/);
  });

  test("fails naming every problem of its options at once", () => {
    expect(() => new EnvoyGateway({ namespace: "Edge_NS", replicas: 0, dataPlane: { minReplicas: 3, maxReplicas: 2, nodePool: "Apps-Pool" } })).toThrow(
      /^EnvoyGateway: 4 problems:\n- EnvoyGateway: namespace must be a DNS label.*\n- EnvoyGateway: replicas must be a whole number.*\n- EnvoyGateway: dataPlane\.maxReplicas must be >= dataPlane\.minReplicas.*\n- EnvoyGateway: dataPlane\.nodePool must be an AKS node pool name.*$/,
    );
  });

  test("fails on a timeout out of range", () => {
    expect(() => new EnvoyGateway({ timeoutSeconds: 5 })).toThrow(/timeoutSeconds must be a whole number from 60 to 3600/);
  });
});

describe("EnvoyGateway imageMirror", () => {
  test("defaults: Docker Hub, the proxy image left to the controller's default", () => {
    expect((new EnvoyGateway().values() as any).global).toBeUndefined();
    expect(new EnvoyGateway().envoyProxy().spec.provider.kubernetes?.envoyDeployment?.container?.image).toBeUndefined();
  });

  test("the proxies' envoy from the mirror through the platform's EnvoyProxy (it replaces the controller's defaults), digest kept", () => {
    const proxy = new EnvoyGateway({ imageMirror: "acr.azurecr.io" }).envoyProxy();
    expect(proxy.spec.provider.kubernetes?.envoyDeployment?.container?.image).toBe(`acr.azurecr.io/${ENVOY_PROXY_DEFAULT_IMAGE}`);
    expect(() => proxy.validate()).not.toThrow();
  });

  test("fails to list the images of a release whose default proxy image is not known here", () => {
    expect(() => envoyGatewayImages("v1.10.0")).toThrow(
      /envoyGatewayImages: chartVersion has no known default proxy image here .* \(got "v1\.10\.0"\)\. Fix: read DefaultEnvoyProxyImage/,
    );
  });

  test("the controller, certgen and the shutdown-manager from the mirror (global.imageRegistry); the chart's default proxy image too", () => {
    const values = new EnvoyGateway({ imageMirror: "acr.azurecr.io" }).values() as any;
    expect(values.global).toEqual({
      imageRegistry: "acr.azurecr.io/docker.io",
      images: { envoyGateway: { image: "docker.io/envoyproxy/gateway:v1.9.1" }, envoyProxy: { image: ENVOY_PROXY_DEFAULT_IMAGE } },
    });
    expect(ENVOY_PROXY_DEFAULT_IMAGE).toMatch(/^docker\.io\/envoyproxy\/envoy:distroless-v1\.39\.1@sha256:[0-9a-f]{64}$/);
    expect(envoyGatewayImages()).toEqual(["docker.io/envoyproxy/gateway:v1.9.1", ENVOY_PROXY_DEFAULT_IMAGE]);
  });
});

describe("gatewayImplementation", () => {
  test("envoy builds an EnvoyGateway with its options", () => {
    const impl = gatewayImplementation("envoy", { namespace: "edge" });
    expect(impl).toBeInstanceOf(EnvoyGateway);
    expect(impl.namespace).toBe("edge");
    expect(gatewayImplementation("envoy").namespace).toBe("envoy-gateway-system");
  });

  test("the registry lists the selectable kinds", () => {
    expect(Object.keys(GATEWAY_IMPLEMENTATIONS)).toEqual(["envoy"]);
  });

  test("fails on an unknown kind", () => {
    expect(() => gatewayImplementation("nginx" as GatewayImplementationKind)).toThrow(/gatewayImplementation: kind must be one of envoy \(got "nginx"\)/);
    expect(() => gatewayImplementation("toString" as GatewayImplementationKind)).toThrow(/kind must be one of envoy/);
  });
});
