import { Testing } from "cdktf";
import {
  ISSUER_RESTRICTED_RESOURCES,
  IssuerNamespaceRestriction,
  IssuerNamespaceRestrictionProps,
} from "../../../constructs/kubernetes/issuer-admission-policy";
import { admits } from "../../support/admission";

const ISSUERS = ["letsencrypt-staging", "letsencrypt-prod"];

/** The policy and its binding, in that order. */
function synth(props: Partial<IssuerNamespaceRestrictionProps> = {}): any[] {
  const out = Testing.synthScope(
    (scope) => void new IssuerNamespaceRestriction(scope, "Reserved", { clusterIssuers: ISSUERS, namespace: "gateway", ...props }),
  );
  const all = Object.values<any>(JSON.parse(out).resource.kubernetes_manifest).map((r) => r.manifest);
  return ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"].map((k) => all.find((m) => m.kind === k));
}

const certificate = (issuerRef: Record<string, string>) => ({ metadata: { name: "c" }, spec: { issuerRef, dnsNames: ["shop.contoso.com"], secretName: "s" } });
const annotated = (annotations?: Record<string, string>) => ({ metadata: { name: "g", ...(annotations ? { annotations } : {}) }, spec: {} });

describe("IssuerNamespaceRestriction", () => {
  const [policy, binding] = synth();

  test("a ValidatingAdmissionPolicy on create and update of every object cert-manager signs through, bound with Deny", () => {
    expect(policy.kind).toBe("ValidatingAdmissionPolicy");
    expect(policy.spec.failurePolicy).toBe("Fail");
    expect(policy.spec.matchConstraints.resourceRules).toEqual(
      ISSUER_RESTRICTED_RESOURCES.map((r) => ({ apiGroups: r.apiGroups, apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: r.resources })),
    );
    expect(policy.spec.validations.every((v: any) => /serve namespace gateway only$/.test(v.message) && v.reason === "Forbidden")).toBe(true);
    expect(binding).toEqual({
      apiVersion: "admissionregistration.k8s.io/v1",
      kind: "ValidatingAdmissionPolicyBinding",
      metadata: { name: "cluster-issuers-gateway-only" },
      spec: { policyName: "cluster-issuers-gateway-only", validationActions: ["Deny"] },
    });
  });

  test.each([
    [
      "a Certificate from letsencrypt-prod elsewhere",
      "shop",
      "cert-manager.io",
      "certificates",
      certificate({ kind: "ClusterIssuer", name: "letsencrypt-prod" }),
    ],
    [
      "a CertificateRequest from letsencrypt-staging elsewhere",
      "shop",
      "cert-manager.io",
      "certificaterequests",
      certificate({ kind: "ClusterIssuer", name: "letsencrypt-staging", group: "cert-manager.io" }),
    ],
    ["an ACME Order naming the issuer", "shop", "acme.cert-manager.io", "orders", certificate({ kind: "ClusterIssuer", name: "letsencrypt-prod" })],
    [
      "a Gateway annotated for the cluster issuer",
      "shop",
      "gateway.networking.k8s.io",
      "gateways",
      annotated({ "cert-manager.io/cluster-issuer": "letsencrypt-prod" }),
    ],
    [
      "a ListenerSet annotated with issuer and issuer-kind",
      "shop",
      "gateway.networking.k8s.io",
      "listenersets",
      annotated({ "cert-manager.io/issuer": "letsencrypt-prod", "cert-manager.io/issuer-kind": "ClusterIssuer" }),
    ],
    [
      "an Ingress annotated for the cluster issuer",
      "shop",
      "networking.k8s.io",
      "ingresses",
      annotated({ "cert-manager.io/cluster-issuer": "letsencrypt-staging" }),
    ],
  ])("refuses %s", (_name, ns, group, resource, object) => {
    expect(admits(policy, ns, group, resource, object)).toBe(false);
  });

  test.each([
    [
      "the same Certificate in the reserved namespace",
      "gateway",
      "cert-manager.io",
      "certificates",
      certificate({ kind: "ClusterIssuer", name: "letsencrypt-prod" }),
    ],
    ["a Certificate from a namespaced Issuer of the same name", "shop", "cert-manager.io", "certificates", certificate({ name: "letsencrypt-prod" })],
    ["a Certificate from another ClusterIssuer", "shop", "cert-manager.io", "certificates", certificate({ kind: "ClusterIssuer", name: "internal-ca" })],
    ["an unannotated Gateway", "shop", "gateway.networking.k8s.io", "gateways", annotated()],
    [
      "a Gateway annotated for a namespaced Issuer of the same name",
      "shop",
      "gateway.networking.k8s.io",
      "gateways",
      annotated({ "cert-manager.io/issuer": "letsencrypt-prod" }),
    ],
    [
      "a Gateway annotated for another ClusterIssuer",
      "shop",
      "gateway.networking.k8s.io",
      "gateways",
      annotated({ "cert-manager.io/cluster-issuer": "internal-ca" }),
    ],
    ["a resource the policy does not match", "shop", "", "configmaps", annotated({ "cert-manager.io/cluster-issuer": "letsencrypt-prod" })],
  ])("admits %s", (_name, ns, group, resource, object) => {
    expect(admits(policy, ns, group, resource, object)).toBe(true);
  });

  test("name: another policy and binding name", () => {
    const [p, b] = synth({ name: "acme-reserved" });
    expect(p.metadata.name).toBe("acme-reserved");
    expect(b.spec.policyName).toBe("acme-reserved");
  });

  test("fails without issuers", () => {
    expect(() => synth({ clusterIssuers: [] })).toThrow(/Reserved: clusterIssuers must list at least one ClusterIssuer.*Fix:/);
  });

  test("fails on an invalid issuer name or namespace", () => {
    expect(() => synth({ clusterIssuers: ["Lets'Encrypt"] })).toThrow(/clusterIssuers\[0\] must be a ClusterIssuer name/);
    expect(() => synth({ namespace: "Gateway" })).toThrow(/namespace must be a DNS label \(got "Gateway"\)/);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ clusterIssuers: ["Lets'Encrypt"], namespace: "Gateway" })).toThrow(
      /Reserved: 2 problems:\n- \S*Reserved: clusterIssuers\[0\] must be a ClusterIssuer name.*\n- \S*Reserved: namespace must be a DNS label.*$/,
    );
  });
});
