import { parse } from "yaml";
import { fluxModels } from "./flux-models";
import { KubeManifest, renderModel } from "./kube-object";

/** The synthesized arguments of a `helm_release` (helm provider 3.x) that a Flux HelmRelease carries over. */
export interface HelmReleaseArguments {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly repository?: string;
  readonly version: string;
  /** YAML documents, merged in order. */
  readonly values?: readonly string[];
  readonly set?: readonly unknown[];
  readonly skip_crds?: boolean;
  readonly create_namespace?: boolean;
  readonly cleanup_on_fail?: boolean;
  readonly wait?: boolean;
  /** Seconds. */
  readonly timeout?: number;
}

/** The layer media type of a Helm chart in an OCI registry (copied as is: helm-controller reads the tarball). */
export const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Helm's merge of values files: later documents win, maps merge key by key, lists are replaced. */
export function mergeValues(documents: readonly string[]): Record<string, unknown> {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      [...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, isObject(a[k]) && isObject(b[k]) ? merge(a[k], b[k]) : k in b ? b[k] : a[k]]),
    );
  return documents.reduce<Record<string, unknown>>((acc, doc) => merge(acc, (parse(doc) ?? {}) as Record<string, unknown>), {});
}

/**
 * The Flux objects that install what a `helm_release` installs: its chart source (an OCIRepository for `oci://`
 * repositories, else a HelmRepository) and a HelmRelease with the same release name, target namespace, Helm storage
 * namespace, chart version, values, CRD handling and timeout. Both live in Flux's namespace (`sourceNamespace`),
 * so no reference crosses namespaces. Validated against the Flux CRD schemas.
 */
export function fluxHelmRelease(release: HelmReleaseArguments, sourceNamespace: string, where: string): KubeManifest[] {
  if (release.set && release.set.length > 0) {
    throw new Error(`${where}: helm_release ${release.name} uses set, which the Flux rendering does not carry over. Fix: pass the values in values.`);
  }
  if (!release.repository) {
    throw new Error(
      `${where}: helm_release ${release.name} installs a local chart (${release.chart}), which Flux cannot pull. Fix: give the chart a repository (an OCI mirror the cluster reaches).`,
    );
  }
  const { HelmRelease, HelmRepository, OCIRepository } = fluxModels();
  const oci = release.repository.startsWith("oci://");
  const source = oci
    ? new OCIRepository({
        metadata: { name: release.name, namespace: sourceNamespace },
        spec: {
          interval: "1h",
          url: `${release.repository.replace(/\/$/, "")}/${release.chart}`,
          ref: { tag: release.version },
          // An Azure registry (a mirror of the charts, kubernetes.charts) allows no anonymous pull: source-controller
          // signs in with the node's identity, as for the rendered folder (the kubelet identity holds AcrPull on the
          // environment's registry).
          ...(/^oci:\/\/[^/]+\.azurecr\.io(\/|$)/.test(release.repository) ? { provider: "azure" as const } : {}),
          layerSelector: { mediaType: HELM_CHART_LAYER, operation: "copy" },
        },
      })
    : new HelmRepository({ metadata: { name: release.name, namespace: sourceNamespace }, spec: { interval: "1h", url: release.repository } });
  // As Helm (and so the helm provider) does: CRDs of the chart's crds/ folder are created on install when absent
  // and never touched on upgrade (Envoy Gateway's chart must not replace the pinned Gateway API bundle).
  const crds = { install: release.skip_crds ? "Skip" : "Create", upgrade: "Skip" };
  const helmRelease = new HelmRelease({
    metadata: { name: release.name, namespace: sourceNamespace },
    spec: {
      interval: "30m",
      releaseName: release.name,
      targetNamespace: release.namespace,
      storageNamespace: release.namespace,
      ...(oci
        ? { chartRef: { kind: "OCIRepository", name: release.name, namespace: sourceNamespace } }
        : {
            chart: {
              spec: { chart: release.chart, version: release.version, sourceRef: { kind: "HelmRepository", name: release.name, namespace: sourceNamespace } },
            },
          }),
      ...(release.timeout ? { timeout: `${release.timeout}s` } : {}),
      install: {
        crds: crds.install as "Skip" | "Create",
        createNamespace: release.create_namespace ?? false,
        disableWait: release.wait === false,
        remediation: { retries: 3 },
      },
      upgrade: {
        crds: crds.upgrade as "Skip",
        cleanupOnFail: release.cleanup_on_fail ?? false,
        disableWait: release.wait === false,
        remediation: { retries: 3, strategy: "rollback" },
      },
      values: mergeValues(release.values ?? []) as never,
    },
  });
  return [renderModel(source, where), renderModel(helmRelease, where)];
}
