import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { IPrincipal, PrincipalType, ResourcePlacement } from "../core/interfaces";
import { grantRole } from "../core/role-assignments";
import { checkPattern, collectProblems, isKnown } from "../core/validation";
import { DNS_LABEL, DNS_SUBDOMAIN } from "../kubernetes/k8s-names";

/** Audience of Microsoft Entra workload identity federation tokens. */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

/** Props of {@link WorkloadIdentity}. */
export interface WorkloadIdentityProps extends ResourcePlacement {
  /** Name of the user-assigned managed identity (3-128 letters, digits, hyphens and underscores). */
  readonly name: string;
  /** OIDC issuer URL of the cluster (`AksCluster.oidcIssuerUrl`). */
  readonly oidcIssuerUrl: string;
  /** Kubernetes namespace of the service account (DNS-1123 label). */
  readonly namespace: string;
  /** Kubernetes service account name (DNS-1123 subdomain). */
  readonly serviceAccount: string;
  /**
   * Name of the federated identity credential (3-120 letters, digits, hyphens and underscores).
   * @default "<namespace>-<serviceAccount>" (dots replaced by hyphens)
   */
  readonly credentialName?: string;
}

/**
 * A Microsoft Entra workload identity for one Kubernetes service account: a user-assigned managed identity with a
 * federated credential that trusts tokens the cluster's OIDC issuer signs for
 * `system:serviceaccount:<namespace>:<serviceAccount>` (audience `api://AzureADTokenExchange`). Annotate the
 * service account with `azure.workload.identity/client-id: <clientId>` and label its pods
 * `azure.workload.identity/use: "true"`. No secret exists anywhere.
 *
 * @example
 * ```ts
 * const certManagerIdentity = new WorkloadIdentity(this, "CertManagerIdentity", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   name: "id-aks-dev-cert-manager",
 *   oidcIssuerUrl: cluster.oidcIssuerUrl,
 *   namespace: "cert-manager",
 *   serviceAccount: "cert-manager",
 * });
 * ```
 */
export class WorkloadIdentity extends Construct implements IPrincipal {
  /** The `azurerm_user_assigned_identity`. */
  public readonly resource: UserAssignedIdentity;
  /** The `azurerm_federated_identity_credential`. */
  public readonly credential: FederatedIdentityCredential;
  /** Resource id of the identity. */
  public readonly id: string;
  /** Client (application) id: the service account's `azure.workload.identity/client-id` annotation. */
  public readonly clientId: string;
  /** Object id of the identity's service principal. */
  public readonly principalId: string;
  public readonly principalType: PrincipalType = "ServicePrincipal";
  /** The federated subject, `system:serviceaccount:<namespace>:<serviceAccount>`. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const credentialName = props.credentialName ?? `${props.namespace}-${props.serviceAccount}`.replace(/\./g, "-");
    // The default credential name is derived from the namespace and service account: checked once they are valid.
    const invalid = (value: string, pattern: RegExp) => isKnown(value) && !pattern.test(value);
    const derivedFromValid = props.credentialName !== undefined || !(invalid(props.namespace, DNS_LABEL) || invalid(props.serviceAccount, DNS_SUBDOMAIN));
    collectProblems(this, [
      () =>
        checkPattern(
          this,
          "name",
          props.name,
          /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/,
          "3-128 letters, digits, hyphens and underscores, starting with a letter or digit",
        ),
      () => checkPattern(this, "namespace", props.namespace, DNS_LABEL, "a DNS-1123 label (lowercase letters, digits and hyphens, at most 63)"),
      () => checkPattern(this, "serviceAccount", props.serviceAccount, DNS_SUBDOMAIN, "a DNS-1123 subdomain (lowercase letters, digits, hyphens and dots)"),
      () => checkPattern(this, "oidcIssuerUrl", props.oidcIssuerUrl, /^https:\/\/\S+$/, "an https URL"),
      () =>
        derivedFromValid &&
        checkPattern(
          this,
          "credentialName",
          credentialName,
          /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/,
          "3-120 letters, digits, hyphens and underscores, starting with a letter or digit",
        ),
    ]);

    this.resource = new UserAssignedIdentity(this, "Resource", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tags: props.tags,
    });
    this.id = this.resource.id;
    this.clientId = this.resource.clientId;
    this.principalId = this.resource.principalId;
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;
    this.credential = new FederatedIdentityCredential(this, "FederatedCredential", {
      name: credentialName,
      resourceGroupName: props.resourceGroupName,
      parentId: this.id,
      issuer: props.oidcIssuerUrl,
      subject: this.subject,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
    });
  }

  /** Grants `role` (built-in name or role definition id) on `scope` to this identity, as child `Grant-<key>`. */
  public grant(role: string, scope: string, key: string): RoleAssignment {
    return grantRole(this, key, scope, role, this, `Workload identity ${this.node.id}: ${role}`);
  }
}
