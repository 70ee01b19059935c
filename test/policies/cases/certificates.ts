/** Fixtures of the certificate rules: what the ACME issuers solve for, and who can ask cert-manager. */
import { Testing } from "cdktf";
import { stringify } from "yaml";
import { IssuerNamespaceRestriction } from "../../../constructs/kubernetes/issuer-admission-policy";
import { K8S, manifest, Res, res, RuleCaseTable, view } from "../fixtures";

const ADDONS = "dev-k8s-addons";
const DNS01 = {
  azureDNS: {
    subscriptionID: "00000000-0000-0000-0000-000000000001",
    resourceGroupName: "rg-dns",
    hostedZoneName: "contoso.com",
    managedIdentity: { clientID: "11111111-2222-3333-4444-555555555555" },
  },
};
const HTTP01 = { gatewayHTTPRoute: { parentRefs: [{ name: "shared", namespace: "gateway" }] } };

const issuer = (solvers: any[], kind = "ClusterIssuer") =>
  manifest("issuer", "ClusterIssuers/letsencrypt-prod", {
    apiVersion: "cert-manager.io/v1",
    kind,
    metadata: { name: "letsencrypt-prod", ...(kind === "Issuer" ? { namespace: "gateway" } : {}) },
    spec: { acme: { server: "https://acme-v02.api.letsencrypt.org/directory", privateKeySecretRef: { name: "acct" }, solvers } },
  });
const ISSUER_PATH = `${K8S}/ClusterIssuers/letsencrypt-prod/Resource`;

/** The admission policy and binding IssuerNamespaceRestriction writes, as fixtures (`edit` changes the policy). */
function reservation(edit: (policy: any) => void = () => undefined, stack = K8S): Res[] {
  const out = Testing.synthScope(
    (scope) => void new IssuerNamespaceRestriction(scope, "Reserved", { clusterIssuers: ["letsencrypt-staging", "letsencrypt-prod"], namespace: "gateway" }),
  );
  return Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).map((r, i) => {
    const m = JSON.parse(JSON.stringify(r.manifest));
    if (m.kind === "ValidatingAdmissionPolicy") edit(m);
    return manifest(`reserved${i}`, `ClusterIssuers/Reserved/${m.kind}`, m, stack);
  });
}
const RESERVED = reservation();

const SAFE_VALUES = { global: { rbac: { aggregateClusterRoles: false } }, config: { controllers: ["*", "-ingress-shim"] } };
const certManager = (values: Record<string, any>, chart = "cert-manager") =>
  view(ADDONS, [res("helm_release", "cm", `${ADDONS}/CertManager/Release`, { name: "cert-manager", chart, values: [stringify(values)] })]);
const RELEASE_PATH = `${ADDONS}/CertManager/Release`;

export const CERTIFICATE_CASES: RuleCaseTable = {
  "K8S-013": {
    compliant: {
      "each solver names its names": view(K8S, [
        ...RESERVED,
        issuer([
          { selector: { dnsNames: ["shop.fabrikam.com"] }, http01: HTTP01 },
          { selector: { dnsNames: ["*.contoso.com"] }, dns01: DNS01 },
        ]),
      ]),
      "a CA issuer has no ACME solvers": view(K8S, [
        manifest("ca", "CaIssuer", { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "ca" }, spec: { ca: { secretName: "ca" } } }),
      ]),
    },
    violating: {
      "a DNS-01 solver selected by zone answers for every name in it": {
        view: view(K8S, [...RESERVED, issuer([{ selector: { dnsZones: ["contoso.com"] }, dns01: DNS01 }])]),
        expected: [{ path: ISSUER_PATH, message: /^ClusterIssuer letsencrypt-prod solver 0 \(dns01\) names no DNS names$/ }],
      },
      "a catch-all HTTP-01 solver in a namespaced Issuer": {
        view: view(K8S, [issuer([{ http01: HTTP01 }, { selector: { dnsNames: [] }, dns01: DNS01 }], "Issuer")]),
        expected: [
          { path: ISSUER_PATH, message: /^Issuer letsencrypt-prod solver 0 \(http01\) names no DNS names$/ },
          { path: ISSUER_PATH, message: /^Issuer letsencrypt-prod solver 1 \(dns01\) names no DNS names$/ },
        ],
      },
    },
  },
  "K8S-014": {
    compliant: {
      "no aggregation, ingress-shim off": certManager(SAFE_VALUES),
      "an explicit controller list without the ingress-shim": certManager({
        global: { rbac: { aggregateClusterRoles: false } },
        extraArgs: ["--controllers=issuers,clusterissuers,certificates-issuing,gateway-shim"],
      }),
      "another chart is not this rule's": certManager({}, "gateway-helm"),
    },
    violating: {
      "the chart's defaults": {
        view: certManager({}),
        expected: [{ path: RELEASE_PATH, message: /^release cert-manager aggregates certificate rights into edit\/admin and runs the ingress-shim$/ }],
      },
      "aggregation on, ingress-shim off": {
        view: certManager({ ...SAFE_VALUES, global: { rbac: { aggregateClusterRoles: true } } }),
        expected: [{ path: RELEASE_PATH, message: /^release cert-manager aggregates certificate rights into edit\/admin$/ }],
      },
      "only controllers disabled, so * is implied": {
        view: certManager({ ...SAFE_VALUES, config: { controllers: ["-certificaterequests-approver"] } }),
        expected: [{ path: RELEASE_PATH, message: /^release cert-manager runs the ingress-shim$/ }],
      },
    },
  },
  "K8S-016": {
    compliant: {
      "both issuers reserved by the policy AcmeClusterIssuers writes": view(K8S, [
        ...RESERVED,
        issuer([{ selector: { dnsNames: ["shop.contoso.com"] }, http01: HTTP01 }]),
      ]),
      "the policy in a sibling stack counts": view(K8S, [issuer([{ selector: { dnsNames: ["shop.contoso.com"] }, http01: HTTP01 }])], {
        siblings: [view("dev-k8s-addons", reservation(undefined, "dev-k8s-addons"))],
      }),
      "a non-ACME ClusterIssuer is not this rule's": view(K8S, [
        manifest("ca", "CaIssuer", { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "ca" }, spec: { ca: { secretName: "ca" } } }),
      ]),
    },
    violating: {
      "no admission policy": {
        view: view(K8S, [issuer([{ selector: { dnsNames: ["shop.contoso.com"] }, http01: HTTP01 }])]),
        expected: [{ path: ISSUER_PATH, message: /^ClusterIssuer letsencrypt-prod can be used from every namespace \(no admission policy reserves it\)$/ }],
      },
      "a policy that forgets ACME Orders": {
        view: view(K8S, [
          ...reservation(
            (p) =>
              (p.spec.matchConstraints.resourceRules = p.spec.matchConstraints.resourceRules.filter((r: any) => r.apiGroups[0] !== "acme.cert-manager.io")),
          ),
          issuer([{ selector: { dnsNames: ["shop.contoso.com"] }, http01: HTTP01 }]),
        ]),
        expected: [{ path: ISSUER_PATH, message: /no admission policy reserves it/ }],
      },
      "a policy that only warns (failurePolicy Ignore)": {
        view: view(K8S, [...reservation((p) => (p.spec.failurePolicy = "Ignore")), issuer([{ selector: { dnsNames: ["shop.contoso.com"] }, http01: HTTP01 }])]),
        expected: [{ path: ISSUER_PATH, message: /no admission policy reserves it/ }],
      },
    },
  },
};
