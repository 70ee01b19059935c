import { evaluateStack } from "../../policies/engine";
import { RuleCaseTable, ruleById } from "./fixtures";

const TODAY = "2026-11-26";

/**
 * For each rule of the table: compliant fixtures yield no violation of the rule; violating fixtures yield exactly
 * the expected violations (construct path and message), and across the whole pack only this rule (and the rules
 * the case names) fires, so each fixture isolates its rule; not-applicable fixtures yield nothing here but
 * violate once the same stack is production.
 */
export function describeRuleCases(table: RuleCaseTable): void {
  for (const [id, cases] of Object.entries(table)) {
    describe(id, () => {
      const rule = ruleById(id);

      test.each(Object.entries(cases.compliant))("compliant: %s", (_name, view) => {
        expect(rule.check(view, { today: TODAY })).toEqual([]);
      });

      test.each(Object.entries(cases.violating))("violating: %s", (_name, c) => {
        const found = rule.check(c.view, { today: TODAY }).map((v) => ({ path: v.resource.path, message: v.message }));
        expect(found.map((f) => f.path)).toEqual(c.expected.map((e) => e.path));
        found.forEach((f, i) => expect(f.message).toMatch(c.expected[i].message));
        const firing = [...new Set(evaluateStack(c.view, { today: TODAY }).violations.map((f) => f.ruleId))].sort();
        expect(firing).toEqual([id, ...(c.alsoFlaggedBy ?? [])].sort());
      });

      if (cases.notApplicable) {
        test.each(Object.entries(cases.notApplicable))("not applicable outside production: %s", (_name, view) => {
          expect(view.production).toBe(false);
          expect(rule.check(view, { today: TODAY })).toEqual([]);
          expect(rule.check({ ...view, production: true }, { today: TODAY }).length).toBeGreaterThan(0);
        });
      }
    });
  }
}
