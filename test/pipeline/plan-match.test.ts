import { matchPlan } from "../../pipeline/plan-match";
import { PlanSummary } from "../../pipeline/plan-summary";

const summary = (over: Partial<PlanSummary> = {}): PlanSummary => ({
  stack: "prod-data",
  adds: 2,
  changes: 1,
  destroys: 1,
  replaces: 1,
  destroyed: ["azurerm_subnet.Old"],
  replaced: ["azurerm_storage_container.Logs"],
  protectedDestroys: [],
  ...over,
});

describe("matchPlan", () => {
  test("the same shape matches, whatever the order of the lists", () => {
    expect(matchPlan({ kind: "summary", summary: summary() }, summary())).toEqual({
      matches: true,
      reason: "as approved (2 to add, 1 to change, 1 to destroy, 1 to replace)",
    });
    const two = summary({ destroys: 2, destroyed: ["b", "a"] });
    expect(matchPlan({ kind: "summary", summary: two }, summary({ destroys: 2, destroyed: ["a", "b"] })).matches).toBe(true);
  });

  test("other counts, other destroys or other replaces do not match", () => {
    expect(matchPlan({ kind: "summary", summary: summary() }, summary({ adds: 3 }))).toEqual({
      matches: false,
      reason: "approved 2 to add, 1 to change, 1 to destroy, 1 to replace; now 3 to add, 1 to change, 1 to destroy, 1 to replace",
    });
    expect(matchPlan({ kind: "summary", summary: summary() }, summary({ destroyed: ["azurerm_subnet.Other"] })).reason).toBe(
      "destroys other resources than approved: azurerm_subnet.Other",
    );
    expect(matchPlan({ kind: "summary", summary: summary() }, summary({ replaced: ["x"] })).reason).toBe("replaces other resources than approved: x");
  });

  test("a first deployment matches a create-only plan, nothing else", () => {
    const create = summary({ adds: 40, changes: 0, destroys: 0, replaces: 0, destroyed: [], replaced: [] });
    expect(matchPlan({ kind: "first-deployment" }, create)).toEqual({ matches: true, reason: "first deployment: the plan only creates" });
    expect(matchPlan({ kind: "first-deployment" }, summary()).matches).toBe(false);
  });

  test("nothing approved, a plan that failed in the plan job, a failed or protected-destroying new plan: no match", () => {
    expect(matchPlan({ kind: "missing" }, summary()).reason).toBe("no plan of this stack was approved in this run");
    expect(matchPlan({ kind: "summary", summary: summary({ failed: true }) }, summary()).reason).toMatch(/^its plan failed in the plan job/);
    expect(matchPlan({ kind: "summary", summary: summary() }, summary({ failed: true })).reason).toBe("the plan failed");
    const prot = summary({ protectedDestroys: [{ address: "azurerm_storage_account.Lake", reason: "prevent_destroy" }] as never });
    expect(matchPlan({ kind: "summary", summary: prot }, prot)).toEqual({
      matches: false,
      reason: "it destroys protected resources: azurerm_storage_account.Lake",
    });
  });
});
