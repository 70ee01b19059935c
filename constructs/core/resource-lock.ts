import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Construct } from "constructs";
import { LockProps } from "./interfaces";

/** Adds an `azurerm_management_lock` as child `Lock` of `scope` when `lock` is given. */
export function addLock(scope: Construct, targetResourceId: string, resourceName: string, lock: LockProps | undefined): ManagementLock | undefined {
  if (!lock) return undefined;
  return new ManagementLock(scope, "Lock", {
    name: lock.name ?? `lock-${resourceName}`,
    scope: targetResourceId,
    lockLevel: lock.kind,
    notes: `${lock.kind} lock managed by infrastructure as code; remove it through code, not the portal.`,
  });
}
