import { ISSUER_RESTRICTED_RESOURCES } from "../../constructs/kubernetes/issuer-admission-policy";
import { environmentStacks, manifests, releaseValues } from "../stack-view";
import { resourceRule, stackRule } from "../rule-helpers";
import { PolicyRule, Violation } from "../types";

/**
 * Rules about who can obtain a publicly trusted certificate through the cluster's cert-manager: which names its
 * issuers solve challenges for, and who may ask.
 */

const ISSUER_KINDS = ["ClusterIssuer", "Issuer"];

/** True when a ValidatingAdmissionPolicy reserves `issuer`: it matches every resource cert-manager signs through, names the issuer, and a Deny binding uses it. */
function reserves(policy: any, bindings: readonly any[], issuer: string): boolean {
  const rules: any[] = policy.spec?.matchConstraints?.resourceRules ?? [];
  const covers = ISSUER_RESTRICTED_RESOURCES.every((r) =>
    r.resources.every((res) =>
      rules.some((rule) => rule.apiGroups?.includes(r.apiGroups[0]) && rule.resources?.includes(res) && rule.operations?.includes("CREATE")),
    ),
  );
  const names = JSON.stringify([policy.spec?.variables ?? [], policy.spec?.validations ?? []]).includes(`'${issuer}'`);
  const bound = bindings.some((b) => b.spec?.policyName === policy.metadata?.name && (b.spec?.validationActions ?? []).includes("Deny"));
  return covers && names && bound && policy.spec?.failurePolicy !== "Ignore";
}

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
    fix: 'set global.rbac.aggregateClusterRoles: false and config.controllers: ["*", "-ingress-shim"] (the CertManager construct\'s defaults)',
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
  stackRule({
    id: "K8S-016",
    severity: "high",
    title: "Publicly trusted ACME ClusterIssuers are reserved to one namespace by an admission policy",
    rationale:
      'Kubernetes RBAC cannot stop it alone: with AKS Azure RBAC, a namespace-scoped "Azure Kubernetes Service RBAC Admin" may create Certificates, ACME Orders or annotated Gateways in its namespace and obtain a certificate for the platform\'s names.',
    fix: "add a ValidatingAdmissionPolicy with a Deny binding that refuses, outside the gateway's namespace, cert-manager objects and annotated Gateways, ListenerSets and Ingresses naming the issuer (AcmeClusterIssuers reservedNamespace, the default)",
    check: (stack) => {
      const known = environmentStacks(stack);
      const policies = known.flatMap((s) => manifests(s, "ValidatingAdmissionPolicy")).map((m) => m.manifest);
      const bindings = known.flatMap((s) => manifests(s, "ValidatingAdmissionPolicyBinding")).map((m) => m.manifest);
      return manifests(stack, "ClusterIssuer")
        .filter((m) => m.manifest.spec?.acme)
        .filter((m) => !policies.some((p) => reserves(p, bindings, m.manifest.metadata.name)))
        .map((m) => ({ resource: m, message: `ClusterIssuer ${m.manifest.metadata.name} can be used from every namespace (no admission policy reserves it)` }));
    },
  }),
];
