import { Release } from "@cdktf/provider-helm/lib/release";
import { Testing, TerraformVariable } from "cdktf";
import { parse } from "yaml";
import {
  ACME_HTTP01_SOLVER,
  CERT_MANAGER_DEFAULTS,
  CertManager,
  CertManagerProps,
  certManagerImages,
  certManagerPodLabels,
} from "../../../../constructs/kubernetes/addons/cert-manager";

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";

function build(props: Partial<CertManagerProps> = {}): { out: string; cm: CertManager } {
  let cm: CertManager | undefined;
  const out = Testing.synthScope((scope) => {
    cm = new CertManager(scope, "CertManager", { namespace: "cert-manager", ...props });
  });
  return { out, cm: cm as CertManager };
}

function release(out: string): any {
  const all = Object.values(JSON.parse(out).resource.helm_release) as any[];
  expect(all).toHaveLength(1);
  return all[0];
}

function values(out: string): any {
  const r = release(out);
  expect(r.values).toHaveLength(1);
  expect(r.set).toBeUndefined();
  return parse(r.values[0]);
}

function warnings(cm: CertManager): string[] {
  return cm.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("CertManager", () => {
  test("defaults", () => {
    expect(CERT_MANAGER_DEFAULTS).toMatchObject({
      chartRepository: "oci://quay.io/jetstack/charts",
      chart: "cert-manager",
      chartVersion: "v1.21.2",
      serviceAccountName: "cert-manager",
      keepCrds: true,
      aggregateToUserRoles: false,
      ingressShim: false,
    });
    const { out, cm } = build();
    expect(out).toHaveResourceWithProperties(Release, {
      name: "cert-manager",
      repository: "oci://quay.io/jetstack/charts",
      chart: "cert-manager",
      version: "v1.21.2",
      namespace: "cert-manager",
      create_namespace: false,
      atomic: true,
      wait: true,
      cleanup_on_fail: true,
      timeout: 600,
    });
    expect(values(out)).toEqual({
      crds: { enabled: true, keep: true },
      // Namespace editors get no certificate rights, and an Ingress annotation issues nothing: only the platform asks.
      global: { rbac: { aggregateClusterRoles: false } },
      replicaCount: 1,
      config: {
        apiVersion: "controller.config.cert-manager.io/v1alpha1",
        kind: "ControllerConfiguration",
        gatewayAPI: { enabled: true },
        controllers: ["*", "-ingress-shim"],
      },
      serviceAccount: { create: true, name: "cert-manager" },
      webhook: { replicaCount: 1 },
      cainjector: { replicaCount: 1 },
    });
    expect(cm.namespace).toBe("cert-manager");
    expect(cm.serviceAccountName).toBe("cert-manager");
    expect(cm.chartVersion).toBe("v1.21.2");
    expect(cm.serviceAccountSubject).toBe("system:serviceaccount:cert-manager:cert-manager");
    expect(warnings(cm)).toEqual([]);
  });

  test("defaults: no workload identity labels without DNS-01", () => {
    const v = values(build().out);
    expect(v.podLabels).toBeUndefined();
    expect(v.serviceAccount.labels).toBeUndefined();
    expect(v.serviceAccount.annotations).toBeUndefined();
  });

  test("workload identity labels the pods and the service account and annotates the client ID", () => {
    const v = values(build({ workloadIdentity: { clientId: CLIENT_ID } }).out);
    expect(v.podLabels).toEqual({ "azure.workload.identity/use": "true" });
    expect(v.serviceAccount).toEqual({
      create: true,
      name: "cert-manager",
      labels: { "azure.workload.identity/use": "true" },
      annotations: { "azure.workload.identity/client-id": CLIENT_ID },
    });
  });

  test("workload identity accepts a Terraform reference as client ID", () => {
    const out = Testing.synthScope((scope) => {
      const id = new TerraformVariable(scope, "client_id", { type: "string" });
      new CertManager(scope, "CertManager", { namespace: "cert-manager", workloadIdentity: { clientId: id.stringValue } });
    });
    expect(values(out).serviceAccount.annotations).toEqual({ "azure.workload.identity/client-id": "${var.client_id}" });
  });

  test("options: namespace, chart version, release and service account names, replicas, timeout", () => {
    const { out, cm } = build({
      namespace: "certs",
      chartVersion: "v1.20.4",
      releaseName: "cm",
      serviceAccountName: "cm-controller",
      replicas: 2,
      timeoutSeconds: 900,
    });
    expect(release(out)).toMatchObject({ name: "cm", namespace: "certs", version: "v1.20.4", timeout: 900 });
    const v = values(out);
    expect(v.replicaCount).toBe(2);
    expect(v.webhook.replicaCount).toBe(2);
    expect(v.serviceAccount.name).toBe("cm-controller");
    expect(cm.serviceAccountSubject).toBe("system:serviceaccount:certs:cm-controller");
    expect(cm.chartVersion).toBe("v1.20.4");
  });

  test("Gateway API support uses the current switch, not the deprecated enableGatewayAPI", () => {
    const v = values(build().out);
    expect(v.config.gatewayAPI).toEqual({ enabled: true });
    expect(v.config).not.toHaveProperty("enableGatewayAPI");
  });

  test("replicas >= 2: every component gets the replicas, a PodDisruptionBudget of maxUnavailable 1 and zone spread", () => {
    const v = values(build({ replicas: 2 }).out);
    const spread = (name: string, component: string) => [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: {
          matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": component },
        },
      },
    ];
    expect(v.replicaCount).toBe(2);
    expect(v.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(v.topologySpreadConstraints).toEqual(spread("cert-manager", "controller"));
    expect(v.webhook).toEqual({
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      topologySpreadConstraints: spread("webhook", "webhook"),
    });
    expect(v.cainjector).toEqual({
      replicaCount: 2,
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      topologySpreadConstraints: spread("cainjector", "cainjector"),
    });
  });

  test("one replica: no PodDisruptionBudget (it would block every drain)", () => {
    const v = values(build({ replicas: 1 }).out);
    expect(v.podDisruptionBudget).toBeUndefined();
    expect(v.webhook.podDisruptionBudget).toBeUndefined();
    expect(v.cainjector.podDisruptionBudget).toBeUndefined();
  });

  test("dns01RecursiveNameservers: DNS-01 checks go only to these resolvers", () => {
    const v = values(build({ dns01RecursiveNameservers: ["172.16.0.10:53"] }).out);
    expect(v.dns01RecursiveNameservers).toBe("172.16.0.10:53");
    expect(v.dns01RecursiveNameserversOnly).toBe(true);
    expect(values(build().out)).not.toHaveProperty("dns01RecursiveNameserversOnly");
  });

  test("pod labels of each component, for NetworkPolicies", () => {
    expect(certManagerPodLabels("webhook", "cert-manager")).toEqual({
      "app.kubernetes.io/name": "webhook",
      "app.kubernetes.io/instance": "cert-manager",
      "app.kubernetes.io/component": "webhook",
    });
    expect(build({ releaseName: "cm" }).cm.releaseName).toBe("cm");
  });

  test("keepCrds: false drops crds.keep and warns", () => {
    const { out, cm } = build({ keepCrds: false });
    expect(values(out).crds).toEqual({ enabled: true, keep: false });
    expect(warnings(cm)).toEqual([expect.stringMatching(/^keepCrds opts out of a secure default: uninstalling cert-manager deletes its CRDs/)]);
  });

  test("aggregateToUserRoles: true aggregates the chart's edit rights into edit/admin and warns", () => {
    const { out, cm } = build({ aggregateToUserRoles: true });
    expect(values(out).global).toEqual({ rbac: { aggregateClusterRoles: true } });
    expect(warnings(cm)).toEqual([expect.stringMatching(/aggregateToUserRoles.*every namespace editor can request publicly trusted certificates/)]);
  });

  test("ingressShim: true runs every controller and warns", () => {
    const { out, cm } = build({ ingressShim: true });
    expect(values(out).config.controllers).toEqual(["*"]);
    expect(warnings(cm)).toEqual([expect.stringMatching(/ingressShim.*annotating an Ingress/)]);
  });

  test("fails on an invalid namespace", () => {
    expect(() => build({ namespace: "Cert_Manager" })).toThrow(/CertManager: namespace must be a DNS label.*got "Cert_Manager".*Fix:/);
  });

  test.each(["1.21.2", "^v1.21.0", "v1.21", "latest"])("fails on a chart version that is not exact (%s)", (v) => {
    expect(() => build({ chartVersion: v })).toThrow(/chartVersion must be an exact version/);
  });

  test("fails on a chart version outside v1", () => {
    expect(() => build({ chartVersion: "v2.0.0" })).toThrow(/chartVersion must be a v1.x release/);
  });

  test("fails on a client ID that is not a GUID", () => {
    expect(() => build({ workloadIdentity: { clientId: "cert-manager-identity" } })).toThrow(/workloadIdentity.clientId must be a GUID/);
  });

  test("fails on an invalid service account name", () => {
    expect(() => build({ serviceAccountName: "Cert Manager" })).toThrow(/serviceAccountName must be a DNS label/);
  });

  test("fails on malformed DNS-01 resolvers", () => {
    expect(() => build({ dns01RecursiveNameservers: [] })).toThrow(/dns01RecursiveNameservers must list at least one resolver when set/);
    expect(() => build({ dns01RecursiveNameservers: ["172.16.0.10"] })).toThrow(
      /dns01RecursiveNameservers\[0\] must be host:port, e\.g\. 10\.0\.0\.10:53 \(got "172\.16\.0\.10"\)/,
    );
  });

  test("fails on replicas or timeout out of range", () => {
    expect(() => build({ replicas: 0 })).toThrow(/replicas must be a whole number from 1 to 10/);
    expect(() => build({ timeoutSeconds: 10 })).toThrow(/timeoutSeconds must be a whole number from 60 to 3600/);
  });
});

describe("CertManager network policies", () => {
  function policies(): Record<string, any> {
    const out = Testing.synthScope((scope) => {
      new CertManager(scope, "CertManager", { namespace: "cert-manager" }).addNetworkPolicies(scope, "Policies", {
        namespace: "cert-manager",
        apiServer: { cidrs: ["0.0.0.0/0"] },
      });
    });
    return Object.fromEntries(Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).map((r) => [r.manifest.metadata.name, r.manifest.spec]));
  }

  test("default deny, DNS, API server egress for every pod, internet 80/443 for the controller only, webhook ingress on 10250", () => {
    const p = policies();
    expect(Object.keys(p).sort()).toEqual([
      "allow-all-to-api-server",
      "allow-api-server-to-webhook",
      "allow-controller-to-internet",
      "allow-dns",
      "default-deny-all",
    ]);
    expect(p["allow-all-to-api-server"]).toEqual({
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] }],
    });
    expect(p["allow-controller-to-internet"]).toEqual({
      podSelector: {
        matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "controller" },
      },
      policyTypes: ["Egress"],
      egress: [
        {
          to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } }],
          ports: [
            { protocol: "TCP", port: 443 },
            { protocol: "TCP", port: 80 },
          ],
        },
      ],
    });
    expect(p["allow-api-server-to-webhook"]).toEqual({
      podSelector: {
        matchLabels: { "app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": "cert-manager", "app.kubernetes.io/component": "webhook" },
      },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ protocol: "TCP", port: 10250 }] }],
    });
  });

  test("http01Proxies: the controller reaches the gateway's proxies for its HTTP-01 self-check", () => {
    const out = Testing.synthScope((scope) => {
      new CertManager(scope, "CertManager", { namespace: "cert-manager" }).addNetworkPolicies(scope, "Policies", {
        namespace: "cert-manager",
        apiServer: { cidrs: ["0.0.0.0/0"] },
        http01Proxies: { pods: { namespace: "envoy-gateway-system", podLabels: { "app.kubernetes.io/name": "envoy" } }, port: 10080 },
      });
    });
    const policy = Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).find(
      (r) => r.manifest.metadata.name === "allow-controller-to-gateway-http01",
    ).manifest.spec;
    expect(policy.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
            podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 10080 }],
      },
    ]);
  });

  test("the HTTP-01 solver pods: label and port", () => {
    expect(ACME_HTTP01_SOLVER).toEqual({ podLabels: { "acme.cert-manager.io/http01-solver": "true" }, port: 8089 });
  });
});

describe("CertManager imageMirror", () => {
  test("defaults: the chart's own registry (quay.io)", () => {
    expect(values(build().out).imageRegistry).toBeUndefined();
  });

  test("every image from the mirror, under its full source name; the images to import are the release's", () => {
    expect(values(build({ imageMirror: "acrmedaldevweu1234.azurecr.io" }).out).imageRegistry).toBe("acrmedaldevweu1234.azurecr.io/quay.io");
    expect(certManagerImages("v1.21.2")).toEqual([
      "quay.io/jetstack/cert-manager-controller:v1.21.2",
      "quay.io/jetstack/cert-manager-webhook:v1.21.2",
      "quay.io/jetstack/cert-manager-cainjector:v1.21.2",
      "quay.io/jetstack/cert-manager-acmesolver:v1.21.2",
      "quay.io/jetstack/cert-manager-startupapicheck:v1.21.2",
    ]);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ namespace: "Cert_Manager", replicas: 0, dns01RecursiveNameservers: ["172.16.0.10"] })).toThrow(
      /CertManager: 3 problems:\n- \S*CertManager: namespace must be a DNS label.*\n- \S*CertManager: replicas must be a whole number.*\n- \S*CertManager: dns01RecursiveNameservers\[0\] must be host:port.*$/,
    );
  });
});
