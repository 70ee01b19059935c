/**
 * Which resources of a synthesized stack (`cdk.tf.json`) are protected against deletion: `lifecycle.prevent_destroy`,
 * or an `azurerm_management_lock` (CanNotDelete or ReadOnly: both refuse deletes) on the resource or on its resource
 * group. Only addresses and reasons come out, never attribute values.
 */

/** A resource a plan would destroy (delete or replace) although it is protected. */
export interface ProtectedDestroy {
  readonly address: string;
  readonly reason: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `<type>.<name>` of a Terraform reference `${<type>.<name>.id}` (or `${<type>.<name>[0].id}`), else undefined. */
export function referencedResource(reference: unknown, attribute = "id"): string | undefined {
  if (typeof reference !== "string") return undefined;
  const match = new RegExp(`^\\$\\{([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)(?:\\[[^\\]]+\\])?\\.${attribute}\\}$`).exec(reference);
  return match?.[1];
}

/**
 * The root-module resource `<type>.<name>` of a plan address: `azurerm_x.y[0]` → `azurerm_x.y`. Undefined for data
 * sources and resources inside modules (a cdktf stack declares neither in its `resource` block).
 */
export function configAddress(address: string): string | undefined {
  if (address.startsWith("module.") || address.startsWith("data.")) return undefined;
  const match = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(?:\[.*\])?$/.exec(address);
  return match?.[1];
}

/** Every resource of the stack JSON as `[<type>.<name>, body]`. */
function resourcesOf(stackJson: unknown): [string, Record<string, unknown>][] {
  const resource = isRecord(stackJson) && isRecord(stackJson.resource) ? stackJson.resource : {};
  return Object.entries(resource).flatMap(([type, byName]) =>
    isRecord(byName)
      ? Object.entries(byName).flatMap(([name, body]) => (isRecord(body) ? [[`${type}.${name}`, body] as [string, Record<string, unknown>]] : []))
      : [],
  );
}

/** Lock levels that make Azure refuse a delete. */
export const DELETE_REFUSING_LOCK_LEVELS: readonly string[] = ["CanNotDelete", "ReadOnly"];

/**
 * Protected resources of a stack JSON: `<type>.<name>` → why (`lifecycle.prevent_destroy`, `management lock
 * azurerm_management_lock.x (CanNotDelete)`, or `in resource group azurerm_resource_group.rg, locked by ...`).
 */
export function protectedResources(stackJson: unknown): Map<string, string> {
  const resources = resourcesOf(stackJson);
  const reasons = new Map<string, string[]>();
  const add = (address: string, reason: string) => reasons.set(address, [...(reasons.get(address) ?? []), reason]);
  for (const [address, body] of resources) {
    if (isRecord(body.lifecycle) && body.lifecycle.prevent_destroy === true) add(address, "lifecycle.prevent_destroy");
  }
  for (const [lock, body] of resources.filter(([a]) => a.startsWith("azurerm_management_lock."))) {
    if (typeof body.lock_level !== "string" || !DELETE_REFUSING_LOCK_LEVELS.includes(body.lock_level)) continue;
    const target = referencedResource(body.scope);
    if (!target) continue;
    const lockReason = `management lock ${lock} (${body.lock_level})`;
    add(target, lockReason);
    if (target.startsWith("azurerm_resource_group.")) {
      for (const [address, member] of resources) {
        if (address !== lock && referencedResource(member.resource_group_name, "name") === target)
          add(address, `in resource group ${target}, locked by ${lock} (${body.lock_level})`);
      }
    }
  }
  return new Map([...reasons].map(([address, list]) => [address, [...new Set(list)].join("; ")]));
}
