import { Testing } from "cdktf";
import {
  ENTRA_TOKEN_EXCHANGE_AUDIENCE,
  GITHUB_OIDC_ISSUER,
  PIPELINE_IDENTITY_DEFAULTS,
  PipelineIdentities,
  PipelineIdentitiesProps,
  STACK_ASSIGNED_ROLES,
  assignableRolesCondition,
  pipelineSubjects,
} from "../../../constructs/delivery/pipeline-identities";

const SUB = "/subscriptions/11111111-1111-1111-1111-111111111111";
const baseProps: PipelineIdentitiesProps = {
  resourceGroupName: "rg-tfstate",
  location: "westeurope",
  environment: "dev",
  names: { plan: "id-dev-plan", apply: "id-dev-apply" },
  repository: "contoso/platform",
  environmentScope: SUB,
  stateContainerId: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/tfstate-dev",
};

function synth(props: Partial<PipelineIdentitiesProps> = {}) {
  return JSON.parse(Testing.synthScope((scope) => new PipelineIdentities(scope, "Pipeline", { ...baseProps, ...props })));
}

/** Synthesized resources come out sorted by logical id: compare as sets. */
const sorted = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const identityOf = (ref: string) => (ref.includes("Pipeline_Plan") ? "plan" : ref.includes("Pipeline_Apply") ? "apply" : ref);
const credentials = (tf: any) =>
  Object.values<any>(tf.resource.azurerm_federated_identity_credential).map((c) => ({
    identity: identityOf(c.parent_id),
    name: c.name,
    issuer: c.issuer,
    subject: c.subject,
    audience: c.audience,
  }));
const assignments = (tf: any) =>
  Object.values<any>(tf.resource.azurerm_role_assignment).map((a) => ({
    identity: identityOf(a.principal_id),
    role: a.role_definition_name ?? (a.role_definition_id.includes("PlanReader") ? "custom plan reader" : "custom lock writer"),
    scope: a.scope,
    condition: a.condition !== undefined,
  }));

describe("PipelineIdentities", () => {
  test("defaults: a plan identity for pull requests and the main branch, an apply identity for the GitHub environment", () => {
    expect(PIPELINE_IDENTITY_DEFAULTS.mainBranch).toBe("main");
    const tf = synth();
    expect(
      Object.values<any>(tf.resource.azurerm_user_assigned_identity)
        .map((i) => i.name)
        .sort(),
    ).toEqual(["id-dev-apply", "id-dev-plan"]);
    const github = { issuer: GITHUB_OIDC_ISSUER, audience: [ENTRA_TOKEN_EXCHANGE_AUDIENCE] };
    expect(sorted(credentials(tf))).toEqual(
      sorted([
        { identity: "plan", name: "github-pull-request", subject: "repo:contoso/platform:pull_request", ...github },
        { identity: "plan", name: "github-main-branch", subject: "repo:contoso/platform:ref:refs/heads/main", ...github },
        { identity: "apply", name: "github-environment-dev", subject: "repo:contoso/platform:environment:dev", ...github },
      ]),
    );
  });

  test("plan reads, apply writes: least roles on the environment's subscription and its state container", () => {
    const container = baseProps.stateContainerId;
    expect(sorted(assignments(synth()))).toEqual(
      sorted([
        { identity: "plan", role: "Reader", scope: SUB, condition: false },
        { identity: "plan", role: "Azure Kubernetes Service Cluster User Role", scope: SUB, condition: false },
        { identity: "plan", role: "custom plan reader", scope: SUB, condition: false },
        { identity: "apply", role: "Contributor", scope: SUB, condition: false },
        { identity: "apply", role: "Role Based Access Control Administrator", scope: SUB, condition: true },
        { identity: "apply", role: "Azure Kubernetes Service Cluster User Role", scope: SUB, condition: false },
        { identity: "apply", role: "Azure Kubernetes Service RBAC Cluster Admin", scope: SUB, condition: false },
        { identity: "apply", role: "custom lock writer", scope: SUB, condition: false },
        { identity: "plan", role: "Storage Blob Data Reader", scope: container, condition: false },
        { identity: "apply", role: "Storage Blob Data Contributor", scope: container, condition: false },
      ]),
    );
  });

  test("the apply identity may assign only the roles the stacks assign", () => {
    const tf = synth();
    const rbac = Object.values<any>(tf.resource.azurerm_role_assignment).find((a) => a.role_definition_name === "Role Based Access Control Administrator");
    expect(rbac.condition_version).toBe("2.0");
    expect(rbac.condition).toBe(assignableRolesCondition(Object.values(STACK_ASSIGNED_ROLES)));
    expect(rbac.condition).toContain("ForAnyOfAnyValues:GuidEquals {7f951dda-4ed3-4680-a7ca-43fe172d538d, e147488a-f6f5-4113-8e2d-b22465e65bf6, 4633458b");
    expect(rbac.condition).not.toContain("befefa01-2a29-4197-83a8-272ff33ce314"); // DNS Zone Contributor: never needed
    expect(rbac.condition).not.toContain("b24988ac-6180-42a0-ab88-20f7382dd24c"); // Contributor
    for (const owner of ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"]) {
      expect(rbac.condition).not.toContain(owner);
    }
  });

  test("assignableRoleIds adds custom roles created ahead", () => {
    const custom = "0f0e0d0c-0b0a-5908-8706-050403020100";
    const rbac = Object.values<any>(synth({ assignableRoleIds: [custom] }).resource.azurerm_role_assignment).find((a) => a.condition);
    expect(rbac.condition).toBe(assignableRolesCondition([custom]));
  });

  test("custom roles: plan reads exported templates and in-cluster objects; apply writes locks and policy assignments, never role or policy definitions", () => {
    const roles = Object.values<any>(synth().resource.azurerm_role_definition);
    const byName = Object.fromEntries(roles.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["IaC lock writer (dev)", "IaC plan reader (dev)"]);
    expect(byName["IaC plan reader (dev)"].permissions[0]).toMatchObject({
      actions: ["Microsoft.Resources/deployments/exportTemplate/action"],
      data_actions: ["Microsoft.ContainerService/managedClusters/*/read"],
    });
    expect(byName["IaC lock writer (dev)"].permissions[0].actions).toEqual([
      "Microsoft.Authorization/locks/read",
      "Microsoft.Authorization/locks/write",
      "Microsoft.Authorization/locks/delete",
      "Microsoft.Authorization/policyAssignments/read",
      "Microsoft.Authorization/policyAssignments/write",
      "Microsoft.Authorization/policyAssignments/delete",
    ]);
    for (const r of roles) {
      expect(r.assignable_scopes).toEqual([SUB]);
      expect(JSON.stringify(r.permissions)).not.toMatch(
        /roleDefinitions|roleAssignments|policyDefinitions|policySetDefinitions|policyExemptions|\*\/write|"\*"/,
      );
    }
  });

  test("no state role without a state container (HCP Terraform)", () => {
    expect(assignments(synth({ stateContainerId: undefined })).filter((a) => a.role.startsWith("Storage"))).toEqual([]);
  });

  test("gitopsContainerId: apply publishes there and may grant only Storage Blob Data Reader there; plan reads it", () => {
    const gitops = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stgitops/blobServices/default/containers/gitops-dev";
    const onGitops = Object.values<any>(synth({ gitopsContainerId: gitops }).resource.azurerm_role_assignment).filter((a) => a.scope === gitops);
    expect(sorted(onGitops.map((a) => [identityOf(a.principal_id), a.role_definition_name, a.condition ?? null]))).toEqual(
      sorted([
        ["plan", "Reader", null],
        ["apply", "Storage Blob Data Contributor", null],
        ["apply", "Role Based Access Control Administrator", assignableRolesCondition([STACK_ASSIGNED_ROLES["Storage Blob Data Reader"]])],
      ]),
    );
  });

  test("mainBranch sets the drift schedule's subject", () => {
    expect(pipelineSubjects({ ...baseProps, mainBranch: "trunk" }).plan["github-main-branch"]).toBe("repo:contoso/platform:ref:refs/heads/trunk");
  });

  test("hcp adds run-phase subjects per workspace, issued by the HCP host", () => {
    const tf = synth({ hcp: { hostname: "app.terraform.io", organization: "contoso", project: "platform", workspaces: ["dev-data"] } });
    expect(sorted(credentials(tf).filter((c) => c.name.startsWith("hcp-")))).toEqual(
      sorted([
        {
          identity: "plan",
          name: "hcp-dev-data-plan",
          issuer: "https://app.terraform.io",
          audience: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
          subject: "organization:contoso:project:platform:workspace:dev-data:run_phase:plan",
        },
        {
          identity: "apply",
          name: "hcp-dev-data-apply",
          issuer: "https://app.terraform.io",
          audience: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
          subject: "organization:contoso:project:platform:workspace:dev-data:run_phase:apply",
        },
      ]),
    );
  });

  test("fails on a repository that is not owner/name", () => {
    expect(() => synth({ repository: "https://github.com/contoso/platform" })).toThrow(
      /Pipeline: repository must be <owner>\/<repository> \(got "https:\/\/github.com\/contoso\/platform"\)/,
    );
  });

  test("fails on a scope that is not a subscription", () => {
    expect(() => synth({ environmentScope: "/subscriptions/x/resourceGroups/rg" })).toThrow(/environmentScope must be \/subscriptions\/<subscription id>/);
  });

  test("fails naming every problem at once", () => {
    expect(() => synth({ repository: "contoso", assignableRoleIds: ["Contributor"] })).toThrow(
      /Pipeline: 2 problems:\n- \S*Pipeline: repository must be <owner>\/<repository>.*\n- \S*Pipeline: assignableRoleIds must list role definition GUIDs.*$/,
    );
  });

  test("fails on assignable role ids that are not GUIDs", () => {
    expect(() => synth({ assignableRoleIds: ["Contributor"] })).toThrow(
      /Pipeline: assignableRoleIds must list role definition GUIDs \(got "Contributor"\)\. Fix: give the GUIDs/,
    );
  });

  test("fails beyond Entra ID's 20 federated credentials per identity", () => {
    const workspaces = Array.from({ length: 19 }, (_, i) => `ws-${i}`);
    expect(() => synth({ hcp: { hostname: "app.terraform.io", organization: "o", project: "p", workspaces } })).toThrow(
      /hcp.workspaces gives the plan identity 21 federated credentials, more than Entra ID's 20 .*Fix: use fewer HCP Terraform workspaces/,
    );
  });
});
