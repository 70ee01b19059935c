import { ALL_RULES } from "./rules";
import { Finding, PolicyRule, StackPolicyResult, StackView, Waiver } from "./types";

/** `*` matches any run of characters; everything else literally. */
export function pathMatches(pattern: string, path: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(path);
}

/** True when the waiver's last valid day is before `today` (both YYYY-MM-DD). */
export function isExpired(waiver: Waiver, today: string): boolean {
  return waiver.expires < today;
}

/** Construct path without its stack prefix, as reported. */
export function relativePath(stack: string, path: string): string {
  return path.startsWith(`${stack}/`) ? path.slice(stack.length + 1) : path;
}

/**
 * Runs every rule over one synthesized stack and sorts findings into violations and waived ones. A waiver
 * covers a finding when its rule id matches and its resource pattern matches the construct path, and it has not
 * expired; expired waivers of this stack are returned so they fail too.
 */
export function evaluateStack(
  view: StackView,
  options: { readonly waivers?: readonly Waiver[]; readonly today: string; readonly rules?: readonly PolicyRule[] },
): StackPolicyResult {
  const rules = options.rules ?? ALL_RULES;
  const waivers = options.waivers ?? [];
  const violations: Finding[] = [];
  const waived: Finding[] = [];
  for (const rule of rules) {
    for (const v of rule.check(view, { today: options.today })) {
      const finding: Finding = {
        ruleId: rule.id,
        severity: rule.severity,
        stack: view.stack,
        path: relativePath(view.stack, v.resource.path),
        message: v.message,
        fix: rule.fix,
      };
      const waiver = waivers.find((w) => w.rule === rule.id && pathMatches(w.resource, v.resource.path) && !isExpired(w, options.today));
      if (waiver) waived.push({ ...finding, waiver });
      else violations.push(finding);
    }
  }
  const expiredWaivers = waivers.filter((w) => isExpired(w, options.today) && pathMatches(w.resource.split("/")[0], view.stack));
  return { stack: view.stack, violations, waived, expiredWaivers, rulesEvaluated: rules.length };
}

/** The project's line for a finding: `<rule id> <what is wrong>. Fix: <how>` (the stack and path come first). */
export function findingMessage(f: Pick<Finding, "ruleId" | "message" | "fix">): string {
  return `${f.ruleId} ${f.message}. Fix: ${f.fix}`;
}

/** The line for an expired waiver. */
export function expiredWaiverMessage(w: Waiver): string {
  return `${w.rule} waiver expired on ${w.expires} (${w.reason}). Fix: fix the finding, or renew the waiver with a new reason and expiry`;
}
