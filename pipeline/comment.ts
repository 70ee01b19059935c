/**
 * The pull request comment of a plan: one hidden marker (so the pipeline updates its own comment instead of adding
 * one per push), a table of the planned stacks, every destroy and replace by address, a warning for protected
 * resources, the stacks not planned, and the review report folded away. Fits GitHub's comment limit.
 */
import { PlanSummary } from "./plan-summary";

/** The first line of every plan comment: find the comment to update by it. */
export const PLAN_COMMENT_MARKER = "<!-- azure-platform-iac:plan -->";

/** GitHub refuses comment (and issue) bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PlanCommentInput {
  readonly summaries: readonly PlanSummary[];
  readonly headSha: string;
  readonly runUrl?: string;
  /** `npm run review` markdown (one or more environments), shown folded. */
  readonly reviewMarkdown?: string;
  /** Stacks whose configuration did not change (not planned). */
  readonly unchanged?: readonly string[];
  /** Stacks removed from the configuration (never planned: a manual cdktf destroy). */
  readonly removed?: readonly string[];
  /** Stacks that should have been planned but have no summary (their plan job failed or its artifact is missing). */
  readonly missing?: readonly string[];
  /** Stacks no pipeline plans (`bootstrap`). */
  readonly excluded?: readonly string[];
  /** Character limit of the whole comment (GitHub's by default; smaller in tests). */
  readonly limit?: number;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const list = (names: readonly string[]) => names.map(code).join(", ");

function artifactsHint(runUrl: string | undefined): string {
  return runUrl ? `the [run's artifacts](${runUrl})` : "the run's artifacts";
}

function table(summaries: readonly PlanSummary[]): string[] {
  if (summaries.length === 0) return ["No stack was planned."];
  return [
    "| Stack | + add | ~ change | - destroy | ± replace |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...summaries.map((s) =>
      s.failed ? `| ${code(s.stack)} | plan failed | | | |` : `| ${code(s.stack)} | ${s.adds} | ${s.changes} | ${s.destroys} | ${s.replaces} |`,
    ),
  ];
}

function protectedSection(summaries: readonly PlanSummary[]): string[] {
  const rows = summaries.flatMap((s) => s.protectedDestroys.map((p) => `- ${code(s.stack)}: ${code(p.address)} (${p.reason})`));
  if (rows.length === 0) return [];
  return [
    "### ⚠️ Protected resources",
    "",
    "This change destroys or replaces resources protected against deletion. The pipeline will not apply it: keep the resources (revert the change that removes or replaces them), or have an administrator migrate them by hand.",
    "",
    ...rows,
    "",
  ];
}

/** `- dev-data: destroys azurerm_x.y` lines, one per destroyed or replaced resource. */
function destroyLines(summaries: readonly PlanSummary[]): string[] {
  return summaries.flatMap((s) => [
    ...s.destroyed.map((a) => `- ${code(s.stack)}: destroys ${code(a)}`),
    ...s.replaced.map((a) => `- ${code(s.stack)}: replaces ${code(a)} (destroyed, then created again)`),
  ]);
}

function notPlanned(input: PlanCommentInput): string[] {
  const lines: string[] = [];
  if (input.missing?.length) lines.push(`**No plan summary** (the plan job failed or its artifact is missing): ${list(input.missing)}.`);
  if (input.unchanged?.length) lines.push(`Not planned (configuration unchanged): ${list(input.unchanged)}.`);
  if (input.removed?.length)
    lines.push(
      `Removed from the configuration, not planned (destroying a whole stack is a manual \`cdktf destroy\` by an administrator): ${list(input.removed)}.`,
    );
  if (input.excluded?.length) lines.push(`Never planned by a pipeline (applied once by an administrator): ${list(input.excluded)}.`);
  return lines.flatMap((l) => [l, ""]);
}

/** The first `max` characters of markdown, cut at a line end, with an unterminated code fence closed. */
function cutMarkdown(markdown: string, max: number): string {
  let cut = markdown.slice(0, Math.max(0, max - 4));
  const newline = cut.lastIndexOf("\n");
  if (newline > 0) cut = cut.slice(0, newline);
  const fences = cut.split("\n").filter((l) => /^\s*(```|~~~)/.test(l)).length;
  return fences % 2 === 1 ? `${cut}\n\`\`\`` : cut;
}

function reviewSection(review: string, truncatedNote?: string): string[] {
  return ["<details><summary>Infrastructure review</summary>", "", review, "", ...(truncatedNote ? [truncatedNote, ""] : []), "</details>", ""];
}

/**
 * Renders the plan comment (markdown, starting with PLAN_COMMENT_MARKER). Over the limit, the review is truncated
 * first, then the destroy list, each with a note that the full text is in the run's artifacts.
 */
export function renderPlanComment(input: PlanCommentInput): string {
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const { summaries } = input;
  const header = [PLAN_COMMENT_MARKER, `## Terraform plan of ${code(input.headSha.slice(0, 12))}`, ""];
  const footer = [
    `<sub>Plan of ${input.headSha}${input.runUrl ? ` in [this run](${input.runUrl})` : ""}. Plans and summaries are in ${artifactsHint(input.runUrl)}.</sub>`,
  ];
  const destroys = destroyLines(summaries);
  const body = (destroyList: string[], review: string[]) =>
    [
      ...header,
      ...protectedSection(summaries),
      ...table(summaries),
      "",
      ...(destroyList.length > 0 ? ["### Destroyed and replaced", "", ...destroyList, ""] : []),
      ...notPlanned(input),
      ...review,
      ...footer,
    ].join("\n");

  const review = input.reviewMarkdown?.trim();
  const full = body(destroys, review ? reviewSection(review) : []);
  if (full.length <= limit) return full;

  const hint = artifactsHint(input.runUrl);
  if (review) {
    const note = `_The review was truncated to fit GitHub's ${limit.toLocaleString("en-US")}-character comment limit: the full text is in ${hint}._`;
    const room = limit - body(destroys, reviewSection("", note)).length;
    if (room > 200) return body(destroys, reviewSection(cutMarkdown(review, room), note));
  }
  const reviewNote = review ? [`_The review does not fit GitHub's comment limit: it is in ${hint}._`, ""] : [];
  const withoutReview = body(destroys, reviewNote);
  if (withoutReview.length <= limit) return withoutReview;
  for (let keep = destroys.length - 1; keep >= 0; keep = keep > 50 ? Math.floor(keep * 0.9) : keep - 1) {
    const shortened = [...destroys.slice(0, keep), `- … and ${destroys.length - keep} more: the full list is in ${hint}.`];
    const text = body(shortened, reviewNote);
    if (text.length <= limit) return text;
  }
  const note = `\n\n_Truncated to GitHub's comment limit: the full plan is in ${hint}._`;
  return `${body([], reviewNote).slice(0, limit - note.length)}${note}`;
}
