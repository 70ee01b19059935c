import { evaluateStack, expiredWaiverMessage, findingMessage, isExpired, pathMatches, relativePath } from "../../policies/engine";
import { resourceRule } from "../../policies/rule-helpers";
import { ALL_RULES } from "../../policies/rules";
import { Waiver } from "../../policies/types";
import { storage, view } from "./fixtures";

/** A rule that flags every `test_thing` whose `bad` argument is true. */
const THING = resourceRule({
  id: "TST-001",
  severity: "high",
  title: "Things are not bad",
  rationale: "Bad things are bad.",
  fix: "set bad = false",
  types: ["test_thing"],
  test: (a) => (a.bad === true ? "is bad" : undefined),
});
const OTHER = resourceRule({ ...THING, id: "TST-002", types: ["test_other"], test: () => "is other" });
const rules = [THING, OTHER];

const thing = (name: string, path: string, bad = true) => ({ type: "test_thing", name, path, attrs: { bad } });
const STACK = view("dev-data", [
  thing("lake", "dev-data/Platform/Lake/Resource"),
  thing("factory", "dev-data/Platform/Factory/Resource"),
  thing("ok", "dev-data/Ok/Resource", false),
]);

const waiver = (resource: string, overrides: Partial<Waiver> = {}): Waiver => ({
  rule: "TST-001",
  resource,
  reason: "accepted in dev for now",
  expires: "2027-05-31",
  ...overrides,
});

const evaluate = (waivers: Waiver[], today = "2026-11-26", stack = STACK) => evaluateStack(stack, { waivers, today, rules });
const paths = (findings: { path: string }[]) => findings.map((f) => f.path);

describe("evaluateStack without waivers", () => {
  test("reports each violation once, with the path relative to the stack, the rule's severity and fix", () => {
    const result = evaluate([]);
    expect(result).toEqual({
      stack: "dev-data",
      violations: [
        { ruleId: "TST-001", severity: "high", stack: "dev-data", path: "Platform/Lake/Resource", message: "is bad", fix: "set bad = false" },
        { ruleId: "TST-001", severity: "high", stack: "dev-data", path: "Platform/Factory/Resource", message: "is bad", fix: "set bad = false" },
      ],
      waived: [],
      expiredWaivers: [],
      rulesEvaluated: 2,
    });
  });

  test("runs the whole pack by default", () => {
    const result = evaluateStack(view("dev-data", [storage("dev-data", { min_tls_version: "TLS1_1" })]), { today: "2026-11-26" });
    expect(result.rulesEvaluated).toBe(ALL_RULES.length);
    expect(result.violations.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["STG-001 Platform/Lake/Resource"]);
  });

  test("keeps a path outside the stack as it is", () => {
    expect(relativePath("dev-data", "dev-data/Lake/Resource")).toBe("Lake/Resource");
    expect(relativePath("dev-data", "dev-data-extra/Lake/Resource")).toBe("dev-data-extra/Lake/Resource");
    expect(relativePath("dev-data", "dev-aks/Cluster")).toBe("dev-aks/Cluster");
  });
});

describe("waiver matching", () => {
  test("a waiver for the exact construct path waives that finding only", () => {
    const w = waiver("dev-data/Platform/Lake/Resource");
    const result = evaluate([w]);
    expect(paths(result.waived)).toEqual(["Platform/Lake/Resource"]);
    expect(result.waived[0].waiver).toBe(w);
    expect(paths(result.violations)).toEqual(["Platform/Factory/Resource"]);
    expect(result.expiredWaivers).toEqual([]);
  });

  test("`*` matches any run of characters, slashes included", () => {
    expect(paths(evaluate([waiver("dev-data/Platform/*/Resource")]).waived)).toEqual(["Platform/Lake/Resource", "Platform/Factory/Resource"]);
    expect(paths(evaluate([waiver("dev-data/*")]).waived)).toEqual(["Platform/Lake/Resource", "Platform/Factory/Resource"]);
    expect(paths(evaluate([waiver("dev-data/*Factory*")]).waived)).toEqual(["Platform/Factory/Resource"]);
    expect(evaluate([waiver("dev-data/*")]).violations).toEqual([]);
  });

  test("a waiver with another rule id waives nothing", () => {
    const result = evaluate([waiver("dev-data/Platform/Lake/Resource", { rule: "TST-002" }), waiver("dev-data/*", { rule: "STG-004" })]);
    expect(result.waived).toEqual([]);
    expect(paths(result.violations)).toEqual(["Platform/Lake/Resource", "Platform/Factory/Resource"]);
  });

  test("a waiver for another path or stack waives nothing", () => {
    for (const resource of ["dev-data/Platform/Lake", "dev-data/Platform/Lake/Resource/Extra", "prod-data/Platform/Lake/Resource", "Platform/Lake/Resource"]) {
      expect(evaluate([waiver(resource)]).waived).toEqual([]);
    }
  });

  test("pathMatches is anchored and treats everything but `*` literally", () => {
    expect(pathMatches("dev-data/Lake/Resource", "dev-data/Lake/Resource")).toBe(true);
    expect(pathMatches("dev-data/Lake", "dev-data/Lake/Resource")).toBe(false);
    expect(pathMatches("Lake/Resource", "dev-data/Lake/Resource")).toBe(false);
    expect(pathMatches("dev-data/Lake.Resource", "dev-data/LakeXResource")).toBe(false);
    expect(pathMatches("dev-data/(Lake)+", "dev-data/LakeLake")).toBe(false);
    expect(pathMatches("dev-data/(Lake)+", "dev-data/(Lake)+")).toBe(true);
    expect(pathMatches("dev-data/La[k]e", "dev-data/Lake")).toBe(false);
    expect(pathMatches("dev-*/Lake/Resource", "dev-data/Lake/Resource")).toBe(true);
    expect(pathMatches("*", "anything/at/all")).toBe(true);
  });
});

describe("waiver expiry", () => {
  const w = waiver("dev-data/Platform/Lake/Resource", { expires: "2027-05-31" });

  test("a waiver is valid through its expires day and expired the day after", () => {
    expect(isExpired(w, "2026-11-26")).toBe(false);
    expect(isExpired(w, "2027-05-31")).toBe(false);
    expect(isExpired(w, "2027-06-01")).toBe(true);
    expect(isExpired({ ...w, expires: "2027-12-31" }, "2028-01-01")).toBe(true);
    expect(isExpired({ ...w, expires: "2027-12-31" }, "2027-12-31")).toBe(false);
  });

  test("on its last day it still waives", () => {
    const result = evaluate([w], "2027-05-31");
    expect(paths(result.waived)).toEqual(["Platform/Lake/Resource"]);
    expect(result.expiredWaivers).toEqual([]);
  });

  test("the day after, it no longer waives and is itself reported", () => {
    const result = evaluate([w], "2027-06-01");
    expect(result.waived).toEqual([]);
    expect(paths(result.violations)).toEqual(["Platform/Lake/Resource", "Platform/Factory/Resource"]);
    expect(result.expiredWaivers).toEqual([w]);
  });

  test("an expired waiver is reported only for the stack it names", () => {
    const aks = view("dev-aks", [thing("cluster", "dev-aks/Cluster/Resource", false)]);
    const extra = view("dev-data-extra", [thing("lake", "dev-data-extra/Platform/Lake/Resource", false)]);
    expect(evaluate([w], "2027-06-01", aks).expiredWaivers).toEqual([]);
    expect(evaluate([w], "2027-06-01", extra).expiredWaivers).toEqual([]);
    expect(evaluate([w], "2027-06-01", STACK).expiredWaivers).toEqual([w]);
  });

  test("an expired waiver is reported even when its finding has been fixed", () => {
    const fixed = view("dev-data", [thing("lake", "dev-data/Platform/Lake/Resource", false)]);
    const result = evaluate([w], "2027-06-01", fixed);
    expect(result.violations).toEqual([]);
    expect(result.expiredWaivers).toEqual([w]);
  });

  test("a valid waiver still applies when another, expired one matches the same finding", () => {
    const renewed = { ...w, expires: "2028-05-31", reason: "renewed after review" };
    const result = evaluate([w, renewed], "2027-06-01");
    expect(paths(result.waived)).toEqual(["Platform/Lake/Resource"]);
    expect(result.waived[0].waiver).toBe(renewed);
    expect(result.expiredWaivers).toEqual([w]);
  });
});

describe("messages", () => {
  test("findingMessage is `<rule id> <what is wrong>. Fix: <how>`", () => {
    expect(findingMessage({ ruleId: "STG-004", message: "public network access is enabled", fix: "set public_network_access_enabled = false" })).toBe(
      "STG-004 public network access is enabled. Fix: set public_network_access_enabled = false",
    );
    const [finding] = evaluate([]).violations;
    expect(findingMessage(finding)).toBe("TST-001 is bad. Fix: set bad = false");
  });

  test("expiredWaiverMessage names the rule, the date and the reason", () => {
    expect(expiredWaiverMessage(waiver("dev-data/Platform/Lake/Resource"))).toBe(
      "TST-001 waiver expired on 2027-05-31 (accepted in dev for now). Fix: fix the finding, or renew the waiver with a new reason and expiry",
    );
  });
});
