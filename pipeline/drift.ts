/**
 * What the scheduled drift check does with a stack's issue, from `terraform plan -detailed-exitcode` of main:
 * 0 (live infrastructure matches) closes the stack's drift issue, 2 (differences) opens or updates it, 1 (the plan
 * failed) is an error the workflow reports without touching the issue. Addresses and counts only, never values.
 */
import { GITHUB_COMMENT_LIMIT } from "./comment";
import { DriftSummary, PlanSummary } from "./plan-summary";

export interface DriftDecision {
  readonly action: "open-or-update" | "close" | "error";
  /** `Drift: <stack>`: the issue to open, update or close is found by this title (and the `drift` label). */
  readonly title: string;
  readonly body: string;
  readonly labels: ["drift"];
}

export interface DriftOptions {
  /** Resources changed outside Terraform (`resource_drift` of the plan). */
  readonly drift?: DriftSummary;
  readonly runUrl?: string;
}

/** The hidden first line of a stack's drift issue body. */
export const driftMarker = (stack: string) => `<!-- azure-platform-iac:drift:${stack} -->`;

/** At most this many addresses per list in an issue body (the rest is in the run's artifacts). */
const MAX_LISTED = 200;

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function addressList(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, MAX_LISTED).map((i) => `- ${i}`);
  const more = items.length > MAX_LISTED ? [`- … and ${items.length - MAX_LISTED} more (see the run's artifacts)`] : [];
  return [`### ${title}`, "", ...shown, ...more, ""];
}

function driftBody(stack: string, summary: PlanSummary | undefined, options: DriftOptions): string {
  const run = options.runUrl ? ` ([run](${options.runUrl}))` : "";
  const lines = [
    driftMarker(stack),
    `The scheduled plan of ${code(stack)} against main${run} found differences between the live infrastructure and the configuration.`,
    "",
  ];
  if (summary) {
    lines.push(
      "| + add | ~ change | - destroy | ± replace |",
      "| ---: | ---: | ---: | ---: |",
      `| ${summary.adds} | ${summary.changes} | ${summary.destroys} | ${summary.replaces} |`,
      "",
    );
  } else {
    lines.push("The plan's details are not available here: see the run's logs.", "");
  }
  lines.push(
    ...addressList(
      "Changed outside Terraform",
      (options.drift?.drifted ?? []).map((d) => `${code(d.address)} (${d.action === "delete" ? "deleted" : d.action === "update" ? "changed" : d.action})`),
    ),
    ...addressList("The next apply destroys", (summary?.destroyed ?? []).map(code)),
    ...addressList("The next apply replaces", (summary?.replaced ?? []).map(code)),
    ...addressList(
      "⚠️ Protected resources the next apply would destroy",
      (summary?.protectedDestroys ?? []).map((p) => `${code(p.address)} (${p.reason})`),
    ),
    "To resolve: if the change outside Terraform was a mistake, run the apply workflow for this stack to restore the configuration; if it should stay, change the configuration to match and merge it. This issue closes itself when a scheduled plan finds no differences.",
  );
  const body = lines.join("\n");
  return body.length <= GITHUB_COMMENT_LIMIT ? body : `${body.slice(0, GITHUB_COMMENT_LIMIT - 80)}\n\n_Truncated: the full plan is in the run's artifacts._`;
}

/**
 * The drift decision for one stack: exit code 0 → close, 2 → open-or-update (with the plan summary when given),
 * 1 → error. Other exit codes are not `terraform plan -detailed-exitcode`'s and throw.
 */
export function driftIssue(stack: string, exitCode: number, summary?: PlanSummary, options: DriftOptions = {}): DriftDecision {
  const title = `Drift: ${stack}`;
  const labels: ["drift"] = ["drift"];
  const run = options.runUrl ? ` ([run](${options.runUrl}))` : "";
  switch (exitCode) {
    case 0:
      return {
        action: "close",
        title,
        labels,
        body: `${driftMarker(stack)}\nNo drift: the scheduled plan of ${code(stack)}${run} matches the configuration. Closing.`,
      };
    case 2:
      return { action: "open-or-update", title, labels, body: driftBody(stack, summary, options) };
    case 1:
      return {
        action: "error",
        title,
        labels,
        body: `${driftMarker(stack)}\nThe drift check of ${code(stack)}${run} could not plan: terraform plan exited with 1 (error). The drift issue is left as it is; see the run's logs.`,
      };
    default:
      throw new Error(
        `--exit-code ${exitCode}: terraform plan -detailed-exitcode exits 0 (no changes), 1 (error) or 2 (changes). Fix: pass the exit code of the plan step (steps.<id>.outputs.exitcode).`,
      );
  }
}
