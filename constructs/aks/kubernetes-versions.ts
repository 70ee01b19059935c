/**
 * Which Kubernetes minor versions a new AKS cluster may run. AKS supports each minor for about 12 months after its
 * AKS GA (longer only on the Premium tier's LTS plan); upstream Kubernetes supports a minor for about 14 months.
 * Run past AKS's end of life, a cluster gets no patches and AKS upgrades it on its own schedule.
 *
 * Source: the AKS Kubernetes release calendar (learn.microsoft.com/azure/aks/supported-kubernetes-versions and the
 * Azure/AKS release notes), and kubernetes.io/releases for upstream end of life. Reviewed on {@link
 * AKS_KUBERNETES_SUPPORT.reviewed}; review it again before the oldest entry's end of life.
 */
export const AKS_KUBERNETES_SUPPORT = {
  /** The day this table was last checked against the calendar. */
  reviewed: "2026-12-01",
  /** The oldest minor accepted for a cluster (1.34 left AKS support in November 2026, 1.33 in July 2026). */
  minimum: "1.35",
  /**
   * AKS end of life per minor: the month AKS stops supporting it (support is counted until the first day of that
   * month, conservatively). Upstream end of life: 1.35 2027-02-28, 1.36 2027-06-28, 1.37 2027-10-28.
   */
  endOfLife: {
    "1.35": "2027-03",
    "1.36": "2027-06",
    "1.37": "2027-10",
  } as Readonly<Record<string, string>>,
} as const;

/** The version new environments get: the newest minor that has been generally available on AKS for months. */
export const AKS_DEFAULT_KUBERNETES_VERSION = "1.36";

/** `[major, minor]` of "1.NN", or undefined for anything else. */
function parseMinor(version: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Orders two "1.NN" versions (negative when `a` is older). */
export function compareMinor(a: string, b: string): number {
  const [pa, pb] = [parseMinor(a), parseMinor(b)];
  if (!pa || !pb) throw new Error(`not a minor version: ${pa ? b : a}`);
  return pa[0] - pb[0] || pa[1] - pb[1];
}

/** True when `version` ("1.NN") is at least {@link AKS_KUBERNETES_SUPPORT.minimum}. */
export function isSupportedKubernetesMinor(version: string): boolean {
  return parseMinor(version) !== undefined && compareMinor(version, AKS_KUBERNETES_SUPPORT.minimum) >= 0;
}

/**
 * Why `version` must not run on `today` (YYYY-MM-DD): older than the minimum, or at or past its AKS end of life.
 * Undefined when it may run (a minor newer than the table is accepted: it is newer than anything reviewed).
 */
export function kubernetesVersionProblem(version: string, today: string): string | undefined {
  if (!parseMinor(version)) return `${version} is not a minor version such as ${AKS_DEFAULT_KUBERNETES_VERSION}`;
  const { minimum, endOfLife, reviewed } = AKS_KUBERNETES_SUPPORT;
  if (!isSupportedKubernetesMinor(version))
    return `Kubernetes ${version} is older than ${minimum}, the oldest minor AKS supports (calendar reviewed ${reviewed})`;
  const end = endOfLife[version];
  if (end !== undefined && today >= `${end}-01`) return `Kubernetes ${version} reaches AKS end of life in ${end} (calendar reviewed ${reviewed})`;
  return undefined;
}
