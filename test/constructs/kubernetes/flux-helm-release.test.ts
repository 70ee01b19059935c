import { fluxHelmRelease, HELM_CHART_LAYER, HelmReleaseArguments, mergeValues } from "../../../constructs/kubernetes/flux-helm-release";

const oci: HelmReleaseArguments = {
  name: "cert-manager",
  namespace: "cert-manager",
  chart: "cert-manager",
  repository: "oci://quay.io/jetstack/charts",
  version: "v1.21.2",
  values: ["replicaCount: 2\ncrds:\n  enabled: true\n", "crds:\n  keep: true\n"],
  timeout: 600,
  cleanup_on_fail: true,
  wait: true,
};

describe("fluxHelmRelease", () => {
  test("an oci:// chart: an OCIRepository of the chart at the pinned tag and a HelmRelease that installs it as Helm would", () => {
    const [source, release] = fluxHelmRelease(oci, "flux-system", "x/Release") as any[];
    expect(source).toEqual({
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: { name: "cert-manager", namespace: "flux-system" },
      spec: {
        interval: "1h",
        url: "oci://quay.io/jetstack/charts/cert-manager",
        ref: { tag: "v1.21.2" },
        layerSelector: { mediaType: HELM_CHART_LAYER, operation: "copy" },
      },
    });
    expect(release.apiVersion).toBe("helm.toolkit.fluxcd.io/v2");
    expect(release.spec).toMatchObject({
      releaseName: "cert-manager",
      targetNamespace: "cert-manager",
      storageNamespace: "cert-manager",
      chartRef: { kind: "OCIRepository", name: "cert-manager", namespace: "flux-system" },
      timeout: "600s",
      install: { crds: "Create", createNamespace: false, disableWait: false, remediation: { retries: 3 } },
      upgrade: { crds: "Skip", cleanupOnFail: true, disableWait: false, remediation: { retries: 3, strategy: "rollback" } },
      values: { replicaCount: 2, crds: { enabled: true, keep: true } },
    });
  });

  test("a chart mirrored in an Azure registry: the OCIRepository signs in with provider azure", () => {
    const [source] = fluxHelmRelease({ ...oci, repository: "oci://acrmedalprodweu8f6d.azurecr.io/helm" }, "flux-system", "x/Release") as any[];
    expect(source.spec).toEqual({
      interval: "1h",
      url: "oci://acrmedalprodweu8f6d.azurecr.io/helm/cert-manager",
      ref: { tag: "v1.21.2" },
      provider: "azure",
      layerSelector: { mediaType: HELM_CHART_LAYER, operation: "copy" },
    });
  });

  test("an https repository: a HelmRepository and a chart spec with the version", () => {
    const [source, release] = fluxHelmRelease({ ...oci, repository: "https://charts.jetstack.io" }, "flux-system", "x") as any[];
    expect(source).toMatchObject({ kind: "HelmRepository", spec: { url: "https://charts.jetstack.io" } });
    expect(release.spec.chart.spec).toEqual({
      chart: "cert-manager",
      version: "v1.21.2",
      sourceRef: { kind: "HelmRepository", name: "cert-manager", namespace: "flux-system" },
    });
    expect(release.spec.chartRef).toBeUndefined();
  });

  test("skip_crds, create_namespace and wait carry over", () => {
    const [, release] = fluxHelmRelease({ ...oci, skip_crds: true, create_namespace: true, wait: false }, "flux-system", "x") as any[];
    expect(release.spec.install).toMatchObject({ crds: "Skip", createNamespace: true, disableWait: true });
    expect(release.spec.upgrade).toMatchObject({ crds: "Skip", disableWait: true });
  });

  test("mergeValues merges maps key by key, later documents win, lists are replaced", () => {
    expect(mergeValues(["a: {b: 1, c: [1, 2]}\nd: x", "a: {c: [3]}\nd: y", ""])).toEqual({ a: { b: 1, c: [3] }, d: "y" });
  });

  test("fails on set, which the rendering does not carry over", () => {
    expect(() => fluxHelmRelease({ ...oci, set: [{ name: "a", value: "b" }] }, "flux-system", "prod-k8s-addons/CertManager/Release")).toThrow(
      "prod-k8s-addons/CertManager/Release: helm_release cert-manager uses set, which the Flux rendering does not carry over. Fix: pass the values in values.",
    );
  });

  test("fails when an object does not match the Flux CRD schema", () => {
    expect(() => fluxHelmRelease({ ...oci, name: "" }, "flux-system", "x/Release")).toThrow(/x\/Release: OCIRepository has no metadata.name/);
  });
});
