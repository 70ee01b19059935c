/**
 * Whether the plan an apply job makes right before applying is the plan the environment's reviewers approved. The
 * apply job always plans again (state and the stacks before it may have moved since the plan job); it applies only
 * a plan of the same shape: the same numbers of adds, changes, destroys and replaces, and the same resources
 * destroyed and replaced. A first deployment (no state when the plan job ran) was approved as "create everything":
 * its plan must create only. Values are not compared (summaries never hold them).
 */
import { PlanSummary } from "./plan-summary";

/** What the plan job recorded for a stack: its summary, or that the stack had no state yet. */
export type ApprovedPlan = { readonly kind: "summary"; readonly summary: PlanSummary } | { readonly kind: "first-deployment" } | { readonly kind: "missing" };

export interface PlanMatch {
  readonly matches: boolean;
  /** Why not, for the job's log and summary. */
  readonly reason: string;
}

const same = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

/** Compares the apply job's plan with the approved one. */
export function matchPlan(approved: ApprovedPlan, current: PlanSummary): PlanMatch {
  if (current.failed) return { matches: false, reason: "the plan failed" };
  if (current.protectedDestroys.length > 0)
    return { matches: false, reason: `it destroys protected resources: ${current.protectedDestroys.map((p) => p.address).join(", ")}` };
  if (approved.kind === "missing") return { matches: false, reason: "no plan of this stack was approved in this run" };
  if (approved.kind === "first-deployment") {
    const createOnly = current.changes === 0 && current.destroys === 0 && current.replaces === 0;
    return createOnly
      ? { matches: true, reason: "first deployment: the plan only creates" }
      : { matches: false, reason: "approved as a first deployment, but the plan changes or destroys existing resources" };
  }
  const a = approved.summary;
  if (a.failed) return { matches: false, reason: "its plan failed in the plan job (it needed the stacks before it): the reviewers saw no plan" };
  const counts = (s: PlanSummary) => `${s.adds} to add, ${s.changes} to change, ${s.destroys} to destroy, ${s.replaces} to replace`;
  if (counts(a) !== counts(current)) return { matches: false, reason: `approved ${counts(a)}; now ${counts(current)}` };
  if (!same(a.destroyed, current.destroyed))
    return { matches: false, reason: `destroys other resources than approved: ${current.destroyed.join(", ") || "none"}` };
  if (!same(a.replaced, current.replaced))
    return { matches: false, reason: `replaces other resources than approved: ${current.replaced.join(", ") || "none"}` };
  return { matches: true, reason: `as approved (${counts(current)})` };
}
