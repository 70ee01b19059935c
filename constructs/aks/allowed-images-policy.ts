import { ResourcePolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-policy-assignment";
import { Construct } from "constructs";
import { IAksCluster } from "../core/interfaces";
import { checkPattern, collectProblems, propError } from "../core/validation";
import { POD_SECURITY_EXCLUDED_NAMESPACES } from "./pod-security-initiative";

/**
 * Azure Policy built-in "Kubernetes cluster containers should only use allowed images" (v9.3.0; Azure/azure-policy
 * `built-in-policies/policyDefinitions/Kubernetes/ContainerAllowedImages.json`), evaluated by the Azure Policy add-on.
 */
export const ALLOWED_IMAGES_POLICY = "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469";

/** Props of {@link AllowedImagesPolicy}. */
export interface AllowedImagesPolicyProps {
  /** The cluster: the assignment's scope, and its name names the assignment. */
  readonly cluster: IAksCluster;
  /** Registry hosts pods may pull from, e.g. the environment's `<name>.azurecr.io`. */
  readonly registries: readonly string[];
  /**
   * `Audit` reports every pod whose image comes from elsewhere; `Deny` has Gatekeeper refuse it (switch once the
   * compliance view shows none: a pod that slipped through would be refused on its next restart).
   * @default "Audit"
   */
  readonly effect?: "Audit" | "Deny";
}

export const ALLOWED_IMAGES_POLICY_DEFAULTS = { effect: "Audit" } as const satisfies Partial<AllowedImagesPolicyProps>;

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/;

/** The image regex the policy matches: an image whose reference starts with one of the hosts and a slash. */
export function allowedImagesRegex(registries: readonly string[]): string {
  return `^(${registries.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})/.+$`;
}

/**
 * The allowed-images policy, assigned on the cluster, with the namespaces the pod security initiative leaves out.
 *
 * @example
 * ```ts
 * new AllowedImagesPolicy(this, "AllowedImages", { cluster, registries: [registry.loginServer] });
 * ```
 */
export class AllowedImagesPolicy extends Construct {
  public readonly assignment: ResourcePolicyAssignment;

  constructor(scope: Construct, id: string, props: AllowedImagesPolicyProps) {
    super(scope, id);
    const effect = props.effect ?? ALLOWED_IMAGES_POLICY_DEFAULTS.effect;
    collectProblems(this, [
      () => {
        if (effect !== "Audit" && effect !== "Deny")
          throw propError(this, "effect", 'must be "Audit" or "Deny"', effect, 'use "Audit" (report) or "Deny" (refuse).');
      },
      () => {
        if (props.registries.length === 0)
          throw propError(this, "registries", "must name at least one registry", [], "give the environment's registry, e.g. <name>.azurecr.io.");
      },
      ...props.registries.map((r) => () => checkPattern(this, "registries", r, HOST, "a registry host such as myregistry.azurecr.io")),
    ]);
    this.assignment = new ResourcePolicyAssignment(this, "Resource", {
      name: "allowed-images",
      displayName: `[${props.cluster.name}] Kubernetes cluster containers should only use allowed images`.slice(0, 128),
      resourceId: props.cluster.id,
      policyDefinitionId: ALLOWED_IMAGES_POLICY,
      parameters: JSON.stringify({
        effect: { value: effect },
        excludedNamespaces: { value: [...POD_SECURITY_EXCLUDED_NAMESPACES] },
        allowedContainerImagesRegex: { value: allowedImagesRegex(props.registries) },
      }),
    });
  }
}
