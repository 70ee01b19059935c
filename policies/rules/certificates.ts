import { manifests, releaseValues } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, Violation } from "../types";

/**
 * Rules about who can obtain a publicly trusted certificate through the cluster's cert-manager: which names its
 * issuers solve challenges for, and who may ask.
 */

const ISSUER_KINDS = ["ClusterIssuer", "Issuer"];

/** The controllers a cert-manager release runs, from `config.controllers` or a `--controllers=` flag. */
function controllersOf(values: any): string[] {
  const flag = ([] as unknown[]).concat(values.extraArgs ?? []).find((a): a is string => typeof a === "string" && a.startsWith("--controllers="));
  if (flag) return flag.slice("--controllers=".length).split(",");
  return Array.isArray(values.config?.controllers) ? values.config.controllers : ["*"];
}

/** True when the ingress-shim runs: named, or implied by `*` without `-ingress-shim`. */
function runsIngressShim(controllers: readonly string[]): boolean {
  if (controllers.includes("-ingress-shim")) return false;
  return controllers.includes("ingress-shim") || controllers.includes("*") || controllers.every((c) => c.startsWith("-"));
}

export const CERTIFICATE_RULES: PolicyRule[] = [
  stackRule({
    id: "K8S-013",
    severity: "high",
    title: "Every ACME solver names the DNS names it may solve for",
    rationale:
      "A solver without a dnsNames selector (or selected by zone) answers challenges for any name: whoever can request a certificate from the issuer gets a publicly trusted one for any host in the corporate zone.",
    fix: "give every solver selector.dnsNames with exactly the names the platform issues (AcmeClusterIssuers dnsNames)",
    check: (stack) =>
      manifests(stack)
        .filter((m) => ISSUER_KINDS.includes(m.manifest.kind) && m.manifest.spec?.acme)
        .flatMap((m): Violation[] => {
          const solvers: any[] = m.manifest.spec.acme.solvers ?? [];
          const open = solvers.map((sv, i) => ({ sv, i })).filter(({ sv }) => !(Array.isArray(sv.selector?.dnsNames) && sv.selector.dnsNames.length > 0));
          return open.map(({ sv, i }) => ({
            resource: m,
            message: `${m.manifest.kind} ${m.manifest.metadata.name} solver ${i} (${sv.dns01 ? "dns01" : sv.http01 ? "http01" : "unknown"}) names no DNS names`,
          }));
        }),
  }),
  resourceRule({
    id: "K8S-014",
    severity: "high",
    title: "Only the platform can request certificates: cert-manager aggregates no rights into edit/admin and runs no ingress-shim",
    rationale:
      "By default the chart lets every namespace editor create Certificates, and the ingress-shim issues one for any annotated Ingress; the ClusterIssuers then sign for them with the platform's DNS rights.",
    fix: "set global.rbac.aggregateClusterRoles: false and config.controllers: [\"*\", \"-ingress-shim\"] (the CertManager construct's defaults)",
    types: ["helm_release"],
    test: (a, r) => {
      if (a.chart !== "cert-manager") return undefined;
      const values = releaseValues(r);
      const problems = [
        ...(values.global?.rbac?.aggregateClusterRoles !== false ? ["aggregates certificate rights into edit/admin"] : []),
        ...(runsIngressShim(controllersOf(values)) ? ["runs the ingress-shim"] : []),
      ];
      return problems.length ? `release ${a.name} ${problems.join(" and ")}` : undefined;
    },
  }),
];

