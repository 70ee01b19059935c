import { run } from "@bufbuild/cel";

/** JSON as CEL values: objects become maps (what the API server binds `object` and `request` to). */
export function celValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(celValue);
  if (value && typeof value === "object") return new Map(Object.entries(value).map(([k, v]) => [k, celValue(v)]));
  return value;
}

/**
 * What the API server does with a ValidatingAdmissionPolicy manifest for one CREATE request, its CEL evaluated by
 * @bufbuild/cel: is the request matched by a resource rule and every match condition, and if so, does every
 * validation hold. True when the request is admitted.
 */
export function admits(policy: any, namespace: string, group: string, resource: string, object: Record<string, unknown>): boolean {
  const rules = policy.spec.matchConstraints.resourceRules;
  if (!rules.some((r: any) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.operations.includes("CREATE"))) return true;
  const request = celValue({ namespace, resource: { group, resource }, operation: "CREATE" });
  const bindings: Record<string, unknown> = { request, object: celValue(object) };
  if (!(policy.spec.matchConditions ?? []).every((m: any) => run(m.expression, bindings as any) === true)) return true;
  const variables = new Map<string, unknown>();
  for (const v of policy.spec.variables ?? []) variables.set(v.name, run(v.expression, { ...bindings, variables } as any));
  return policy.spec.validations.every((v: any) => run(v.expression, { ...bindings, variables } as any) === true);
}
