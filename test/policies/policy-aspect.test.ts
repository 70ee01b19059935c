import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { StorageAccount, StorageAccountConfig } from "@cdktf/provider-azurerm/lib/storage-account";
import { App, Aspects, TerraformStack, Testing } from "cdktf";
import { PolicyAspect, PolicyAspectProps } from "../../policies/policy-aspect";
import { ALL_RULES } from "../../policies/rules";
import { PolicyRule, Waiver } from "../../policies/types";
import { SynthRefusedError, synthesizeAtomically } from "../../stacks/synthesize";

const STG_004_FIX = "set public_network_access_enabled = false and use private endpoints";
const STG_004_LINE = `stack Account: STG-004 public network access is enabled. Fix: ${STG_004_FIX}`;

/** A storage account compliant with every rule except STG-004 (public network access on). */
const ACCOUNT: StorageAccountConfig = {
  name: "stpolicytest",
  resourceGroupName: "rg-test",
  location: "westeurope",
  accountTier: "Standard",
  accountReplicationType: "LRS",
  minTlsVersion: "TLS1_2",
  httpsTrafficOnlyEnabled: true,
  sharedAccessKeyEnabled: false,
  publicNetworkAccessEnabled: true,
  allowNestedItemsToBePublic: false,
  networkRules: { defaultAction: "Deny", bypass: ["None"] },
  blobProperties: { deleteRetentionPolicy: { days: 7 }, containerDeleteRetentionPolicy: { days: 7 } },
};

const WAIVER: Waiver = { rule: "STG-004", resource: "stack/Account", reason: "sample data loads from the office", expires: "2027-05-31" };

function addStack(app: App, props: Partial<PolicyAspectProps> = {}, account: Partial<StorageAccountConfig> = {}): TerraformStack {
  const stack = new TerraformStack(app, "stack");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const storage = new StorageAccount(stack, "Account", { ...ACCOUNT, ...account });
  // Its blob service's logs go to a workspace (OBS-002).
  new MonitorDiagnosticSetting(stack, "AccountLogs", {
    name: "diag-logs",
    targetResourceId: `${storage.id}/blobServices/default`,
    logAnalyticsWorkspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law",
    enabledLog: [{ categoryGroup: "allLogs" }],
  });
  Aspects.of(stack).add(new PolicyAspect({ environment: "dev", production: false, today: "2026-11-26", ...props }));
  return stack;
}

/** A fresh, not yet existing output directory in its own temp parent. */
function outdir(): string {
  return join(mkdtempSync(join(tmpdir(), "policy-aspect-")), "cdktf.out");
}

/** Synthesizes the one-stack app; returns the stack. */
function synth(
  out: string,
  props: Partial<PolicyAspectProps> = {},
  account: Partial<StorageAccountConfig> = {},
  context: Record<string, unknown> = {},
): TerraformStack {
  let stack: TerraformStack | undefined;
  synthesizeAtomically(out, (app) => (stack = addStack(app, props, account)), { context });
  return stack!;
}

/** The SynthRefusedError lines of a synth that must be refused, after checking nothing was written. */
function refusedLines(props: Partial<PolicyAspectProps> = {}, account: Partial<StorageAccountConfig> = {}, context: Record<string, unknown> = {}): string[] {
  const out = outdir();
  let error: unknown;
  try {
    synth(out, props, account, context);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthRefusedError);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(join(out, ".."))).toEqual([]);
  return (error as SynthRefusedError).lines;
}

describe("PolicyAspect with synthesizeAtomically", () => {
  test("a violation refuses the synth with `<stack> <path>: <rule> <message>. Fix: <fix>` and writes nothing", () => {
    expect(refusedLines()).toEqual([STG_004_LINE]);
    expect(ALL_RULES.find((r) => r.id === "STG-004")!.fix).toBe(STG_004_FIX);
  });

  test("several violations give one line each", () => {
    expect(refusedLines({}, { minTlsVersion: "TLS1_1", sharedAccessKeyEnabled: true })).toEqual([
      'stack Account: STG-001 min_tls_version is "TLS1_1". Fix: set min_tls_version = TLS1_2',
      "stack Account: STG-003 shared-key authorization is enabled. Fix: set shared_access_key_enabled = false (and storage_use_azuread = true on the provider)",
      STG_004_LINE,
    ]);
  });

  test("the rules prop limits the pack", () => {
    const rules = ALL_RULES.filter((r) => r.id === "STG-001");
    const out = outdir();
    const stack = synth(out, { rules });
    expect(PolicyAspect.resultsOf(stack)).toMatchObject({ violations: [], rulesEvaluated: 1 });
    expect(existsSync(join(out, "stacks", "stack", "cdk.tf.json"))).toBe(true);
  });

  test("a compliant stack synthesizes and its results list no finding", () => {
    const out = outdir();
    const stack = synth(out, {}, { publicNetworkAccessEnabled: false });
    expect(PolicyAspect.resultsOf(stack)).toEqual({ stack: "stack", violations: [], waived: [], expiredWaivers: [], rulesEvaluated: ALL_RULES.length });
    const json = JSON.parse(readFileSync(join(out, "stacks", "stack", "cdk.tf.json"), "utf8"));
    expect(json.resource.azurerm_storage_account.Account.public_network_access_enabled).toBe(false);
  });

  test("a waiver lets the synth through and the finding is listed as waived", () => {
    const out = outdir();
    const stack = synth(out, { waivers: [WAIVER] });
    expect(existsSync(join(out, "stacks", "stack", "cdk.tf.json"))).toBe(true);
    const result = PolicyAspect.resultsOf(stack)!;
    expect(result.violations).toEqual([]);
    expect(result.expiredWaivers).toEqual([]);
    expect(result.waived).toEqual([
      {
        ruleId: "STG-004",
        severity: "high",
        stack: "stack",
        path: "Account",
        message: "public network access is enabled",
        fix: STG_004_FIX,
        waiver: WAIVER,
      },
    ]);
    // The waived finding is an info annotation on the account.
    const account = stack.node.findChild("Account");
    expect(account.node.metadata.filter((m) => m.type === "@cdktf/info").map((m) => m.data)).toEqual([
      "waived STG-004 until 2027-05-31: public network access is enabled (sample data loads from the office)",
    ]);
  });

  test("a waiver matching by `*` pattern waives too", () => {
    const stack = synth(outdir(), { waivers: [{ ...WAIVER, resource: "stack/*" }] });
    expect(PolicyAspect.resultsOf(stack)!.waived.map((f) => f.path)).toEqual(["Account"]);
  });

  test("a waiver of another rule does not let the synth through", () => {
    expect(refusedLines({ waivers: [{ ...WAIVER, rule: "STG-005" }] })).toEqual([STG_004_LINE]);
  });

  test("an expired waiver fails: the finding is back and the waiver is reported", () => {
    expect(refusedLines({ waivers: [{ ...WAIVER, expires: "2026-11-25" }] })).toEqual([
      STG_004_LINE,
      "stack Account: STG-004 waiver expired on 2026-11-25 (sample data loads from the office). Fix: fix the finding, or renew the waiver with a new reason and expiry",
    ]);
  });

  test("a waiver is still valid on its expires day", () => {
    const stack = synth(outdir(), { waivers: [{ ...WAIVER, expires: "2026-11-26" }] });
    expect(PolicyAspect.resultsOf(stack)!.waived).toHaveLength(1);
  });

  describe("the day checked", () => {
    const noToday = { today: undefined, waivers: [WAIVER] };

    test("is the app context policyDate when the aspect has no today", () => {
      expect(PolicyAspect.resultsOf(synth(outdir(), noToday, {}, { policyDate: "2027-05-31" }))!.waived).toHaveLength(1);
      expect(refusedLines(noToday, {}, { policyDate: "2027-06-01" })).toEqual([
        STG_004_LINE,
        "stack Account: STG-004 waiver expired on 2027-05-31 (sample data loads from the office). Fix: fix the finding, or renew the waiver with a new reason and expiry",
      ]);
    });

    test("is the today prop over the context", () => {
      const stack = synth(outdir(), { today: "2027-05-31", waivers: [WAIVER] }, {}, { policyDate: "2030-01-01" });
      expect(PolicyAspect.resultsOf(stack)!.expiredWaivers).toEqual([]);
      expect(refusedLines({ today: "2027-06-01", waivers: [WAIVER] }, {}, { policyDate: "2026-01-01" })).toHaveLength(2);
    });
  });
});

describe("PolicyAspect in a Testing app", () => {
  test("results exist only once validations ran, and violations are error annotations on the resource", () => {
    const app = Testing.app();
    const stack = addStack(app);
    expect(PolicyAspect.resultsOf(stack)).toBeUndefined();
    Testing.synth(stack, true);
    const result = PolicyAspect.resultsOf(stack)!;
    expect(result.violations.map((f) => `${f.ruleId} ${f.path}`)).toEqual(["STG-004 Account"]);
    const errors = stack.node
      .findChild("Account")
      .node.metadata.filter((m) => m.type === "@cdktf/error")
      .map((m) => m.data);
    expect(errors).toEqual([`STG-004 public network access is enabled. Fix: ${STG_004_FIX}`]);
  });

  test("evaluates a stack once even when validations run again", () => {
    const app = Testing.app();
    const stack = addStack(app);
    Testing.synth(stack, true);
    const first = PolicyAspect.resultsOf(stack);
    stack.runAllValidations();
    expect(PolicyAspect.resultsOf(stack)).toBe(first);
    expect(stack.node.findChild("Account").node.metadata.filter((m) => m.type === "@cdktf/error")).toHaveLength(1);
  });

  test("production-only rules apply when production is set", () => {
    const app = Testing.app();
    const stack = addStack(app, { production: true, environment: "prod" }, { publicNetworkAccessEnabled: false, isHnsEnabled: true });
    Testing.synth(stack, true);
    expect(PolicyAspect.resultsOf(stack)!.violations.map((f) => f.ruleId)).toEqual(["DP-001", "DP-002"]);
  });
});

describe("PolicyAspect across the stacks of an environment", () => {
  /** Reports, on this stack's account, the storage accounts the rule sees in the sibling stacks. */
  const SIBLING_RULE: PolicyRule = {
    id: "TST-001",
    severity: "low",
    title: "test",
    rationale: "test",
    fix: "none",
    check: (view) =>
      view.resources
        .filter((r) => r.type === "azurerm_storage_account")
        .map((resource) => ({
          resource,
          message: `sees ${(view.siblings ?? []).flatMap((s) => s.resources.filter((r) => r.type === "azurerm_storage_account").map((r) => `${s.stack}:${r.attrs.name}`)).join(",") || "nothing"}`,
        })),
  };

  function stackWith(app: App, id: string, name: string, siblings?: () => TerraformStack[]): TerraformStack {
    const stack = new TerraformStack(app, id);
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    new StorageAccount(stack, "Account", { ...ACCOUNT, name });
    Aspects.of(stack).add(new PolicyAspect({ environment: "dev", production: false, today: "2026-11-26", rules: [SIBLING_RULE], siblings }));
    return stack;
  }

  test("a rule sees the other stacks of the environment, never the stack itself", () => {
    const app = Testing.app();
    const stacks: TerraformStack[] = [];
    stacks.push(
      stackWith(app, "dev-one", "stone", () => stacks),
      stackWith(app, "dev-two", "sttwo", () => stacks),
    );
    for (const s of stacks) Testing.synth(s, true);
    expect(stacks.map((s) => PolicyAspect.resultsOf(s)!.violations.map((v) => v.message))).toEqual([["sees dev-two:sttwo"], ["sees dev-one:stone"]]);
  });

  test("without siblings a cross-stack rule sees nothing", () => {
    const stack = stackWith(Testing.app(), "dev-one", "stone");
    Testing.synth(stack, true);
    expect(PolicyAspect.resultsOf(stack)!.violations.map((v) => v.message)).toEqual(["sees nothing"]);
  });
});
