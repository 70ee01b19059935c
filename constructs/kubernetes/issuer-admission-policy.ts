import { ValidatingAdmissionPolicy } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy";
import { ValidatingAdmissionPolicyBinding } from "kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding";
import { Construct } from "constructs";
import { checkPattern, collectProblems, propError } from "../core/validation";
import { KubeObject } from "./kube-object";
import { DNS_LABEL, DNS_SUBDOMAIN } from "./k8s-names";

/**
 * Who may ask the platform's publicly trusted ClusterIssuers for a certificate. Kubernetes RBAC alone cannot say:
 * with AKS's Azure RBAC, "Azure Kubernetes Service RBAC Admin" on a namespace grants every verb on every resource
 * in it (Certificates, CertificateRequests, ACME Orders, annotated Gateways and Ingresses included), whatever the
 * cert-manager chart aggregates. A ValidatingAdmissionPolicy (built into the API server, no webhook) refuses, in
 * every other namespace, each object through which cert-manager would sign with those issuers:
 * - `cert-manager.io` Certificates and CertificateRequests, `acme.cert-manager.io` Orders and Challenges whose
 *   `spec.issuerRef` names one of them as a ClusterIssuer;
 * - Gateways, ListenerSets (`gateway.networking.k8s.io`) and Ingresses annotated for one of them
 *   (`cert-manager.io/cluster-issuer`, or `cert-manager.io/issuer` with `issuer-kind: ClusterIssuer`), which
 *   cert-manager's shims turn into Certificates.
 * Cluster administrators can still delete the policy: it stops namespace-level rights, not cluster-level ones.
 */

/** Props of {@link IssuerNamespaceRestriction}. */
export interface IssuerNamespaceRestrictionProps {
  /** Names of the ClusterIssuers to reserve. */
  readonly clusterIssuers: string[];
  /** The only namespace whose objects may use them (the shared Gateway's). */
  readonly namespace: string;
  /**
   * Name of the policy and of its binding.
   * @default "cluster-issuers-<namespace>-only"
   */
  readonly name?: string;
}

/** The resources the policy matches: every object through which cert-manager signs with a ClusterIssuer. */
export const ISSUER_RESTRICTED_RESOURCES = [
  { apiGroups: ["cert-manager.io"], resources: ["certificates", "certificaterequests"] },
  { apiGroups: ["acme.cert-manager.io"], resources: ["orders", "challenges"] },
  { apiGroups: ["gateway.networking.k8s.io"], resources: ["gateways", "listenersets"] },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses"] },
] as const;

/** CEL of the policy's variables and validations (Kubernetes ValidatingAdmissionPolicy dialect). */
export function issuerRestrictionCel(clusterIssuers: readonly string[]) {
  const issuers = `[${clusterIssuers.map((n) => `'${n}'`).join(", ")}]`;
  return {
    variables: [
      { name: "issuers", expression: issuers },
      { name: "annotations", expression: "has(object.metadata.annotations) ? object.metadata.annotations : {}" },
    ],
    validations: [
      {
        // Objects that name their issuer: cert-manager's and the ACME ones.
        expression:
          "!(request.resource.group in ['cert-manager.io', 'acme.cert-manager.io']) || " +
          "!(has(object.spec.issuerRef) && has(object.spec.issuerRef.kind) && object.spec.issuerRef.kind == 'ClusterIssuer' && object.spec.issuerRef.name in variables.issuers)",
        reason: "Forbidden",
      },
      {
        // Objects cert-manager's shims issue for, by annotation.
        expression:
          "request.resource.group in ['cert-manager.io', 'acme.cert-manager.io'] || !(" +
          "('cert-manager.io/cluster-issuer' in variables.annotations && variables.annotations['cert-manager.io/cluster-issuer'] in variables.issuers) || " +
          "('cert-manager.io/issuer' in variables.annotations && variables.annotations['cert-manager.io/issuer'] in variables.issuers && " +
          "'cert-manager.io/issuer-kind' in variables.annotations && variables.annotations['cert-manager.io/issuer-kind'] == 'ClusterIssuer'))",
        reason: "Forbidden",
      },
    ],
  };
}

/**
 * Reserves ClusterIssuers to one namespace with a ValidatingAdmissionPolicy and its Deny binding.
 *
 * @example
 * ```ts
 * new IssuerNamespaceRestriction(this, "IssuerRestriction", { clusterIssuers: ["letsencrypt-prod"], namespace: "gateway" });
 * ```
 */
export class IssuerNamespaceRestriction extends Construct {
  public readonly policy: KubeObject;
  public readonly binding: KubeObject;
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: IssuerNamespaceRestrictionProps) {
    super(scope, id);
    this.policyName = props.name ?? `cluster-issuers-${props.namespace}-only`;
    collectProblems(this, [
      () => {
        if (props.clusterIssuers.length === 0) {
          throw propError(this, "clusterIssuers", "must list at least one ClusterIssuer", [], "pass the issuers to reserve, e.g. letsencrypt-prod.");
        }
      },
      ...props.clusterIssuers.map((n, i) => () => checkPattern(this, `clusterIssuers[${i}]`, n, DNS_SUBDOMAIN, "a ClusterIssuer name (DNS subdomain)")),
      // The default name is derived from the namespace, so it is checked after it.
      () => {
        checkPattern(this, "namespace", props.namespace, DNS_LABEL, "a DNS label");
        checkPattern(this, "name", this.policyName, DNS_SUBDOMAIN, "a DNS subdomain");
      },
    ]);
    const cel = issuerRestrictionCel(props.clusterIssuers);
    const message = `the ClusterIssuers ${props.clusterIssuers.join(", ")} sign publicly trusted certificates for the platform's names and serve namespace ${props.namespace} only`;

    this.policy = new KubeObject(this, "Policy", {
      render: () =>
        new ValidatingAdmissionPolicy({
          metadata: { name: this.policyName },
          spec: {
            failurePolicy: "Fail",
            matchConstraints: {
              resourceRules: ISSUER_RESTRICTED_RESOURCES.map((r) => ({
                apiGroups: [...r.apiGroups],
                apiVersions: ["*"],
                operations: ["CREATE", "UPDATE"],
                resources: [...r.resources],
              })),
            },
            matchConditions: [{ name: "outside-the-reserved-namespace", expression: `request.namespace != '${props.namespace}'` }],
            variables: cel.variables,
            validations: cel.validations.map((v) => ({ ...v, message })),
          },
        }),
    });
    this.binding = new KubeObject(this, "Binding", {
      render: () =>
        new ValidatingAdmissionPolicyBinding({
          metadata: { name: this.policyName },
          spec: { policyName: this.policyName, validationActions: ["Deny"] },
        }),
    });
  }
}
