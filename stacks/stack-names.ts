/**
 * Stack names are a contract (tests, pipelines and reviews use them): `<environment>-<kind>`. This module has no
 * imports, so the pipeline tooling and the review read it without loading the constructs.
 */

/** The kinds of an environment's stacks and the suffix each name ends with. */
export const STACK_KINDS = { data: "data", databricks: "databricks", aks: "aks", k8sAddons: "k8s-addons", k8sConfig: "k8s-config" } as const;
export type StackKind = keyof typeof STACK_KINDS;

/** The names of an environment's stacks, by kind. */
export const stackNames = (environment: string) =>
  Object.fromEntries(Object.entries(STACK_KINDS).map(([kind, suffix]) => [kind, `${environment}-${suffix}`])) as {
    readonly [K in StackKind]: `${string}-${(typeof STACK_KINDS)[K]}`;
  };

/**
 * The environment and kind of a stack name that {@link stackNames} made, or undefined for any other name (say
 * `bootstrap`). Environment names are lowercase letters and digits (config/schema.ts), so the kind's suffix decides.
 */
export function stackIdentity(name: string): { readonly environment: string; readonly kind: StackKind } | undefined {
  for (const [kind, suffix] of Object.entries(STACK_KINDS) as [StackKind, string][]) {
    const environment = name.slice(0, -(suffix.length + 1));
    if (name === `${environment}-${suffix}` && /^[a-z][a-z0-9]*$/.test(environment)) return { environment, kind };
  }
  return undefined;
}
