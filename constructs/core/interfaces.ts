import { ITerraformDependable } from "cdktf";

/**
 * Shared interfaces, named and shaped as in Azure Verified Modules (RMFR4): every construct whose resource supports
 * one of these takes it under the same prop name. Collections are records keyed by a caller-chosen stable key; the
 * key becomes the child construct id, so it is part of the Terraform address.
 */

/**
 * A subnet other constructs place resources in. AVM modules take a subnet by resource id; the name serves the few
 * Azure APIs that take a name inside a known VNet (Databricks VNet injection).
 */
export interface ISubnet {
  /** Resource id; a network construct reads it through what must exist first (the NSG association). */
  readonly id: string;
  /** Subnet name. */
  readonly name: string;
}

/** A virtual network as the constructs that link to it take it. */
export interface IVirtualNetwork {
  /** Resource id. */
  readonly id: string;
  /** Name (names what is linked to it). */
  readonly name: string;
}

/** An AKS cluster as the constructs attached to it take it (policy assignments, data collection). */
export interface IAksCluster {
  /** Resource id. */
  readonly id: string;
  /** Name, known at synth: it names what is attached to the cluster. */
  readonly name: string;
}

/** A subnet with its NSG association, as VNet injection (Databricks) takes it. */
export interface INsgAssociatedSubnet extends ISubnet {
  /** Id of the subnet's `azurerm_subnet_network_security_group_association`. */
  readonly networkSecurityGroupAssociationId: string;
  /**
   * Every resource that rewrites the whole subnet (NSG and NAT gateway associations). Whatever the subnet's name alone
   * references must depend on them, or Azure sees two writers of the same subnet.
   */
  readonly associations: readonly ITerraformDependable[];
}

/** Who a role assignment or a grant is for. */
export type PrincipalType = "ServicePrincipal" | "Group" | "User";

/** Anything with an Entra ID object id: managed identities, groups, users. */
export interface IPrincipal {
  /** Object id of the principal (may be a Terraform reference). */
  readonly principalId: string;
  /** Kind of principal; managed identities are `ServicePrincipal`. */
  readonly principalType: PrincipalType;
}

/** One diagnostic setting (AVM `diagnostic_settings`), sent to a Log Analytics workspace. */
export interface DiagnosticSettingProps {
  /** Resource id of the Log Analytics workspace that receives logs and metrics. */
  readonly workspaceId: string;
  /**
   * Log category groups to send.
   * @default ["allLogs"]
   */
  readonly logCategoryGroups?: string[];
  /**
   * Individual log categories to send (in addition to the groups).
   * @default [] - the category groups cover them
   */
  readonly logCategories?: string[];
  /**
   * Metric categories to send.
   * @default ["AllMetrics"]
   */
  readonly metricCategories?: string[];
  /**
   * Name of the diagnostic setting.
   * @default "diag-<key>"
   */
  readonly name?: string;
}

/** Diagnostic settings keyed by a stable caller-chosen key. */
export type DiagnosticSettingsProps = Record<string, DiagnosticSettingProps>;

/** A management lock (AVM `lock`). */
export interface LockProps {
  /** `CanNotDelete` blocks deletion; `ReadOnly` also blocks changes. */
  readonly kind: "CanNotDelete" | "ReadOnly";
  /**
   * Name of the lock.
   * @default "lock-<resource name>"
   */
  readonly name?: string;
}

/** One role assignment on the resource (AVM `role_assignments`). */
export interface RoleAssignmentProps {
  /** Built-in role name (e.g. "Storage Blob Data Reader") or a role definition resource id. */
  readonly roleDefinitionIdOrName: string;
  /** Object id of the principal. */
  readonly principalId: string;
  /**
   * Kind of principal; set it to avoid replication-delay failures for new identities.
   * @default - Azure detects it
   */
  readonly principalType?: PrincipalType;
  /**
   * Description shown in the portal.
   * @default - none
   */
  readonly description?: string;
  /**
   * An ABAC condition (condition version 2.0) that narrows the assignment, e.g. to blobs under one path. Azure accepts
   * conditions only on some roles (the storage blob and queue data roles, and role-assignment delegation).
   * @default - none: the role applies to everything at the scope
   */
  readonly condition?: string;
}

/** Role assignments keyed by a stable caller-chosen key. */
export type RoleAssignmentsProps = Record<string, RoleAssignmentProps>;

/**
 * The one private endpoint of a resource that has no other network path (the cluster's registry, the workloads'
 * vaults, the backup account): a subnet, and the private DNS zone it registers in.
 */
export interface SinglePrivateEndpoint {
  readonly subnetId: string;
  readonly privateDnsZoneId: string;
}

/** One private endpoint (AVM `private_endpoints`). */
export interface PrivateEndpointProps {
  /** Subnet that hosts the endpoint's network interface. */
  readonly subnetId: string;
  /** Private DNS zone ids the endpoint registers its A record in. */
  readonly privateDnsZoneIds: string[];
  /**
   * Name of the private endpoint.
   * @default "pe-<resource name>-<subresource>"
   */
  readonly name?: string;
}

/** Managed identities of a resource (AVM `managed_identities`). */
export interface ManagedIdentitiesProps {
  /**
   * Whether the resource gets a system-assigned identity.
   * @default true
   */
  readonly systemAssigned?: boolean;
  /**
   * User-assigned identity resource ids.
   * @default []
   */
  readonly userAssignedResourceIds?: string[];
}

/** Where a resource lives: shared by every construct. */
export interface ResourcePlacement {
  /** Resource group name. */
  readonly resourceGroupName: string;
  /** Azure region, e.g. "westeurope". */
  readonly location: string;
  /**
   * Tags on the resource (the stack's tagging aspect adds the organisation's mandatory tags).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}
