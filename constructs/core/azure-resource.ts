import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { addDiagnosticSettings, DiagnosticDefaults } from "./diagnostic-settings";
import { DiagnosticSettingsProps, IPrincipal, LockProps, PrivateEndpointProps, ResourcePlacement, RoleAssignmentsProps } from "./interfaces";
import { addLock } from "./resource-lock";
import { addRoleAssignments, grantRole } from "./role-assignments";
import { addPrivateEndpoints } from "./private-endpoints";

/** The AVM interfaces a resource construct takes, under their AVM names. */
export interface AzureResourceInterfaces {
  /** @default {} - none */
  readonly privateEndpoints?: Record<string, PrivateEndpointProps>;
  /** @default {} - none */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
  /** @default {} - none */
  readonly roleAssignments?: RoleAssignmentsProps;
  /** @default - no lock */
  readonly lock?: LockProps;
}

/** Options of {@link AzureResource.grantRole}. */
export interface GrantOptions {
  /** Shown in the portal. @default "<role> on <construct path>" */
  readonly description?: string;
  /** An ABAC condition (version 2.0; only some roles accept one). @default - none */
  readonly condition?: string;
}

/**
 * Base of the constructs whose primary resource is one Azure resource: `id` is its resource id, the AVM interfaces
 * are applied in one call ({@link applyInterfaces}) and any role can be granted on it ({@link grantRole}) beside the
 * construct's specific grants.
 *
 * @example
 * ```ts
 * const vault = new KeyVault(this, "Vault", { resourceGroupName: rg.name, location: "westeurope", name: "kv-data-dev", tenantId });
 * vault.grantRole(auditors, "Key Vault Reader", "auditors", { description: "Audit reads vault metadata" });
 * ```
 */
export abstract class AzureResource extends Construct {
  /** Resource id of the primary resource. */
  public abstract readonly id: string;

  /**
   * Grants `role` (a built-in role name or a role definition id) on the resource to `principal`, as child
   * `Grant-<key>`.
   */
  public grantRole(principal: IPrincipal, role: string, key: string, options: GrantOptions = {}): RoleAssignment[] {
    return [grantRole(this, key, this.id, role, principal, options.description ?? `${role} on ${this.node.path}`, options.condition)];
  }

  /**
   * Applies the AVM interfaces to the primary resource: private endpoints (to `privateEndpointSubresource`), diagnostic
   * settings (over `diagnostics` defaults), role assignments and the lock, as children `PrivateEndpoint-<key>`,
   * `DiagnosticSetting-<key>`, `RoleAssignment-<key>` and the lock's: the ids the single helpers give them.
   */
  protected applyInterfaces(
    target: { readonly name: string; readonly placement: ResourcePlacement; readonly privateEndpointSubresource?: string },
    props: AzureResourceInterfaces,
    diagnostics?: DiagnosticDefaults,
  ): void {
    if (target.privateEndpointSubresource !== undefined) {
      addPrivateEndpoints(
        this,
        { id: this.id, name: target.name, subresourceName: target.privateEndpointSubresource, placement: target.placement },
        props.privateEndpoints,
      );
    }
    addDiagnosticSettings(this, this.id, props.diagnosticSettings, diagnostics);
    addRoleAssignments(this, this.id, props.roleAssignments);
    addLock(this, this.id, target.name, props.lock);
  }
}
