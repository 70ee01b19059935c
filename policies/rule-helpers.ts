import { ofType } from "./stack-view";
import { PolicyContext, PolicyRule, ResourceView, StackView, Violation } from "./types";

type RuleMeta = Omit<PolicyRule, "check">;

/**
 * A rule that looks at each resource of the given types on its own: `test` returns what is wrong, or undefined.
 * `productionOnly` rules apply to production stacks only.
 */
export function resourceRule(
  meta: RuleMeta & {
    readonly types: string[];
    readonly productionOnly?: boolean;
    readonly test: (attrs: Record<string, any>, resource: ResourceView, stack: StackView, context: PolicyContext) => string | undefined;
  },
): PolicyRule {
  const { types, productionOnly, test, ...rest } = meta;
  return {
    ...rest,
    check(stack: StackView, context: PolicyContext = { today: new Date().toISOString().slice(0, 10) }): Violation[] {
      if (productionOnly && !stack.production) return [];
      return ofType(stack, ...types).flatMap((resource) => {
        const message = test(resource.attrs, resource, stack, context);
        return message === undefined ? [] : [{ resource, message }];
      });
    },
  };
}

/** A rule with its own traversal (cross-resource checks). */
export function stackRule(meta: RuleMeta & { readonly check: (stack: StackView, context?: PolicyContext) => Violation[] }): PolicyRule {
  return meta;
}

/** `what` when `condition` fails, for one-line tests. */
export function unless(condition: boolean, what: string): string | undefined {
  return condition ? undefined : what;
}

/** The role of `roles` (built-in, by name and id) an assignment grants, by name or by id, or undefined. */
export function builtInRole(attrs: Record<string, any>, roles: Readonly<Record<string, string>>): string | undefined {
  if (typeof attrs.role_definition_name === "string" && attrs.role_definition_name in roles) return attrs.role_definition_name;
  const id = String(attrs.role_definition_id ?? "").toLowerCase();
  return Object.entries(roles).find(([, guid]) => id.endsWith(guid))?.[0];
}
