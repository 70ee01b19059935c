import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluateStack } from "../../policies/engine";
import { rulesTable } from "../../policies/list-rules";
import { ALL_RULES } from "../../policies/rules";
import { AZURE_CASES } from "./cases/azure";
import { CERTIFICATE_CASES } from "./cases/certificates";
import { GATEWAY_CLIENT_CASES } from "./cases/gateway-clients";
import { CLUSTER_PLATFORM_CASES } from "./cases/cluster-platform";
import { IDENTITY_CASES } from "./cases/identity";
import { KUBERNETES_CASES } from "./cases/kubernetes";
import { NETWORK_CASES } from "./cases/network";
import { OBSERVABILITY_CASES } from "./cases/observability";
import { PROTECTION_CASES } from "./cases/protection";
import { aksResources, appNamespace, dataResources, deployment, hpa, K8S, RuleCaseTable, view } from "./fixtures";

/** Every fixture table; a rule without an entry here fails the meta-tests below. */
const TABLES: Record<string, RuleCaseTable> = {
  azure: AZURE_CASES,
  kubernetes: KUBERNETES_CASES,
  clusterPlatform: CLUSTER_PLATFORM_CASES,
  protection: PROTECTION_CASES,
  identity: IDENTITY_CASES,
  network: NETWORK_CASES,
  certificates: CERTIFICATE_CASES,
  gatewayClients: GATEWAY_CLIENT_CASES,
  observability: OBSERVABILITY_CASES,
};
const ALL_CASES: RuleCaseTable = Object.assign({}, ...Object.values(TABLES));
const ids = ALL_RULES.map((r) => r.id);

describe("the policy pack", () => {
  test("rule ids are unique and look like AAA-000", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z0-9]+-\d{3}$/);
  });

  test.each(ALL_RULES.map((r) => [r.id, r] as const))("%s has a severity, title, rationale and fix", (_id, rule) => {
    expect(["critical", "high", "medium", "low"]).toContain(rule.severity);
    for (const text of [rule.title, rule.rationale, rule.fix]) {
      expect(typeof text).toBe("string");
      expect(text.trim().length).toBeGreaterThan(10);
    }
    expect(typeof rule.check).toBe("function");
  });

  test("every rule has fixtures, and every fixture names a rule of the pack", () => {
    expect(Object.keys(ALL_CASES).sort()).toEqual([...ids].sort());
    // No table overrides another's entry.
    const counted = Object.values(TABLES).reduce((n, t) => n + Object.keys(t).length, 0);
    expect(counted).toBe(ids.length);
  });

  test.each(ids)("%s has at least one compliant and one violating fixture", (id) => {
    expect(Object.keys(ALL_CASES[id]?.compliant ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(ALL_CASES[id]?.violating ?? {}).length).toBeGreaterThan(0);
    for (const c of Object.values(ALL_CASES[id]?.violating ?? {})) expect(c.expected.length).toBeGreaterThan(0);
  });

  test.each(ids)("%s, if it applies to production only, shows it does not apply elsewhere", (id) => {
    const rule = ALL_RULES.find((r) => r.id === id)!;
    const cases = ALL_CASES[id];
    // A rule is production-only when none of its violating fixtures violates once the stack is not production.
    const productionOnly = Object.values(cases.violating).every((c) => rule.check({ ...c.view, production: false }, { today: "2026-11-26" }).length === 0);
    if (productionOnly) expect(Object.keys(cases.notApplicable ?? {}).length).toBeGreaterThan(0);
    else expect(cases.notApplicable === undefined || Object.values(cases.notApplicable).every((v) => !v.production)).toBe(true);
  });

  test("the production-only rules are the ones that say so", () => {
    const productionOnly = ALL_RULES.filter((r) =>
      Object.values(ALL_CASES[r.id].violating).every((c) => r.check({ ...c.view, production: false }).length === 0),
    ).map((r) => r.id);
    expect(productionOnly.sort()).toEqual([
      "AKS-009",
      "AKS-016",
      "DEF-001",
      "DP-001",
      "DP-002",
      "DP-003",
      "K8S-011",
      "K8S-017",
      "K8S-018",
      "NET-001",
      "SQL-006",
    ]);
  });

  test("the README's rule count is the pack's", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    expect(/(\d+) rules with stable ids/.exec(readme)?.[1]).toBe(String(ALL_RULES.length));
  });

  test("`npm run policy` lists every rule once", () => {
    const rows = rulesTable().split("\n").slice(2);
    expect(rows.map((r) => r.split("|")[1].trim())).toEqual(ids);
  });
});

describe("the compliant baselines pass the whole pack", () => {
  const today = "2026-11-26";
  test.each(["dev", "prod"])("%s data stack", (env) => {
    expect(evaluateStack(view(`${env}-data`, dataResources(`${env}-data`)), { today }).violations).toEqual([]);
  });
  test.each(["dev", "prod"])("%s AKS stack", (env) => {
    expect(evaluateStack(view(`${env}-aks`, aksResources(`${env}-aks`)), { today }).violations).toEqual([]);
  });
  test("k8s-config stack with two application namespaces", () => {
    const v = view(K8S, [...appNamespace(), ...appNamespace("web"), deployment(), hpa(), deployment({ ns: "web", name: "site" }), hpa({}, "web", "site")]);
    expect(v.resources).toHaveLength(10);
    expect(evaluateStack(v, { today }).violations).toEqual([]);
  });
  test("the prod data baseline violates the production rules once its protections are removed", () => {
    const stripped = dataResources("prod-data")
      .filter((r) => r.type !== "azurerm_management_lock")
      .map((r) => ({ ...r, attrs: { ...r.attrs, lifecycle: undefined } }));
    const found = evaluateStack(view("prod-data", stripped), { today }).violations.map((f) => `${f.ruleId} ${f.path}`);
    expect(found.sort()).toEqual([
      "DP-001 Platform/Lake/Resource",
      "DP-001 Platform/Sql/Database",
      "DP-002 Platform/Databricks/Resource",
      "DP-002 Platform/Lake/Resource",
      "DP-002 Platform/Sql/Server",
      "DP-003 Platform/Databricks/Resource",
    ]);
  });
});
