import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { Construct } from "constructs";
import { IAksCluster } from "../core/interfaces";
import { propError } from "../core/validation";

/**
 * Azure Policy built-in initiative "Kubernetes cluster pod security restricted standards for Linux-based workloads"
 * (v2.5.0; Azure/azure-policy `built-in-policies/policySetDefinitions/Kubernetes/PSPRestrictedStandard.json`),
 * evaluated in the cluster by the Azure Policy add-on (Gatekeeper).
 */
export const POD_SECURITY_RESTRICTED_INITIATIVE = "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00";

/** The initiative's own exclusions, plus Flux's namespace (the AKS extension's controllers, as the AKS baseline does). */
export const POD_SECURITY_EXCLUDED_NAMESPACES = ["kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system", "flux-system"] as const;

/** Props of {@link PodSecurityInitiative}. */
export interface PodSecurityInitiativeProps {
  /** The cluster: the assignment's scope, and its name names the assignment. */
  readonly cluster: IAksCluster;
  /**
   * `Audit` reports every pod that breaks the initiative in Azure Policy's compliance view and Defender for Cloud;
   * `Deny` has Gatekeeper refuse it. The initiative is stricter than Kubernetes' `restricted` Pod Security level
   * the namespaces already enforce at admission: it also wants runAsGroup, fsGroup and supplementalGroups in
   * 1-65535, and no pod of the platform sets supplementalGroups (the applications' workloads and the Envoy proxies
   * included), so `Deny` would refuse them until they do. The AKS baseline assigns it with `Audit` too.
   * @default "Audit"
   */
  readonly effect?: "Audit" | "Deny";
}

export const POD_SECURITY_INITIATIVE_DEFAULTS = { effect: "Audit" } as const;

/**
 * The restricted pod security initiative, assigned on the cluster.
 *
 * @example
 * ```ts
 * new PodSecurityInitiative(this, "PodSecurity", { cluster, effect: "Deny" });
 * ```
 */
export class PodSecurityInitiative extends Construct {
  public readonly assignment: ResourcePolicyAssignment;

  constructor(scope: Construct, id: string, props: PodSecurityInitiativeProps) {
    super(scope, id);
    const effect = props.effect ?? POD_SECURITY_INITIATIVE_DEFAULTS.effect;
    if (effect !== "Audit" && effect !== "Deny") {
      throw propError(this, "effect", 'must be "Audit" or "Deny"', effect, 'use "Audit" (report) or "Deny" (refuse).');
    }
    this.assignment = new ResourcePolicyAssignment(this, "Resource", {
      name: "pod-security-restricted",
      // Display names take 128 characters.
      displayName: `[${props.cluster.name}] Kubernetes cluster pod security restricted standards for Linux-based workloads`.slice(0, 128),
      resourceId: props.cluster.id,
      policyDefinitionId: POD_SECURITY_RESTRICTED_INITIATIVE,
      parameters: JSON.stringify({ effect: { value: effect }, excludedNamespaces: { value: [...POD_SECURITY_EXCLUDED_NAMESPACES] } }),
    });
  }
}
