import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { ResourcePlacement } from "../core/interfaces";
import { userAssignedPrincipal } from "../core/managed-identities";
import { checkPattern, collectProblems, propError } from "../core/validation";

/** GitHub Actions' OIDC issuer and the audience Entra ID expects (the defaults of `azure/login`). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** Entra ID accepts at most 20 federated credentials on one user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;

/**
 * The built-in roles the environment stacks assign (their `role_definition_name`s; a test keeps this list and the
 * stacks in step). The apply identity may assign these and nothing else: no Owner, no User Access Administrator,
 * no role that could hand out roles.
 */
export const STACK_ASSIGNED_ROLES = {
  /** The kubelet identity on the environment's container registry. */
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  /** Backup alerts' rules on the workspace they query. */
  "Log Analytics Reader": "73c42c96-874c-492b-b04d-ab87d138a893",
  "Managed Identity Operator": "f1a07417-d97a-45cb-824c-7a7467783830",
  "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
  /** The AKS control plane on its disk encryption set (customer-managed disk keys). */
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  /** The Databricks access connector on the lake: user-delegation keys for Unity Catalog's SAS, no data access. */
  "Storage Blob Delegator": "db58b8e5-c6ad-4a2a-8342-4190687cbf4a",
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
   * Branch the drift schedule and the deploy workflow's plan job run on (they plan with the plan identity).
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
  /**
   * Resource Manager id of the environment's GitOps container (Flux delivery): apply publishes the rendered folder
   * to it and may grant its cluster "Storage Blob Data Reader" on it (and nothing else there); plan reads it.
   * @default - none (Terraform delivery)
   */
  readonly gitopsContainerId?: string;
  /**
   * Role definition GUIDs the apply identity may assign and remove (the condition on its "Role Based Access Control
   * Administrator"): the built-in roles the stacks assign plus custom roles created for them by an administrator
   * (the pipeline cannot create or change role definitions).
   * @default Object.values(STACK_ASSIGNED_ROLES)
   */
  readonly assignableRoleIds?: readonly string[];
}

export const PIPELINE_IDENTITY_DEFAULTS = {
  mainBranch: "main",
  assignableRoleIds: Object.values(STACK_ASSIGNED_ROLES),
  /**
   * Plans: read Azure; list the cluster user credential (the kubernetes provider's `azurerm_kubernetes_cluster`
   * data source); plus the custom plan reader role ({@link PLAN_READER_PERMISSIONS}).
   */
  planRoles: ["Reader", "Azure Kubernetes Service Cluster User Role"],
  /**
   * Applies: create and change resources; assign the allowed roles only; administer the environment's clusters
   * through Entra ID RBAC; plus the custom lock writer role ({@link LOCK_WRITER_ACTIONS}).
   */
  applyRoles: [
    "Contributor",
    "Role Based Access Control Administrator",
    "Azure Kubernetes Service Cluster User Role",
    "Azure Kubernetes Service RBAC Cluster Admin",
  ],
} as const;

/**
 * What a plan reads beyond Reader: the template an `azurerm_resource_group_template_deployment` deployed (its read
 * exports it), and every in-cluster object the kubernetes and helm providers refresh, CRDs, cluster-scoped objects
 * and Helm's release Secrets included (only a `managedClusters/<all>/read` data action covers CRDs).
 */
export const PLAN_READER_PERMISSIONS = {
  actions: ["Microsoft.Resources/deployments/exportTemplate/action"],
  dataActions: ["Microsoft.ContainerService/managedClusters/*/read"],
} as const;

/**
 * Management locks and policy assignments: the Microsoft.Authorization writes the stacks need that Contributor
 * excludes (the data stack assigns the Data Factory linked-service allow-list, the AKS stack the pod security
 * initiative on its cluster). No role or policy definitions, no exemptions: the identity cannot write its own rules.
 */
export const LOCK_WRITER_ACTIONS = [
  "Microsoft.Authorization/locks/read",
  "Microsoft.Authorization/locks/write",
  "Microsoft.Authorization/locks/delete",
  "Microsoft.Authorization/policyAssignments/read",
  "Microsoft.Authorization/policyAssignments/write",
  "Microsoft.Authorization/policyAssignments/delete",
] as const;

/**
 * The condition on the apply identity's "Role Based Access Control Administrator": it may create and delete role
 * assignments of the listed roles only (Microsoft's "constrain roles" pattern, ABAC condition version 2.0).
 */
export function assignableRolesCondition(roleIds: readonly string[]): string {
  const ids = roleIds.join(", ");
  return [
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
  ].join(" AND ");
}

/** The federated credential subjects of one environment, by credential name. */
export function pipelineSubjects(props: Pick<PipelineIdentitiesProps, "repository" | "mainBranch" | "environment" | "hcp">) {
  const repo = `repo:${props.repository}`;
  const hcp = (phase: "plan" | "apply") =>
    Object.fromEntries(
      (props.hcp?.workspaces ?? []).map((ws) => [
        `hcp-${ws}-${phase}`,
        `organization:${props.hcp?.organization}:project:${props.hcp?.project}:workspace:${ws}:run_phase:${phase}`,
      ]),
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
 * - `plan`, for pull requests, the deploy workflow's plan job and the drift schedule: read-only roles on the
 *   environment's subscription, "Storage Blob Data Reader" on its state container (plans run with `-lock=false`);
 * - `apply`, only for jobs of the GitHub environment `<env>` (whose protection rules gate them): the rights the
 *   stacks need on the environment's subscription and "Storage Blob Data Contributor" on its state container. It
 *   cannot write role definitions and may assign only `assignableRoleIds`, so it cannot raise its own rights.
 * A pull request therefore never holds a token that can change anything. Role scopes are the subscription: the
 * stacks create their own resource groups, and Azure accepts role assignments only on scopes that exist.
 *
 * @example
 * ```ts
 * new PipelineIdentities(this, "Pipeline", {
 *   resourceGroupName: rg.name,
 *   location: "westeurope",
 *   environment: "dev",
 *   names: { plan: "id-dev-plan", apply: "id-dev-apply" },
 *   repository: "contoso/platform",
 *   environmentScope: "/subscriptions/00000000-0000-0000-0000-00000000000b",
 *   stateContainerId: state.containers["tfstate-dev"].id,
 * });
 * ```
 */
export class PipelineIdentities extends Construct {
  public readonly plan: UserAssignedIdentity;
  public readonly apply: UserAssignedIdentity;
  /** The custom role with what plans read beyond Reader. */
  public readonly planReader: RoleDefinition;
  /** The custom role with the lock writes Contributor lacks. */
  public readonly lockWriter: RoleDefinition;
  public readonly roleAssignments: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: PipelineIdentitiesProps) {
    super(scope, id);
    const assignable = props.assignableRoleIds ?? PIPELINE_IDENTITY_DEFAULTS.assignableRoleIds;
    const subjects = pipelineSubjects(props);
    collectProblems(this, [
      () => checkPattern(this, "repository", props.repository, /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, "<owner>/<repository>"),
      () => checkPattern(this, "environmentScope", props.environmentScope, /^\/subscriptions\/[0-9a-fA-F-]{36}$/, "/subscriptions/<subscription id>"),
      () => {
        const bad = assignable.find((roleId) => !GUID.test(roleId));
        if (bad !== undefined || assignable.length === 0) {
          throw propError(
            this,
            "assignableRoleIds",
            "must list role definition GUIDs",
            bad ?? assignable,
            "give the GUIDs (the last segment of a role definition id), e.g. Object.values(STACK_ASSIGNED_ROLES).",
          );
        }
      },
      () => {
        for (const [kind, credentials] of Object.entries(subjects)) {
          const n = Object.keys(credentials).length;
          if (n > MAX_FEDERATED_CREDENTIALS) {
            throw propError(
              this,
              "hcp.workspaces",
              `gives the ${kind} identity ${n} federated credentials, more than Entra ID's ${MAX_FEDERATED_CREDENTIALS}`,
              props.hcp?.workspaces,
              "use fewer HCP Terraform workspaces per environment.",
            );
          }
        }
      },
    ]);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.plan = new UserAssignedIdentity(this, "Plan", { name: props.names.plan, ...placement });
    this.apply = new UserAssignedIdentity(this, "Apply", { name: props.names.apply, ...placement });

    const issuer = (name: string) => (name.startsWith("hcp-") ? `https://${props.hcp?.hostname}` : GITHUB_OIDC_ISSUER);
    for (const [kind, identity] of [
      ["plan", this.plan],
      ["apply", this.apply],
    ] as const) {
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

    const customRole = (roleId: string, name: string, description: string, permissions: { actions: string[]; dataActions?: string[] }) =>
      new RoleDefinition(this, roleId, {
        name: `${name} (${props.environment})`,
        scope: props.environmentScope,
        assignableScopes: [props.environmentScope],
        description,
        permissions: [{ actions: permissions.actions, dataActions: permissions.dataActions ?? [], notActions: [], notDataActions: [] }],
      });
    this.planReader = customRole(
      "PlanReader",
      "IaC plan reader",
      "What the environment's plans read beyond Reader: exported deployment templates and in-cluster objects",
      {
        actions: [...PLAN_READER_PERMISSIONS.actions],
        dataActions: [...PLAN_READER_PERMISSIONS.dataActions],
      },
    );
    this.lockWriter = customRole(
      "LockWriter",
      "IaC lock writer",
      "Management locks and policy assignments of the environment's stacks: the Microsoft.Authorization writes Contributor excludes",
      {
        actions: [...LOCK_WRITER_ACTIONS],
      },
    );

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
    grant(this.plan, "plan-plan-reader", props.environmentScope, { id: this.planReader.roleDefinitionResourceId });
    for (const role of PIPELINE_IDENTITY_DEFAULTS.applyRoles) {
      const condition = role === "Role Based Access Control Administrator" ? assignableRolesCondition(assignable) : undefined;
      grant(this.apply, `apply-${slug(role)}`, props.environmentScope, { name: role }, condition);
    }
    grant(this.apply, "apply-lock-writer", props.environmentScope, { id: this.lockWriter.roleDefinitionResourceId });
    if (props.stateContainerId) {
      grant(this.plan, "plan-state", props.stateContainerId, { name: "Storage Blob Data Reader" });
      grant(this.apply, "apply-state", props.stateContainerId, { name: "Storage Blob Data Contributor" });
    }
    if (props.gitopsContainerId) {
      // Plans refresh the cluster's reader role on the container; applies create it and publish the folder.
      grant(this.plan, "plan-gitops", props.gitopsContainerId, { name: "Reader" });
      grant(this.apply, "apply-gitops-publish", props.gitopsContainerId, { name: "Storage Blob Data Contributor" });
      grant(
        this.apply,
        "apply-gitops-grant",
        props.gitopsContainerId,
        { name: "Role Based Access Control Administrator" },
        assignableRolesCondition([STACK_ASSIGNED_ROLES["Storage Blob Data Reader"]]),
      );
    }
  }
}
