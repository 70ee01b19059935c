import { MonitorActivityLogAlert } from "@cdktf/provider-azurerm/lib/monitor-activity-log-alert";
import { ResourceGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/resource-group-policy-assignment";
import { Testing } from "cdktf";
import {
  DATA_FACTORY_GUARDRAILS_DEFAULTS,
  DataFactoryGuardrails,
  DataFactoryGuardrailsProps,
  LINKED_SERVICE_ALLOW_LIST_POLICY,
} from "../../../constructs/data/data-factory-guardrails";

const baseProps: DataFactoryGuardrailsProps = {
  resourceGroupName: "rg-data",
  resourceGroupId: "/subscriptions/s/resourceGroups/rg-data",
  namePrefix: "medal-dev",
  allowedLinkedServiceTypes: ["AzureBlobFS", "AzureSqlDatabase"],
  actionGroupId: "ag-id",
};

function build(props: Partial<DataFactoryGuardrailsProps> = {}) {
  let guardrails: DataFactoryGuardrails | undefined;
  const out = Testing.synthScope((scope) => {
    guardrails = new DataFactoryGuardrails(scope, "Guardrails", { ...baseProps, ...props });
  });
  const warnings = guardrails!.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  return { out, warnings };
}

describe("DataFactoryGuardrails", () => {
  test("defaults: the built-in allow-list policy with Deny on the resource group, and an alert on linked-service writes", () => {
    expect(DATA_FACTORY_GUARDRAILS_DEFAULTS).toEqual({ effect: "Deny" });
    const { out, warnings } = build();
    expect(out).toHaveResourceWithProperties(ResourceGroupPolicyAssignment, {
      name: "medal-dev-adf-linked-service-types",
      resource_group_id: "/subscriptions/s/resourceGroups/rg-data",
      policy_definition_id: LINKED_SERVICE_ALLOW_LIST_POLICY,
      parameters: JSON.stringify({ effect: { value: "Deny" }, allowedLinkedServiceResourceTypes: { value: ["AzureBlobFS", "AzureSqlDatabase"] } }),
    });
    expect(LINKED_SERVICE_ALLOW_LIST_POLICY).toBe("/providers/Microsoft.Authorization/policyDefinitions/6809a3d0-d354-42fb-b955-783d207c62a8");
    expect(out).toHaveResourceWithProperties(MonitorActivityLogAlert, {
      name: "medal-dev-adf-linked-service-written",
      location: "global",
      scopes: ["/subscriptions/s/resourceGroups/rg-data"],
      criteria: { category: "Administrative", operation_name: "Microsoft.DataFactory/factories/linkedServices/write" },
      action: [{ action_group_id: "ag-id" }],
    });
    expect(warnings).toEqual([]);
  });

  test("effect Audit opts out with a warning", () => {
    const { out, warnings } = build({ effect: "Audit" });
    expect(out).toHaveResourceWithProperties(ResourceGroupPolicyAssignment, { parameters: expect.stringContaining('"effect":{"value":"Audit"}') });
    expect(warnings).toEqual([expect.stringMatching(/^effect opts out of a secure default: a pipeline author can add a linked service of any type/)]);
  });

  test.each([
    ["no allowed type", { allowedLinkedServiceTypes: [] }, /allowedLinkedServiceTypes must name at least one type \(got \[\]\)/],
    [
      "a type that is not a type name",
      { allowedLinkedServiceTypes: ["Azure Blob"] },
      /allowedLinkedServiceTypes must hold Data Factory type names \(got "Azure Blob"\)/,
    ],
    ["a name prefix with spaces", { namePrefix: "medal dev" }, /namePrefix must be 1-39 letters, digits and hyphens/],
  ] as [string, Partial<DataFactoryGuardrailsProps>, RegExp][])("fails on %s", (_name, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test("fails naming every problem at once", () => {
    expect(() => build({ namePrefix: "medal dev", allowedLinkedServiceTypes: ["AzureBlobFS", "Azure Blob"] })).toThrow(
      /: 2 problems:\n- \S+: namePrefix must be 1-39 letters.*\n- \S+: allowedLinkedServiceTypes must hold Data Factory type names \(got "Azure Blob"\).*$/,
    );
  });
});
