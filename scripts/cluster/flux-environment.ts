/**
 * An environment delivered by Flux (`kubernetes.delivery: flux`): its rendered folder `cdktf.out/gitops/<env>/`
 * applied as Flux would, with the Helm releases its HelmRelease objects describe installed by the real Helm.
 *
 * - Seeded besides what AKS creates: what AKS's Flux extension creates before the folder is reconciled: the
 *   `flux-system` namespace and the CRDs of the HelmRelease and OCIRepository kinds, from the Flux release the
 *   rendering is typed against (Flux 2.7: helm-controller v1.4.0, source-controller v1.7.0, module downloads).
 * - Flux's post-build variables (`${NAME}`) are replaced by a placeholder client id, as the cluster's Flux
 *   configuration replaces them by the identities' client ids.
 * - The releases: chart and version from the OCIRepository a HelmRelease names, values from its `spec.values`,
 *   CRDs as its `install.crds` says; installed into `targetNamespace`. No Flux controller runs here: what
 *   helm-controller adds (its own install options, drift detection) is not exercised.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { moduleDir, yamlDocuments } from "../module-sources";
import { KubeObject } from "./aks-objects";
import { TEMPLATE_REFERENCE } from "../../stacks/manifest-files";
import { objectsIn } from "./checks";
import { HelmReleaseSpec } from "./helm-releases";

/** The Flux components whose CRDs are seeded (Flux 2.7.0). */
export const FLUX_CRD_SOURCES = [
  { module: "github.com/fluxcd/helm-controller", version: "v1.4.0", file: "config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml" },
  { module: "github.com/fluxcd/source-controller", version: "v1.7.0", file: "config/crd/bases/source.toolkit.fluxcd.io_ocirepositories.yaml" },
] as const;

/** The placeholder every Flux variable (and Terraform data-source reference) is replaced with: a client id in the shipped stacks. */
export const FLUX_VARIABLE_PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

/** What the Flux extension creates before the rendered folder is reconciled. */
export function fluxInstallation(): KubeObject[] {
  const crds = FLUX_CRD_SOURCES.flatMap((s) => yamlDocuments<KubeObject>(readFileSync(join(moduleDir(s.module, s.version), s.file), "utf8")));
  return [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "flux-system" } }, ...crds];
}

/** The objects of a rendered Flux folder, with the post-build variables replaced. */
export function fluxObjects(dir: string): KubeObject[] {
  if (!existsSync(dir)) return [];
  return objectsIn(dir).map(({ file, object }) => {
    const text = JSON.stringify(object).replace(TEMPLATE_REFERENCE, (_match, before: string, name: string) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new Error(`${file}: \${${name}} is not a plain Flux variable (validate:cluster substitutes only \${NAME})`);
      return `${before}${FLUX_VARIABLE_PLACEHOLDER}`;
    });
    return JSON.parse(text) as KubeObject;
  });
}

/** The Helm releases the HelmRelease objects describe, through the OCIRepository each names. */
export function fluxReleases(objects: readonly KubeObject[]): HelmReleaseSpec[] {
  const sources = new Map(objects.filter((o) => o.kind === "OCIRepository").map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.spec as any]));
  return objects
    .filter((o) => o.kind === "HelmRelease")
    .map((o) => {
      const spec = o.spec as any;
      const ref = spec.chartRef;
      if (ref?.kind !== "OCIRepository") throw new Error(`HelmRelease ${o.metadata.name}: validate:cluster reads charts from an OCIRepository chartRef only`);
      if (spec.valuesFrom) throw new Error(`HelmRelease ${o.metadata.name}: valuesFrom is not replayed by validate:cluster`);
      const source = sources.get(`${ref.namespace ?? o.metadata.namespace}/${ref.name}`);
      if (!source) throw new Error(`HelmRelease ${o.metadata.name}: its OCIRepository ${ref.name} is not in the rendered folder`);
      return {
        name: spec.releaseName ?? o.metadata.name,
        chart: String(source.url).split("/").pop()!,
        version: source.ref.tag,
        namespace: spec.targetNamespace ?? o.metadata.namespace!,
        values: spec.values ? [stringify(spec.values)] : [],
        createNamespace: spec.install?.createNamespace === true,
        skipCrds: spec.install?.crds === "Skip",
      };
    });
}
