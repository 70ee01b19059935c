import { Testing } from "cdktf";
import { Construct } from "constructs";
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute";
import { EnvoyGateway } from "../../../constructs/kubernetes/addons/gateway-implementation";
import {
  AppHttpRoute,
  AppHttpRouteProps,
  SHARED_GATEWAY_DEFAULTS,
  SharedGateway,
  SharedGatewayProps,
  hostnameCovers,
} from "../../../constructs/kubernetes/gateway";
import { KubeObject, renderModel } from "../../../constructs/kubernetes/kube-object";
import { envoyClientProtections } from "../../../constructs/kubernetes/addons/envoy-policies";
import { GATEWAY_CLIENT_PROTECTION_DEFAULTS, MODERN_TLS_CIPHERS } from "../../../constructs/kubernetes/gateway-client-protections";
import { admits } from "../../support/admission";

const gatewayProps: SharedGatewayProps = {
  implementation: new EnvoyGateway(),
  namespace: "gateway",
  hostname: "shop.contoso.com",
  clusterIssuer: "letsencrypt-prod",
};

function manifests(out: string): any[] {
  return Object.values(JSON.parse(out).resource.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
}

function find(out: string, kind: string, name?: string): any {
  const m = manifests(out).filter((x) => x.kind === kind && (name === undefined || x.metadata.name === name));
  expect(m).toHaveLength(1);
  return m[0];
}

function expectAllValid(out: string, scope: Construct): void {
  const objects = KubeObject.allIn(scope);
  expect(objects.length).toBe(manifests(out).length);
  for (const o of objects) expect(manifests(out)).toContainEqual(o.toManifest());
}

function buildGateway(props: Partial<SharedGatewayProps> = {}): { out: string; gw: SharedGateway; scope: Construct } {
  let gw: SharedGateway | undefined;
  let root: Construct | undefined;
  const out = Testing.synthScope((scope) => {
    root = scope;
    gw = new SharedGateway(scope, "Gateway", { ...gatewayProps, ...props });
  });
  return { out, gw: gw as SharedGateway, scope: root as Construct };
}

function warnings(c: Construct): string[] {
  return c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("SharedGateway", () => {
  test("defaults: GatewayClass, Gateway with http and https listeners, redirect route", () => {
    const { out, gw, scope } = buildGateway();
    expect(manifests(out)).toHaveLength(8);
    expect(find(out, "GatewayClass")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "GatewayClass",
      metadata: { name: "envoy" },
      spec: {
        controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
        description: "Shared envoy Gateway API implementation",
        parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "data-plane", namespace: "envoy-gateway-system" },
      },
    });
    // The implementation's data-plane parameters exist before the class that points to them.
    expect(find(out, "EnvoyProxy").metadata).toEqual({ name: "data-plane", namespace: "envoy-gateway-system" });
    expect(gw.dataPlaneObjects.map((o) => o.kind)).toEqual(["EnvoyProxy"]);
    const gatewayClass = Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).find((r) => r.manifest.kind === "GatewayClass");
    expect(gatewayClass.depends_on).toEqual([expect.stringMatching(/^kubernetes_manifest\.Gateway_DataPlane_/)]);
    expect(gw.listenerPorts).toEqual([80, 443]);
    expect(find(out, "Gateway")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "shared", namespace: "gateway", annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-prod" } },
      spec: {
        gatewayClassName: "envoy",
        listeners: [
          { name: "http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } },
          {
            name: "https",
            port: 443,
            protocol: "HTTPS",
            hostname: "shop.contoso.com",
            tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: "shared-tls" }] },
            allowedRoutes: {
              kinds: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute" }],
              namespaces: { from: "Selector", selector: { matchLabels: { "shared-gateway-access": "true" } } },
            },
          },
        ],
      },
    });
    expect(find(out, "HTTPRoute")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "shared-https-redirect", namespace: "gateway" },
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", namespace: "gateway", sectionName: "http" }],
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    });
    expect(SHARED_GATEWAY_DEFAULTS.routeNamespaceLabel).toEqual({ key: "shared-gateway-access", value: "true" });
    expect(gw.routeNamespaceLabel).toEqual({ key: "shared-gateway-access", value: "true" });
    expect(gw.httpsListener).toEqual({ name: "shared", namespace: "gateway", sectionName: "https" });
    expect(gw.httpListener).toEqual({ name: "shared", namespace: "gateway", sectionName: "http" });
    expect(gw.tlsSecretName).toBe("shared-tls");
    expect(gw.dataPlaneNamespace).toBe("envoy-gateway-system");
    expect(gw.dataPlanePodLabels).toMatchObject({
      "app.kubernetes.io/name": "envoy",
      "gateway.envoyproxy.io/owning-gateway-name": "shared",
      "gateway.envoyproxy.io/owning-gateway-namespace": "gateway",
    });
    expect(warnings(gw)).toEqual([]);
    expectAllValid(out, scope);
  });

  test("defaults: HTTPS clients get TLS 1.2+ with forward-secret AEAD ciphers, HSTS for a year, and 100 requests/s per address", () => {
    const { out, gw } = buildGateway();
    expect(find(out, "ClientTrafficPolicy")).toEqual({
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "ClientTrafficPolicy",
      metadata: { name: "shared-https-clients", namespace: "gateway" },
      spec: {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", sectionName: "https" }],
        tls: {
          minVersion: "1.2",
          ciphers: [
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
            "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305",
            "ECDHE-RSA-CHACHA20-POLY1305",
          ],
        },
        headers: { lateResponseHeaders: { set: [{ name: "Strict-Transport-Security", value: "max-age=31536000" }] } },
      },
    });
    expect(find(out, "BackendTrafficPolicy")).toEqual({
      apiVersion: "gateway.envoyproxy.io/v1alpha1",
      kind: "BackendTrafficPolicy",
      metadata: { name: "shared-rate-limit", namespace: "gateway" },
      spec: {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared" }],
        rateLimit: {
          type: "Local",
          local: {
            rules: [
              { clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "0.0.0.0/0" } }], limit: { requests: 100, unit: "Second" } },
              { clientSelectors: [{ sourceCIDR: { type: "Distinct", value: "::/0" } }], limit: { requests: 100, unit: "Second" } },
            ],
          },
        },
      },
    });
    expect(GATEWAY_CLIENT_PROTECTION_DEFAULTS).toEqual({
      tls: { minVersion: "1.2", ciphers: MODERN_TLS_CIPHERS },
      hstsMaxAgeSeconds: 31536000,
      rateLimit: { requestsPerClientIp: 100, unit: "Second" },
    });
    expect(gw.clientProtections).toHaveLength(4);
  });

  test("the rate limit stays in force: routes' own BackendTrafficPolicies elsewhere must merge and set no rate limit", () => {
    const { out } = buildGateway();
    const guard = find(out, "ValidatingAdmissionPolicy", "gateway-rate-limit-kept");
    expect(find(out, "ValidatingAdmissionPolicyBinding", "gateway-rate-limit-kept").spec).toEqual({
      policyName: "gateway-rate-limit-kept",
      validationActions: ["Deny"],
    });
    const btp = (spec: Record<string, unknown>) => ({
      metadata: { name: "p" },
      spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "shop" }], ...spec },
    });
    const admit = (ns: string, spec: Record<string, unknown>) => admits(guard, ns, "gateway.envoyproxy.io", "backendtrafficpolicies", btp(spec));
    expect(admit("shop", { mergeType: "StrategicMerge", timeout: { http: { requestTimeout: "10s" } } })).toBe(true);
    expect(admit("shop", { timeout: { http: { requestTimeout: "10s" } } })).toBe(false);
    expect(admit("shop", { mergeType: "StrategicMerge", rateLimit: { type: "Local", local: { rules: [] } } })).toBe(false);
    expect(admit("gateway", { rateLimit: { type: "Local", local: { rules: [] } } })).toBe(true);
    expect(manifests(buildGateway({ rateLimit: false }).out).filter((m) => m.kind === "ValidatingAdmissionPolicy")).toEqual([]);
  });

  test("client protections: TLS 1.3 only (no ciphers), HSTS for two years, a per-minute limit", () => {
    const { out, gw } = buildGateway({ tls: { minVersion: "1.3" }, hstsMaxAgeSeconds: 63072000, rateLimit: { requestsPerClientIp: 600, unit: "Minute" } });
    expect(find(out, "ClientTrafficPolicy").spec.tls).toEqual({ minVersion: "1.3" });
    expect(find(out, "ClientTrafficPolicy").spec.headers.lateResponseHeaders.set[0].value).toBe("max-age=63072000");
    expect(find(out, "BackendTrafficPolicy").spec.rateLimit.local.rules.map((r: any) => r.limit)).toEqual([
      { requests: 600, unit: "Minute" },
      { requests: 600, unit: "Minute" },
    ]);
    expect(warnings(gw)).toEqual([]);
  });

  test("client protections: opting out of HSTS and the rate limit, and weaker ciphers, each warn", () => {
    const { out, gw } = buildGateway({ hstsMaxAgeSeconds: 0, rateLimit: false, tls: { ciphers: ["ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"] } });
    expect(find(out, "ClientTrafficPolicy").spec.headers).toBeUndefined();
    expect(find(out, "ClientTrafficPolicy").spec.tls.ciphers).toEqual(["ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"]);
    expect(manifests(out).filter((m) => m.kind === "BackendTrafficPolicy")).toEqual([]);
    expect(warnings(gw)).toEqual([
      expect.stringMatching(/^tls.ciphers opts out of a secure default: offers suites without forward secrecy or authenticated encryption \(AES128-SHA\)/),
      expect.stringMatching(/^hstsMaxAgeSeconds opts out of a secure default/),
      expect.stringMatching(/^rateLimit opts out of a secure default/),
    ]);
  });

  test("client protections: every policy validates against Envoy Gateway's CRD schema, which refuses unknown fields", () => {
    const { out, scope } = buildGateway({ rateLimit: { requestsPerClientIp: 5, unit: "Hour" } });
    expectAllValid(out, scope);
    const [client] = envoyClientProtections(
      { gateway: { name: "g", namespace: "n", httpsSectionName: "https" }, tls: { minVersion: "1.2", ciphers: [] }, hstsMaxAgeSeconds: 1 },
      "v1.9.1",
    );
    (client.spec as any).tls.maxVersion = "1.1";
    (client.spec as any).tls.minVersion = "1.4";
    expect(() => renderModel(client, "Test")).toThrow(
      /ClientTrafficPolicy n\/g-https-clients does not match the v1.9.1 CRD schema: .*\/spec\/tls must NOT have additional properties.*\/spec\/tls\/minVersion must be equal to one of the allowed values/,
    );
  });

  test.each([
    [{ tls: { minVersion: "1.1" as any } }, /tls.minVersion must be "1.2" or "1.3" \(got "1.1"\)/],
    [{ tls: { minVersion: "1.3" as const, ciphers: ["ECDHE-RSA-AES128-GCM-SHA256"] } }, /tls.ciphers has no effect with minVersion 1.3/],
    [{ tls: { ciphers: [] } }, /tls.ciphers must list at least one cipher suite/],
    [
      { tls: { ciphers: ["TLS_AES_128_GCM_SHA256"] } },
      /tls.ciphers names a suite Envoy does not support .* \(got "TLS_AES_128_GCM_SHA256"\).*Fix: use OpenSSL names/,
    ],
    [{ hstsMaxAgeSeconds: -1 }, /hstsMaxAgeSeconds must be an integer from 0 to 63072000/],
    [{ hstsMaxAgeSeconds: 1.5 }, /hstsMaxAgeSeconds must be an integer/],
    [{ rateLimit: { requestsPerClientIp: 0, unit: "Second" as const } }, /rateLimit.requestsPerClientIp must be an integer from 1 to 1000000 \(got 0\)/],
    [{ rateLimit: { requestsPerClientIp: 10, unit: "Day" as any } }, /rateLimit.unit must be "Second", "Minute" or "Hour" \(got "Day"\)/],
  ])("fails on bad client protections (%o)", (props, message) => {
    expect(() => buildGateway(props)).toThrow(message);
  });

  test("options: name, class, TLS secret, route namespace label, wildcard hostname", () => {
    const { out, gw } = buildGateway({
      name: "edge",
      gatewayClassName: "envoy-internet",
      tlsSecretName: "edge-cert",
      routeNamespaceLabel: { key: "contoso.com/gateway", value: "edge" },
      hostname: "*.contoso.com",
      clusterIssuer: "letsencrypt-staging",
    });
    const g = find(out, "Gateway");
    expect(g.metadata).toEqual({ name: "edge", namespace: "gateway", annotations: { "cert-manager.io/cluster-issuer": "letsencrypt-staging" } });
    expect(g.spec.gatewayClassName).toBe("envoy-internet");
    expect(g.spec.listeners[1].hostname).toBe("*.contoso.com");
    expect(g.spec.listeners[1].tls.certificateRefs).toEqual([{ group: "", kind: "Secret", name: "edge-cert" }]);
    expect(g.spec.listeners[1].allowedRoutes.namespaces.selector).toEqual({ matchLabels: { "contoso.com/gateway": "edge" } });
    expect(find(out, "GatewayClass").metadata.name).toBe("envoy-internet");
    expect(gw.routeNamespaceLabel).toEqual({ key: "contoso.com/gateway", value: "edge" });
  });

  test("httpsRedirect: false drops the redirect and warns", () => {
    const { out, gw } = buildGateway({ httpsRedirect: false });
    expect(manifests(out).filter((m) => m.kind === "HTTPRoute")).toEqual([]);
    expect(gw.redirectRoute).toBeUndefined();
    expect(warnings(gw)).toEqual([expect.stringMatching(/^httpsRedirect opts out of a secure default/)]);
  });

  test.each(["Shop.contoso.com", "shop", "a.*.contoso.com", "*contoso.com", "shop_1.contoso.com", "-shop.contoso.com", "shop.contoso.c0m"])(
    "fails on an invalid hostname (%s)",
    (hostname) => {
      expect(() => buildGateway({ hostname })).toThrow(/Gateway: hostname must be a lowercase DNS host name with a letters-only top-level label/);
    },
  );

  test("fails on invalid names", () => {
    expect(() => buildGateway({ namespace: "Gateway" })).toThrow(/namespace must be a DNS label/);
    expect(() => buildGateway({ name: "shared.gw" })).toThrow(/name must be a DNS label/);
    expect(() => buildGateway({ clusterIssuer: "LetsEncrypt" })).toThrow(/clusterIssuer must be a DNS label/);
    expect(() => buildGateway({ routeNamespaceLabel: { key: "bad key", value: "true" } })).toThrow(/routeNamespaceLabel.key must be a label key/);
    expect(() => buildGateway({ routeNamespaceLabel: { key: "ok", value: "not ok" } })).toThrow(/routeNamespaceLabel.value must be a label value/);
  });

  test("fails naming every problem of names and client protections at once", () => {
    expect(() =>
      buildGateway({ namespace: "Gateway", clusterIssuer: "LetsEncrypt", hstsMaxAgeSeconds: -1, rateLimit: { requestsPerClientIp: 0, unit: "Day" as any } }),
    ).toThrow(
      /Gateway: 5 problems:\n- \S*Gateway: namespace must be a DNS label.*\n- \S*Gateway: clusterIssuer must be a DNS label.*\n- \S*Gateway: hstsMaxAgeSeconds must be an integer.*\n- \S*Gateway: rateLimit\.requestsPerClientIp must be an integer.*\n- \S*Gateway: rateLimit\.unit must be .*$/,
    );
  });
});

describe("hostnameCovers", () => {
  test.each([
    ["shop.contoso.com", "shop.contoso.com", true],
    ["shop.contoso.com", "www.contoso.com", false],
    ["*.contoso.com", "shop.contoso.com", true],
    ["*.contoso.com", "*.contoso.com", true],
    ["*.contoso.com", "a.shop.contoso.com", false],
    ["*.contoso.com", "contoso.com", false],
    ["*.contoso.com", "*.shop.contoso.com", false],
    ["*.contoso.com", "shopcontoso.com", false],
  ])("%s covers %s: %s", (listener, host, expected) => {
    expect(hostnameCovers(listener, host)).toBe(expected);
  });
});

const routeProps: Omit<AppHttpRouteProps, "gateway"> = {
  name: "web",
  namespace: "shop",
  hostnames: ["shop.contoso.com"],
  services: [
    { name: "web", port: 8080 },
    { name: "web-canary", port: 8080 },
  ],
  rules: [{ path: "/", backends: [{ service: "web" }] }],
};

function buildRoute(props: Partial<AppHttpRouteProps> = {}, gw: Partial<SharedGatewayProps> = {}): { out: string; route: AppHttpRoute; scope: Construct } {
  let route: AppHttpRoute | undefined;
  let root: Construct | undefined;
  const out = Testing.synthScope((scope) => {
    root = scope;
    const gateway = new SharedGateway(scope, "Gateway", { ...gatewayProps, ...gw });
    route = new AppHttpRoute(scope, "Route", { gateway, ...routeProps, ...props });
  });
  return { out, route: route as AppHttpRoute, scope: root as Construct };
}

describe("AppHttpRoute", () => {
  test("defaults: one PathPrefix rule to one Service on the https listener", () => {
    const { out, route, scope } = buildRoute();
    expect(find(out, "HTTPRoute", "web")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "web", namespace: "shop" },
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shared", namespace: "gateway", sectionName: "https" }],
        hostnames: ["shop.contoso.com"],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/" } }],
            backendRefs: [{ group: "", kind: "Service", name: "web", port: 8080, weight: 1 }],
          },
        ],
      },
    });
    expect(manifests(out).filter((m) => m.kind === "ReferenceGrant")).toEqual([]);
    expect(route.referenceGrants).toEqual({});
    expect(route.routeName).toBe("web");
    expect(route.namespace).toBe("shop");
    expectAllValid(out, scope);
  });

  test("canary: weighted backends and Exact path matches", () => {
    const { out } = buildRoute({
      rules: [
        {
          path: "/",
          backends: [
            { service: "web", weight: 90 },
            { service: "web-canary", weight: 10 },
          ],
        },
        { path: "/healthz", pathType: "Exact", backends: [{ service: "web" }] },
      ],
    });
    const rules = find(out, "HTTPRoute", "web").spec.rules;
    expect(rules[0].backendRefs).toEqual([
      { group: "", kind: "Service", name: "web", port: 8080, weight: 90 },
      { group: "", kind: "Service", name: "web-canary", port: 8080, weight: 10 },
    ]);
    expect(rules[1].matches).toEqual([{ path: { type: "Exact", value: "/healthz" } }]);
  });

  test("a zero weight next to a positive one is allowed (drained canary)", () => {
    const { out } = buildRoute({
      rules: [
        {
          path: "/",
          backends: [
            { service: "web", weight: 100 },
            { service: "web-canary", weight: 0 },
          ],
        },
      ],
    });
    expect(find(out, "HTTPRoute", "web").spec.rules[0].backendRefs[1].weight).toBe(0);
  });

  test("a cross-namespace backend gets a ReferenceGrant in its namespace", () => {
    const { out, route, scope } = buildRoute({
      services: [...routeProps.services, { name: "api", port: 9000, namespace: "backend" }, { name: "search", port: 9200, namespace: "backend" }],
      rules: [
        { path: "/", backends: [{ service: "web" }] },
        { path: "/api", backends: [{ service: "api", namespace: "backend" }] },
        {
          path: "/search",
          backends: [
            { service: "search", namespace: "backend" },
            { service: "api", namespace: "backend" },
          ],
        },
      ],
    });
    expect(find(out, "HTTPRoute", "web").spec.rules[1].backendRefs).toEqual([
      { group: "", kind: "Service", name: "api", namespace: "backend", port: 9000, weight: 1 },
    ]);
    expect(find(out, "ReferenceGrant")).toEqual({
      apiVersion: "gateway.networking.k8s.io/v1beta1",
      kind: "ReferenceGrant",
      metadata: { name: "web-from-shop", namespace: "backend" },
      spec: {
        from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "shop" }],
        to: [
          { group: "", kind: "Service", name: "api" },
          { group: "", kind: "Service", name: "search" },
        ],
      },
    });
    expect(Object.keys(route.referenceGrants)).toEqual(["backend"]);
    expectAllValid(out, scope);
  });

  test("wildcard listener: routes may use names one label below it", () => {
    const { out } = buildRoute({ hostnames: ["shop.contoso.com", "api.contoso.com"] }, { hostname: "*.contoso.com" });
    expect(find(out, "HTTPRoute", "web").spec.hostnames).toEqual(["shop.contoso.com", "api.contoso.com"]);
  });

  test("a schema-invalid route throws", () => {
    const model = new HTTPRoute({
      metadata: { name: "web", namespace: "shop" },
      spec: { rules: [{ backendRefs: [{ name: "web", port: 70000 }] }] },
    });
    expect(() => renderModel(model, "Test")).toThrow(/Test: HTTPRoute shop\/web does not match its schema/);
  });

  test("fails when a host name is not covered by the listener", () => {
    expect(() => buildRoute({ hostnames: ["www.contoso.com"] })).toThrow(
      /Route: hostnames\[0\] is not served by the Gateway's HTTPS listener host name shop.contoso.com \(got "www.contoso.com"\)/,
    );
    expect(() => buildRoute({ hostnames: ["a.shop.contoso.com"] }, { hostname: "*.contoso.com" })).toThrow(/hostnames\[0\] is not served/);
  });

  test.each(["Shop.contoso.com", "shop.*.com", "shop..contoso.com"])("fails on an invalid host name (%s)", (h) => {
    expect(() => buildRoute({ hostnames: [h] })).toThrow(/hostnames\[0\] must be a lowercase DNS host name with a letters-only top-level label/);
  });

  test("fails on no or repeated host names", () => {
    expect(() => buildRoute({ hostnames: [] })).toThrow(/hostnames must list 1-16 host names/);
    expect(() => buildRoute({ hostnames: ["shop.contoso.com", "shop.contoso.com"] })).toThrow(/hostnames must not repeat/);
  });

  test("fails when a backend is not one of the app's services", () => {
    expect(() => buildRoute({ rules: [{ path: "/", backends: [{ service: "db" }] }] })).toThrow(
      /rules\[0\].backends\[0\].service must be one of the application's Services \(shop\/web, shop\/web-canary\) \(got "shop\/db"\)/,
    );
    expect(() => buildRoute({ rules: [{ path: "/", backends: [{ service: "web", namespace: "other" }] }] })).toThrow(/got "other\/web"/);
  });

  test("fails when all weights are zero", () => {
    expect(() =>
      buildRoute({
        rules: [
          {
            path: "/",
            backends: [
              { service: "web", weight: 0 },
              { service: "web-canary", weight: 0 },
            ],
          },
        ],
      }),
    ).toThrow(/rules\[0\].backends must not all have weight 0/);
  });

  test.each([-1, 1.5, 1_000_001])("fails on an invalid weight (%s)", (weight) => {
    expect(() => buildRoute({ rules: [{ path: "/", backends: [{ service: "web", weight }] }] })).toThrow(
      /rules\[0\].backends\[0\].weight must be a whole number from 0 to 1000000/,
    );
  });

  test("fails on empty rules or backends", () => {
    expect(() => buildRoute({ rules: [] })).toThrow(/rules must list 1-16 rules/);
    expect(() => buildRoute({ rules: [{ path: "/", backends: [] }] })).toThrow(/rules\[0\].backends must list 1-16 backends/);
  });

  test("fails on a relative path", () => {
    expect(() => buildRoute({ rules: [{ path: "api", backends: [{ service: "web" }] }] })).toThrow(/rules\[0\].path must be an absolute URL path/);
  });

  test("fails on invalid names and ports", () => {
    expect(() => buildRoute({ name: "Web" })).toThrow(/Route: name must be a DNS label/);
    expect(() => buildRoute({ namespace: "shop_ns" })).toThrow(/Route: namespace must be a DNS label/);
    expect(() => buildRoute({ services: [{ name: "web", port: 0 }] })).toThrow(/services\[0\].port must be a whole number from 1 to 65535/);
  });

  test("fails naming every problem of host names, Services and rules at once", () => {
    const rules = [
      { path: "api", backends: [{ service: "web" }] },
      { path: "/", backends: [{ service: "db" }] },
    ];
    expect(() => buildRoute({ hostnames: ["www.contoso.com"], services: [{ name: "web", port: 0 }], rules })).toThrow(
      /Route: 4 problems:\n- \S*Route: hostnames\[0\] is not served.*\n- \S*Route: services\[0\]\.port must be a whole number.*\n- \S*Route: rules\[0\]\.path must be an absolute URL path.*\n- \S*Route: rules\[1\]\.backends\[0\]\.service must be one of the application's Services.*$/,
    );
  });
});
