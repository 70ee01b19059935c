import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { ResourcePlacement } from "../core/interfaces";
import { userAssignedPrincipal } from "../core/managed-identities";
import { checkPattern, propError } from "../core/validation";

/** GitHub Actions' OIDC issuer and the audience Entra ID expects (the defaults of `azure/login`). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** Entra ID accepts at most 20 federated credentials on one user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/**
 * Built-in roles the apply identity may never hand out (Owner, User Access Administrator, Role Based Access Control
 * Administrator): the condition on its role-assignment rights, so a pipeline cannot make itself or anyone an owner.
 */
export const PRIVILEGED_ROLE_IDS = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  roleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

const slug = (role: string) => role.replace(/[^A-Za-z0-9]+/g, "");

/** Props of {@link PipelineIdentities}. */
export interface PipelineIdentitiesProps extends ResourcePlacement {
  /** Environment whose stacks these identities plan and apply (also the GitHub environment of applies). */
  readonly environment: string;
  /** Names of the two user-assigned identities. */
  readonly names: { readonly plan: string; readonly apply: string };
  /** The GitHub repository (`owner/name`) whose workflows sign in as these identities. */
  readonly repository: string;
  /**
   * Branch the drift schedule runs on (it plans with the plan identity).
   * @default "main"
   */
  readonly mainBranch?: string;
  /** Scope of the environment's role assignments: `/subscriptions/<id>` of the environment. */
  readonly environmentScope: string;
  /**
   * Resource Manager id of the environment's state container: plan reads it, apply writes it.
   * @default - no state role (HCP Terraform keeps the state)
   */
  readonly stateContainerId?: string;
  /**
   * HCP Terraform workspaces whose runs sign in as these identities (dynamic provider credentials): plan-phase
   * runs as the plan identity, apply-phase runs as the apply identity.
   * @default - none
   */
  readonly hcp?: { readonly hostname: string; readonly organization: string; readonly project: string; readonly workspaces: readonly string[] };
}

export const PIPELINE_IDENTITY_DEFAULTS = {
  mainBranch: "main",
  /**
   * Plans: read Azure; list the cluster user credential (the kubernetes provider's `azurerm_kubernetes_cluster`
   * data source) and read in-cluster objects through Entra ID RBAC.
   */
  planRoles: ["Reader", "Azure Kubernetes Service Cluster User Role", "Azure Kubernetes Service RBAC Reader"],
  /**
   * Applies: create and change resources; assign roles except the privileged ones; administer the environment's
   * clusters through Entra ID RBAC; plus the custom role for locks and role definitions, which Contributor lacks.
   */
  applyRoles: ["Contributor", "Role Based Access Control Administrator", "Azure Kubernetes Service Cluster User Role", "Azure Kubernetes Service RBAC Cluster Admin"],
} as const;

/**
 * The condition on "Role Based Access Control Administrator": assign and remove any role but the privileged ones
 * (Microsoft's "constrain roles" pattern, ABAC condition version 2.0).
 */
export function nonPrivilegedRoleCondition(): string {
  const ids = Object.values(PRIVILEGED_ROLE_IDS).join(", ");
  return [
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${ids}}))`,
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${ids}}))`,
  ].join(" AND ");
}

/** The federated credential subjects of one environment, by credential name. */
export function pipelineSubjects(props: Pick<PipelineIdentitiesProps, "repository" | "mainBranch" | "environment" | "hcp">) {
  const repo = `repo:${props.repository}`;
  const hcp = (phase: "plan" | "apply") =>
    Object.fromEntries(
      (props.hcp?.workspaces ?? []).map((ws) => [`hcp-${ws}-${phase}`, `organization:${props.hcp?.organization}:project:${props.hcp?.project}:workspace:${ws}:run_phase:${phase}`]),
    );
  return {
    plan: {
      "github-pull-request": `${repo}:pull_request`,
      "github-main-branch": `${repo}:ref:refs/heads/${props.mainBranch ?? PIPELINE_IDENTITY_DEFAULTS.mainBranch}`,
      ...hcp("plan"),
    },
    apply: { [`github-environment-${props.environment}`]: `${repo}:environment:${props.environment}`, ...hcp("apply") },
  };
}

/**
 * The two identities an environment's pipelines sign in as, with OIDC only (federated credentials, no secret):
 * - `plan`, for pull requests and the drift schedule on the main branch: read-only roles on the environment's
 *   subscription, "Storage Blob Data Reader" on its state container (plans run with `-lock=false`);
 * - `apply`, only for jobs of the GitHub environment `<env>` (whose protection rules gate them): the rights the
 *   stacks need on the environment's subscription and "Storage Blob Data Contributor" on its state container.
 * A pull request therefore never holds a token that can change anything. Role scopes are the subscription: the
 * stacks create their own resource groups, and Azure accepts role assignments only on scopes that exist.
 */
export class PipelineIdentities extends Construct {
  public readonly plan: UserAssignedIdentity;
  public readonly apply: UserAssignedIdentity;
  /** The custom role with the Microsoft.Authorization writes Contributor lacks (locks, role definitions). */
  public readonly authorizationWriter: RoleDefinition;
  public readonly roleAssignments: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: PipelineIdentitiesProps) {
    super(scope, id);
    checkPattern(this, "repository", props.repository, /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "<owner>/<repository>");
    checkPattern(this, "environmentScope", props.environmentScope, /^\/subscriptions\/[0-9a-fA-F-]{36}$/, "/subscriptions/<subscription id>");
    const subjects = pipelineSubjects(props);
    for (const [kind, credentials] of Object.entries(subjects)) {
      const n = Object.keys(credentials).length;
      if (n > MAX_FEDERATED_CREDENTIALS) {
        throw propError(this, "hcp.workspaces", `gives the ${kind} identity ${n} federated credentials, more than Entra ID's ${MAX_FEDERATED_CREDENTIALS}`, props.hcp?.workspaces, "use fewer HCP Terraform workspaces per environment.");
      }
    }
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.plan = new UserAssignedIdentity(this, "Plan", { name: props.names.plan, ...placement });
    this.apply = new UserAssignedIdentity(this, "Apply", { name: props.names.apply, ...placement });

    const issuer = (name: string) => (name.startsWith("hcp-") ? `https://${props.hcp?.hostname}` : GITHUB_OIDC_ISSUER);
    for (const [kind, identity] of [["plan", this.plan], ["apply", this.apply]] as const) {
      for (const [name, subject] of Object.entries(subjects[kind])) {
        new FederatedIdentityCredential(this, `${kind}-${name}`, {
          name,
          parentId: identity.id,
          resourceGroupName: props.resourceGroupName,
          issuer: issuer(name),
          audience: [ENTRA_TOKEN_EXCHANGE_AUDIENCE],
          subject,
        });
      }
    }

    this.authorizationWriter = new RoleDefinition(this, "AuthorizationWriter", {
      name: `IaC authorization writer (${props.environment})`,
      scope: props.environmentScope,
      assignableScopes: [props.environmentScope],
      description: "Management locks and custom role definitions of the environment's stacks: the Microsoft.Authorization writes Contributor excludes",
      permissions: [
        {
          actions: [
            "Microsoft.Authorization/locks/read",
            "Microsoft.Authorization/locks/write",
            "Microsoft.Authorization/locks/delete",
            "Microsoft.Authorization/roleDefinitions/read",
            "Microsoft.Authorization/roleDefinitions/write",
            "Microsoft.Authorization/roleDefinitions/delete",
          ],
          notActions: [],
        },
      ],
    });

    const grant = (identity: UserAssignedIdentity, key: string, target: string, role: { name: string } | { id: string }, condition?: string) => {
      const principal = userAssignedPrincipal(identity);
      this.roleAssignments.push(
        new RoleAssignment(this, key, {
          scope: target,
          ...("id" in role ? { roleDefinitionId: role.id } : { roleDefinitionName: role.name }),
          principalId: principal.principalId,
          principalType: principal.principalType,
          description: `Pipeline ${key.split("-")[0]} identity of ${props.environment}`,
          ...(condition ? { condition, conditionVersion: "2.0" } : {}),
        }),
      );
    };
    for (const role of PIPELINE_IDENTITY_DEFAULTS.planRoles) grant(this.plan, `plan-${slug(role)}`, props.environmentScope, { name: role });
    for (const role of PIPELINE_IDENTITY_DEFAULTS.applyRoles) {
      const condition = role === "Role Based Access Control Administrator" ? nonPrivilegedRoleCondition() : undefined;
      grant(this.apply, `apply-${slug(role)}`, props.environmentScope, { name: role }, condition);
    }
    grant(this.apply, "apply-authorization-writer", props.environmentScope, { id: this.authorizationWriter.roleDefinitionResourceId });
    if (props.stateContainerId) {
      grant(this.plan, "plan-state", props.stateContainerId, { name: "Storage Blob Data Reader" });
      grant(this.apply, "apply-state", props.stateContainerId, { name: "Storage Blob Data Contributor" });
    }
  }
}
