import { namePrefix } from "../core/names";
import { MonitorActivityLogAlert } from "@cdktf/provider-azurerm/lib/monitor-activity-log-alert";
import { ResourceGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-group-policy-assignment";
import { Construct } from "constructs";
import { checkPattern, collectProblems, propError, warnOptOut } from "../core/validation";

/**
 * Azure Policy built-in "Azure Data Factory linked service resource type should be in allow list" (v1.1.0;
 * Azure/azure-policy `built-in-policies/policyDefinitions/Data Factory/LinkedService_ResourceType_Audit.json`).
 */
export const LINKED_SERVICE_ALLOW_LIST_POLICY = "/providers/Microsoft.Authorization/policyDefinitions/6809a3d0-d354-42fb-b955-783d207c62a8";

/** Props of {@link DataFactoryGuardrails}. */
export interface DataFactoryGuardrailsProps {
  /** Resource group of the factory (the policy is assigned there and the alert lives there). */
  readonly resourceGroupName: string;
  /** Its resource id (the assignment's scope and the alert's). */
  readonly resourceGroupId: string;
  /** Prefix of the assignment's and the alert's names. */
  readonly namePrefix: string;
  /** The linked-service types the pipelines use, e.g. `["AzureBlobFS", "AzureSqlDatabase"]`. Any other is refused. */
  readonly allowedLinkedServiceTypes: readonly string[];
  /** Action group the alert notifies (the pipeline alerts' group). */
  readonly actionGroupId: string;
  /**
   * The policy's effect: `Deny` refuses a linked service of another type, `Audit` only reports it (an opt-out,
   * with a warning).
   * @default "Deny"
   */
  readonly effect?: "Deny" | "Audit";
  /** @default {} */
  readonly tags?: Record<string, string>;
}

export const DATA_FACTORY_GUARDRAILS_DEFAULTS = { effect: "Deny" } as const;

const LINKED_SERVICE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * What keeps a factory's pipeline authors from opening a way out of the platform, since its managed virtual network
 * leaves outbound open on every port and cannot be routed through a firewall: an Azure Policy assignment on the
 * factory's resource group that refuses linked services of any type but the pipelines' own (an HTTP, S3 or SFTP
 * sink is where exfiltration starts), and an Activity Log alert on every linked-service write, which in a factory
 * deployed from code is either a deployment or someone authoring where they should not.
 *
 * @example
 * ```ts
 * new DataFactoryGuardrails(this, "FactoryGuardrails", {
 *   resourceGroupName: rg.name,
 *   resourceGroupId: rg.id,
 *   namePrefix: "data-dev",
 *   allowedLinkedServiceTypes: MEDALLION_LINKED_SERVICE_TYPES,
 *   actionGroupId: alerts.actionGroupId,
 * });
 * ```
 */
export class DataFactoryGuardrails extends Construct {
  public readonly policyAssignment: ResourceGroupPolicyAssignment;
  public readonly alert: MonitorActivityLogAlert;

  constructor(scope: Construct, id: string, props: DataFactoryGuardrailsProps) {
    super(scope, id);
    const effect = props.effect ?? DATA_FACTORY_GUARDRAILS_DEFAULTS.effect;
    // Policy assignment names take 64 characters: the prefix and "-adf-linked-service-types" (25) must fit.
    collectProblems(this, [
      () => checkPattern(this, "namePrefix", props.namePrefix, ...namePrefix(39)),
      () => {
        if (props.allowedLinkedServiceTypes.length === 0) {
          throw propError(
            this,
            "allowedLinkedServiceTypes",
            "must name at least one type",
            props.allowedLinkedServiceTypes,
            "list the linked-service types the pipelines use.",
          );
        }
      },
      ...props.allowedLinkedServiceTypes.map((type) => () => {
        if (!LINKED_SERVICE_TYPE.test(type))
          throw propError(this, "allowedLinkedServiceTypes", "must hold Data Factory type names", type, "use names such as AzureBlobFS or AzureSqlDatabase.");
      }),
    ]);
    if (effect === "Audit")
      warnOptOut(this, "effect", "a pipeline author can add a linked service of any type (an HTTP or S3 sink) and copy data out; it is only reported");

    this.policyAssignment = new ResourceGroupPolicyAssignment(this, "LinkedServiceTypes", {
      name: `${props.namePrefix}-adf-linked-service-types`,
      displayName: "Data Factory linked services of the pipelines' types only",
      description: "Refuses linked services of any other type: an HTTP, S3 or SFTP sink would let a pipeline author copy data out.",
      resourceGroupId: props.resourceGroupId,
      policyDefinitionId: LINKED_SERVICE_ALLOW_LIST_POLICY,
      parameters: JSON.stringify({ effect: { value: effect }, allowedLinkedServiceResourceTypes: { value: [...props.allowedLinkedServiceTypes] } }),
    });
    this.alert = new MonitorActivityLogAlert(this, "LinkedServiceWrites", {
      name: `${props.namePrefix}-adf-linked-service-written`,
      resourceGroupName: props.resourceGroupName,
      // Activity Log alerts are global resources.
      location: "global",
      scopes: [props.resourceGroupId],
      description: "A Data Factory linked service was created or changed. Outside a deployment of this platform, find out who and why.",
      criteria: { category: "Administrative", operationName: "Microsoft.DataFactory/factories/linkedServices/write" },
      action: [{ actionGroupId: props.actionGroupId }],
      tags: props.tags,
    });
  }
}
