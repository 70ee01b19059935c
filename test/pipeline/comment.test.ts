import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanComment } from "../../pipeline/comment";
import { PlanSummary, summarizePlan } from "../../pipeline/plan-summary";
import { planJson, resourceChange } from "./pipeline-fixture";

const summary = (stack: string, over: Partial<PlanSummary> = {}): PlanSummary => ({
  stack,
  adds: 0,
  changes: 0,
  destroys: 0,
  replaces: 0,
  destroyed: [],
  replaced: [],
  protectedDestroys: [],
  ...over,
});

const SHA = "0123456789abcdef0123456789abcdef01234567";
const RUN = "https://github.com/org/repo/actions/runs/42";

describe("renderPlanComment", () => {
  const data = summary("dev-data", {
    adds: 2,
    changes: 1,
    destroys: 1,
    replaces: 1,
    destroyed: ["azurerm_subnet.Old"],
    replaced: ["azurerm_storage_account.Lake"],
    protectedDestroys: [{ address: "azurerm_storage_account.Lake", reason: "lifecycle.prevent_destroy" }],
  });
  const text = renderPlanComment({
    summaries: [data, summary("dev-aks", { changes: 3 })],
    headSha: SHA,
    runUrl: RUN,
    reviewMarkdown: "# Infrastructure review: dev\n\n## Summary\n",
    unchanged: ["dev-k8s-addons", "dev-k8s-config"],
    removed: ["dev-old"],
    excluded: ["bootstrap"],
  });

  test("starts with the hidden marker and names the commit", () => {
    expect(text.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
    expect(text).toContain("0123456789ab");
    expect(text).toContain(SHA);
  });

  test("has a row per planned stack with + ~ - ± counts", () => {
    expect(text).toContain("| Stack | + add | ~ change | - destroy | ± replace |");
    expect(text).toContain("| `dev-data` | 2 | 1 | 1 | 1 |");
    expect(text).toContain("| `dev-aks` | 0 | 3 | 0 | 0 |");
  });

  test("names every destroy and replace, and warns about protected resources first", () => {
    expect(text).toContain("- `dev-data`: destroys `azurerm_subnet.Old`");
    expect(text).toContain("- `dev-data`: replaces `azurerm_storage_account.Lake`");
    expect(text).toContain("### ⚠️ Protected resources");
    expect(text).toContain("- `dev-data`: `azurerm_storage_account.Lake` (lifecycle.prevent_destroy)");
    expect(text.indexOf("Protected resources")).toBeLessThan(text.indexOf("| Stack |"));
  });

  test("lists unplanned, removed and excluded stacks on one line each", () => {
    expect(text).toContain("Not planned (configuration unchanged): `dev-k8s-addons`, `dev-k8s-config`.");
    expect(text).toMatch(/Removed from the configuration, not planned .*: `dev-old`\./);
    expect(text).toMatch(/Never planned by a pipeline .*: `bootstrap`\./);
  });

  test("folds the review into <details>", () => {
    expect(text).toMatch(/<details><summary>Infrastructure review<\/summary>\n\n# Infrastructure review: dev\n\n## Summary\n\n<\/details>/);
  });

  test("no protected section without protected destroys; failed and missing plans are visible", () => {
    const plain = renderPlanComment({ summaries: [summary("dev-aks", { failed: true })], headSha: SHA, missing: ["dev-data"] });
    expect(plain).not.toContain("Protected resources");
    expect(plain).not.toContain("<details>");
    expect(plain).toContain("| `dev-aks` | plan failed | | | |");
    expect(plain).toContain("**No plan summary** (the plan job failed or its artifact is missing): `dev-data`.");
    expect(renderPlanComment({ summaries: [], headSha: SHA })).toContain("No stack was planned.");
  });

  test("carries no attribute values from the plan", () => {
    const secret = "hunter2-super-secret";
    const s = summarizePlan(
      "dev-data",
      planJson([resourceChange("azurerm_key_vault_secret.Pw", ["delete", "create"], { before: { value: secret }, after: { value: secret } })]),
    );
    expect(renderPlanComment({ summaries: [s], headSha: SHA })).not.toContain(secret);
  });

  test("truncates the review first to fit GitHub's limit, saying where the full text is", () => {
    const review = Array.from({ length: 20_000 }, (_, i) => `line ${i} of the review`).join("\n");
    const long = renderPlanComment({ summaries: [data], headSha: SHA, runUrl: RUN, reviewMarkdown: review });
    expect(long.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(long.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    expect(long).toContain("line 0 of the review");
    expect(long).not.toContain("line 19999 of the review");
    expect(long).toContain(`_The review was truncated to fit GitHub's 65,536-character comment limit: the full text is in the [run's artifacts](${RUN})._`);
    expect(long).toContain("</details>");
    // Everything but the review is intact.
    expect(long).toContain("- `dev-data`: `azurerm_storage_account.Lake` (lifecycle.prevent_destroy)");
    expect(long).toContain("- `dev-data`: destroys `azurerm_subnet.Old`");
  });

  test("closes a code fence the cut leaves open", () => {
    const review = ["```", ...Array.from({ length: 500 }, (_, i) => `code ${i}`), "```"].join("\n");
    const cut = renderPlanComment({ summaries: [], headSha: SHA, reviewMarkdown: review, limit: 3_000 });
    expect(cut.length).toBeLessThanOrEqual(3_000);
    const inside = cut.slice(cut.indexOf("<details>"), cut.indexOf("</details>"));
    expect(inside.split("\n").filter((l) => l.startsWith("```")).length % 2).toBe(0);
  });

  test("then shortens the destroy list, and always stays within the limit", () => {
    const many = summary("prod-data", { destroys: 5_000, destroyed: Array.from({ length: 5_000 }, (_, i) => `azurerm_subnet.Subnet_${i}`) });
    const long = renderPlanComment({ summaries: [many], headSha: SHA, reviewMarkdown: "# review", limit: 20_000 });
    expect(long.length).toBeLessThanOrEqual(20_000);
    expect(long).toContain("| `prod-data` | 0 | 0 | 5000 | 0 |");
    expect(long).toMatch(/- … and \d+ more: the full list is in the run's artifacts\./);
    expect(long).toContain("The review does not fit GitHub's comment limit");
  });
});
