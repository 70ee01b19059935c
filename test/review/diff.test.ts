import { diffReviews } from "../../review/diff";
import { EnvironmentReview } from "../../review/review-model";

const review = (resources: Record<string, any>, allowed: any[] = [], violations: any[] = []): EnvironmentReview => ({
  format: "azure-platform-review/v1",
  environment: "dev",
  stacks: [{ name: "dev-data", dependencies: [], resourceCounts: {}, resources }],
  medallion: { notebooks: [], sources: [] },
  policy: { rulesEvaluated: 1, violations, waived: [], expiredWaivers: [] },
  reachability: { endpoints: [], allowed, probes: [] },
});

describe("diffReviews", () => {
  test("names changed attributes by their path, nested blocks and lists included", () => {
    const before = review({ "a.x": { path: "p", attributes: { tags: { owner: "a" }, rules: [{ port: 80 }] } } });
    const after = review({ "a.x": { path: "p", attributes: { tags: { owner: "b" }, rules: [{ port: 443 }] } } });
    expect(diffReviews(before, after).changed[0].attributes).toEqual([
      { attribute: "rules[0].port", before: 80, after: 443 },
      { attribute: "tags.owner", before: "a", after: "b" },
    ]);
  });

  test("compares embedded JSON (pipeline activities) field by field", () => {
    const activities = (timeout: string) => JSON.stringify([{ name: "Copy", policy: { timeout } }]);
    const before = review({ "p.x": { path: "p", attributes: { activities_json: activities("0.02:00:00") } } });
    const after = review({ "p.x": { path: "p", attributes: { activities_json: activities("0.04:00:00") } } });
    expect(diffReviews(before, after).changed[0].attributes).toEqual([{ attribute: "activities_json[0].policy.timeout", before: "0.02:00:00", after: "0.04:00:00" }]);
  });

  test("reports nothing for identical reviews", () => {
    const same = review({ "a.x": { path: "p", attributes: { name: "n" } } }, [{ from: "a", to: "b", port: 1, protocol: "TCP" }]);
    expect(diffReviews(same, same)).toEqual({ added: [], removed: [], changed: [], connectionsOpened: [], connectionsClosed: [], newFindings: [], resolvedFindings: [] });
  });

  test("reports opened connections and new findings", () => {
    const conn = { from: "shop/a", to: "shop/b", port: 8080, protocol: "TCP" };
    const finding = { ruleId: "STG-004", stack: "dev-data", path: "Lake/Resource", severity: "high", message: "m", fix: "f" };
    const changes = diffReviews(review({}), review({}, [conn], [finding]));
    expect(changes.connectionsOpened).toEqual(["shop/a -> shop/b:8080/TCP"]);
    expect(changes.newFindings).toEqual(["STG-004 dev-data Lake/Resource"]);
  });
});
