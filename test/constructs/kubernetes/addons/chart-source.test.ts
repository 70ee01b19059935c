import { Testing } from "cdktf";
import { chartLocation } from "../../../../constructs/kubernetes/addons/chart-source";
import { CERT_MANAGER_DEFAULTS, CertManager } from "../../../../constructs/kubernetes/addons/cert-manager";
import { ENVOY_GATEWAY_DEFAULTS, EnvoyGateway } from "../../../../constructs/kubernetes/addons/gateway-implementation";
import { fluxHelmRelease } from "../../../../constructs/kubernetes/flux-helm-release";

const defaults = { repository: "oci://quay.io/jetstack/charts", chart: "cert-manager", version: "v1.21.2" };

function releases(build: (scope: any) => void): any[] {
  return Object.values(JSON.parse(Testing.synthScope(build)).resource.helm_release);
}

describe("chartLocation", () => {
  test("defaults: the project's registry and chart name", () => {
    expect(chartLocation("X", undefined, defaults)).toEqual({ repository: "oci://quay.io/jetstack/charts", chart: "cert-manager" });
  });

  test("an OCI mirror: the chart is pulled from <repository>/<chart>:<version>", () => {
    expect(chartLocation("X", { repository: "oci://acrmedaldev.azurecr.io/helm" }, defaults)).toEqual({
      repository: "oci://acrmedaldev.azurecr.io/helm",
      chart: "cert-manager",
    });
  });

  test("a folder: the package helm pull writes, no repository", () => {
    expect(chartLocation("X", { folder: "/opt/charts" }, defaults)).toEqual({ chart: "/opt/charts/cert-manager-v1.21.2.tgz" });
  });

  test.each([
    ["https://charts.jetstack.io"],
    ["oci://acr.azurecr.io/helm/"],
    ["oci://ACR.azurecr.io/helm"],
    ["oci://acr.azurecr.io/helm/cert-manager:v1.21.2"],
  ])("fails on the repository %s", (repository) => {
    expect(() => chartLocation("X", { repository }, defaults)).toThrow(
      new RegExp(
        `^X: chartSource\\.repository must be an OCI repository oci://<host>/<path> .*\\(got "${repository.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"\\)\\. Fix: use e\\.g\\. oci://`,
      ),
    );
  });

  test.each([["charts"], ["./charts"], ["/opt/../charts"], ["/opt/charts/"]])("fails on the folder %s", (folder) => {
    expect(() => chartLocation("X", { folder }, defaults)).toThrow(
      /^X: chartSource\.folder must be an absolute, normalised path .*Fix: use e\.g\. \/opt\/charts/,
    );
  });
});

describe("chartSource on the platform's charts", () => {
  test("CertManager: from the mirror, version unchanged", () => {
    const [r] = releases(
      (scope) => new CertManager(scope, "CertManager", { namespace: "cert-manager", chartSource: { repository: "oci://acrmedaldev.azurecr.io/helm" } }),
    );
    expect(r).toMatchObject({ repository: "oci://acrmedaldev.azurecr.io/helm", chart: "cert-manager", version: CERT_MANAGER_DEFAULTS.chartVersion });
  });

  test("EnvoyGateway: from a folder, no repository", () => {
    const [r] = releases((scope) => new EnvoyGateway({ chartSource: { folder: "/opt/charts" } }).install(scope, "Gateway"));
    expect(r.repository).toBeUndefined();
    expect(r).toMatchObject({ chart: `/opt/charts/gateway-helm-${ENVOY_GATEWAY_DEFAULTS.chartVersion}.tgz`, version: ENVOY_GATEWAY_DEFAULTS.chartVersion });
  });

  test("fails on a bad source, naming the construct", () => {
    expect(() => new EnvoyGateway({ chartSource: { folder: "charts" } })).toThrow(/^EnvoyGateway: chartSource\.folder must be an absolute/);
    expect(() =>
      releases((scope) => new CertManager(scope, "CertManager", { namespace: "cert-manager", chartSource: { repository: "https://charts.jetstack.io" } })),
    ).toThrow(/CertManager: chartSource\.repository must be an OCI repository/);
  });

  test("fails to render a local chart for Flux, which cannot pull it", () => {
    expect(() =>
      fluxHelmRelease(
        { name: "eg", chart: "/opt/charts/gateway-helm-v1.9.1.tgz", version: "v1.9.1", namespace: "envoy-gateway-system" } as any,
        "flux-system",
        "prod-k8s-addons",
      ),
    ).toThrow(
      /^prod-k8s-addons: helm_release eg installs a local chart \(\/opt\/charts\/gateway-helm-v1\.9\.1\.tgz\), which Flux cannot pull\. Fix: give the chart a repository/,
    );
  });
});
