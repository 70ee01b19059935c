import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliIo, main } from "../../pipeline/cli";
import { formatOutput, OUTPUT_DELIMITER, writeGithubOutput } from "../../pipeline/github-output";
import { environmentStacks, planJson, resourceChange, tempDir, writeFakeOut } from "./pipeline-fixture";

/** Runs the CLI in-process; returns its exit code, stdout, stderr and the $GITHUB_OUTPUT file's text. */
function run(args: string[], withOutputFile = true) {
  const out: string[] = [];
  const err: string[] = [];
  const outputFile = join(tempDir("gh-output-"), "output");
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: withOutputFile ? { GITHUB_OUTPUT: outputFile } : {} };
  const code = main(args, io);
  return { code, stdout: out.join("\n"), stderr: err.join("\n"), outputs: existsSync(outputFile) ? readFileSync(outputFile, "utf8") : "" };
}

const lakeStack = (tls: string) => ({
  resource: {
    azurerm_storage_account: { Lake_1: { name: "stlake", min_tls_version: tls, lifecycle: { prevent_destroy: true } } },
    azurerm_subnet: { Subnet_1: { name: "snet" } },
  },
});
const envWith = (env: string, tls: string) => environmentStacks(env, (kind) => (kind === "data" ? lakeStack(tls) : { resource: {} }));

describe("GITHUB_OUTPUT", () => {
  test("one-line values as key=value, multi-line values as a heredoc with the fixed delimiter", () => {
    expect(formatOutput("any", "true")).toBe("any=true\n");
    expect(formatOutput("body", "a\nb")).toBe(`body<<${OUTPUT_DELIMITER}\na\nb\n${OUTPUT_DELIMITER}\n`);
  });

  test("fails on a value containing the delimiter, or an invalid name, before writing anything", () => {
    expect(() => formatOutput("body", `a\n${OUTPUT_DELIMITER}\nb`)).toThrow(
      `GITHUB_OUTPUT: the value of output "body" contains the delimiter ${OUTPUT_DELIMITER}`,
    );
    expect(() => formatOutput("bad key", "x")).toThrow(/output name "bad key" is not valid\. Fix:/);
    const file = join(tempDir(), "out");
    expect(() => writeGithubOutput(file, { ok: "1", body: `x\n${OUTPUT_DELIMITER}` })).toThrow();
    expect(existsSync(file)).toBe(false);
  });
});

describe("pipeline cli", () => {
  test("match: the apply job's new plan against the plan job's summary, or its first-deployment marker", () => {
    const approved = tempDir();
    const base = { stack: "dev-data", adds: 1, changes: 0, destroys: 0, replaces: 0, destroyed: [], replaced: [], protectedDestroys: [] };
    writeFileSync(join(approved, "dev-data.summary.json"), JSON.stringify(base));
    const current = join(tempDir(), "dev-data.summary.json");
    writeFileSync(current, JSON.stringify(base));
    const same = run(["match", "--stack", "dev-data", "--current", current, "--approved-dir", approved]);
    expect([same.code, same.stdout]).toEqual([0, "dev-data: matches the approved plan: as approved (1 to add, 0 to change, 0 to destroy, 0 to replace)"]);
    expect(same.outputs).toContain("matches=true\n");
    writeFileSync(current, JSON.stringify({ ...base, changes: 1 }));
    const other = run(["match", "--stack", "dev-data", "--current", current, "--approved-dir", approved]);
    expect([other.code, other.outputs]).toEqual([0, expect.stringContaining("matches=false\n")]);
    const fresh = tempDir();
    writeFileSync(join(fresh, "dev-data.first-deployment"), "");
    writeFileSync(current, JSON.stringify({ ...base, adds: 30 }));
    expect(run(["match", "--stack", "dev-data", "--current", current, "--approved-dir", fresh]).stdout).toBe(
      "dev-data: matches the approved plan: first deployment: the plan only creates",
    );
  });

  test("an unknown command, no command or an unknown option prints the usage and exits 2", () => {
    for (const args of [["deploy"], [], ["changed", "--nope"]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("Usage: npx tsx pipeline/cli.ts <command>");
    }
    expect(run(["summarize"]).stderr).toContain("summarize: --stack is required.");
  });

  test("changed: prints the ordered list and writes stacks, matrix, environments, any, unchanged, removed", () => {
    const base = writeFakeOut({ ...envWith("dev", "TLS1_2"), "dev-old": {}, bootstrap: {} });
    const head = writeFakeOut({ ...envWith("dev", "TLS1_3"), bootstrap: {} });
    const r = run(["changed", "--head", head, "--base", base]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "dev-data: changed",
      "dev-aks: unchanged",
      "dev-databricks: unchanged",
      "dev-k8s-addons: unchanged",
      "dev-k8s-config: unchanged",
      "dev-old: removed (not planned: destroying a whole stack is a manual cdktf destroy by an administrator)",
      "bootstrap: excluded: applied once by an administrator, never planned or applied by a pipeline",
    ]);
    expect(r.outputs).toBe(
      [
        'stacks=["dev-data"]',
        'matrix={"include":[{"stack":"dev-data","environment":"dev","workingDirectory":"stacks/dev-data"}]}',
        'environments=["dev"]',
        "any=true",
        "unchanged=dev-aks,dev-databricks,dev-k8s-addons,dev-k8s-config",
        "removed=dev-old",
        "",
      ].join("\n"),
    );
  });

  test("changed: a missing base directory is a first run; --environment filters; nothing to plan gives any=false", () => {
    const head = writeFakeOut({ ...envWith("dev", "TLS1_2"), ...envWith("prod", "TLS1_2") });
    const first = run(["changed", "--head", head, "--base", join(tempDir(), "absent"), "--environment", "prod"]);
    expect(first.stdout).toContain("first run, every stack counts as new");
    expect(first.outputs).toContain('stacks=["prod-data","prod-aks","prod-databricks","prod-k8s-addons","prod-k8s-config"]');
    const none = run(["changed", "--head", head, "--base", head]);
    expect(none.outputs).toContain('stacks=[]\nmatrix={"include":[]}\nenvironments=[]\nany=false\n');
  });

  test("order: waves as JSON and a matrix per wave", () => {
    const out = writeFakeOut({ ...envWith("dev", "TLS1_2"), bootstrap: {} });
    const r = run(["order", "--out", out, "--stacks", '["dev-k8s-addons","dev-aks","dev-databricks"]']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([["dev-aks", "dev-databricks"], ["dev-k8s-addons"]]);
    expect(r.outputs).toContain('waves=[["dev-aks","dev-databricks"],["dev-k8s-addons"]]\nordered=dev-aks dev-databricks dev-k8s-addons\ncount=2\n');
    expect(r.outputs).toContain('wave_1={"include":[{"stack":"dev-k8s-addons","environment":"dev","workingDirectory":"stacks/dev-k8s-addons"}]}');
    expect(JSON.parse(run(["order", "--out", out, "--environment", "dev"]).stdout)).toHaveLength(4);
    const refused = run(["order", "--out", out, "--stacks", "dev-data,bootstrap"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/stack "bootstrap" is never planned or applied by a pipeline.*Fix:/);
  });

  test("summarize: writes <stack>.summary.json next to the plan; exit 0 without protected destroys", () => {
    const out = writeFakeOut(envWith("dev", "TLS1_2"));
    const dir = tempDir();
    writeFileSync(
      join(dir, "plan.json"),
      JSON.stringify(planJson([resourceChange("azurerm_subnet.Subnet_1", ["delete", "create"], { after: { name: "p4ssw0rd-secret" } })])),
    );
    const r = run(["summarize", "--stack", "dev-data", "--plan", join(dir, "plan.json"), "--out", out]);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, "dev-data.summary.json"), "utf8"));
    expect(written).toMatchObject({ stack: "dev-data", replaces: 1, replaced: ["azurerm_subnet.Subnet_1"], protectedDestroys: [] });
    expect(JSON.parse(r.stdout)).toEqual(written);
    expect(r.stdout).not.toContain("p4ssw0rd-secret");
    expect(r.outputs).toContain(`summary=${join(dir, "dev-data.summary.json")}\nprotected=false\nadds=0\nchanges=0\ndestroys=0\nreplaces=1\n`);
  });

  test("summarize: exit 1 naming the protected resource when the plan destroys it", () => {
    const out = writeFakeOut(envWith("dev", "TLS1_2"));
    const dir = tempDir();
    writeFileSync(join(dir, "plan.json"), JSON.stringify(planJson([resourceChange("azurerm_storage_account.Lake_1", ["delete", "create"])])));
    const r = run(["summarize", "--stack", "dev-data", "--plan", join(dir, "plan.json"), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("dev-data: the plan destroys protected resource azurerm_storage_account.Lake_1 (lifecycle.prevent_destroy)");
    expect(r.stderr).toContain("Fix:");
    expect(r.outputs).toContain("protected=true");
  });

  test("summarize: a failed plan's error output gives a failed summary with the refused addresses", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "plan.stderr"),
      "│ Error: Instance cannot be destroyed\n│ Resource azurerm_storage_account.Lake_1 has lifecycle.prevent_destroy set, but the plan\n",
    );
    const r = run(["summarize", "--stack", "dev-data", "--plan", join(dir, "plan.json"), "--stderr", join(dir, "plan.stderr")]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, "dev-data.summary.json"), "utf8"))).toMatchObject({
      failed: true,
      protectedDestroys: [{ address: "azurerm_storage_account.Lake_1" }],
    });
    expect(r.stderr).toContain(
      "dev-data: the plan destroys protected resource azurerm_storage_account.Lake_1 (lifecycle.prevent_destroy (terraform plan refused to destroy it))",
    );
    expect(r.stderr).toContain("dev-data: terraform plan failed");
  });

  test("summarize: refuses bootstrap and names a missing plan file", () => {
    expect(run(["summarize", "--stack", "bootstrap", "--plan", "p.json"]).stderr).toContain('stack "bootstrap" is never planned or applied by a pipeline');
    const missing = run(["summarize", "--stack", "dev-data", "--plan", "/nonexistent/plan.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("/nonexistent/plan.json does not exist. Fix: pass the path of terraform show -json <planfile> output.");
  });

  test("comment: markdown from the summaries and the review directory, in deployment order", () => {
    const out = writeFakeOut({ ...envWith("dev", "TLS1_2"), bootstrap: {} });
    const summaries = tempDir();
    for (const [stack, adds] of [
      ["dev-k8s-config", 1],
      ["dev-data", 2],
    ] as const) {
      writeFileSync(
        join(summaries, `${stack}.summary.json`),
        JSON.stringify({ stack, adds, changes: 0, destroys: 0, replaces: 0, destroyed: [], replaced: [], protectedDestroys: [] }),
      );
    }
    const review = join(tempDir(), "review");
    mkdirSync(review);
    writeFileSync(join(review, "dev.md"), "# Infrastructure review: dev\n");
    writeFileSync(join(review, "dev.json"), "{}");
    const r = run(
      [
        "comment",
        "--summaries",
        summaries,
        "--review",
        review,
        "--sha",
        "abc123",
        "--out",
        out,
        "--stacks",
        '["dev-data","dev-aks","dev-k8s-config"]',
        "--unchanged",
        "dev-databricks",
      ],
      false,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<!-- azure-platform-iac:plan -->")).toBe(true);
    expect(r.stdout.indexOf("`dev-data` | 2")).toBeLessThan(r.stdout.indexOf("`dev-k8s-config` | 1"));
    expect(r.stdout).toContain("# Infrastructure review: dev");
    expect(r.stdout).toContain("**No plan summary** (the plan job failed or its artifact is missing): `dev-aks`.");
    expect(r.stdout).toContain("Not planned (configuration unchanged): `dev-databricks`.");
    expect(r.stdout).toContain("`bootstrap`");
  });

  test("comment: fails on a file that is not a summary", () => {
    const summaries = tempDir();
    writeFileSync(join(summaries, "x.summary.json"), JSON.stringify({ stack: "x" }));
    const r = run(["comment", "--summaries", summaries, "--sha", "abc"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/x\.summary\.json: not a plan summary .*Fix: write it with the summarize command\./);
  });

  test("drift: prints the decision and writes action, title, labels and the multi-line body", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "plan.json"),
      JSON.stringify(planJson([resourceChange("azurerm_subnet.S", ["update"])], [resourceChange("azurerm_subnet.S", ["update"])])),
    );
    const r = run(["drift", "--stack", "dev-data", "--exit-code", "2", "--plan", join(dir, "plan.json"), "--body-file", join(dir, "body.md")]);
    expect(r.code).toBe(0);
    const decision = JSON.parse(r.stdout);
    expect(decision).toMatchObject({ action: "open-or-update", title: "Drift: dev-data", labels: ["drift"] });
    expect(readFileSync(join(dir, "body.md"), "utf8")).toBe(`${decision.body}\n`);
    expect(r.outputs).toContain("action=open-or-update\ntitle=Drift: dev-data\nlabels=drift\n");
    expect(r.outputs).toContain(`body<<${OUTPUT_DELIMITER}\n${decision.body}\n${OUTPUT_DELIMITER}\n`);
  });

  test("drift: exit code 0 closes, 1 exits 1 after writing the decision, other values are refused", () => {
    expect(JSON.parse(run(["drift", "--stack", "dev-data", "--exit-code", "0"]).stdout).action).toBe("close");
    const failed = run(["drift", "--stack", "dev-data", "--exit-code", "1"]);
    expect(failed.code).toBe(1);
    expect(failed.outputs).toContain("action=error");
    expect(run(["drift", "--stack", "dev-data", "--exit-code", "two"]).stderr).toMatch(/--exit-code "two" is not a number\. Fix:/);
    expect(run(["drift", "--stack", "dev-data", "--exit-code", "3"]).code).toBe(1);
  });
});
