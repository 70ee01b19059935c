import { Release } from "@cdktf/provider-helm/lib/release";
import { Testing } from "cdktf";
import { parse } from "yaml";
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
    });
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
    expect(parse(release.values[0]).deployment).toEqual({ replicas: 2 });
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

  test("fails on replicas out of range", () => {
    expect(() => new EnvoyGateway({ replicas: 0 })).toThrow(/replicas must be a whole number from 1 to 10 \(got 0\)/);
  });

  test("fails on a timeout out of range", () => {
    expect(() => new EnvoyGateway({ timeoutSeconds: 5 })).toThrow(/timeoutSeconds must be a whole number from 60 to 3600/);
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
