/**
 * `npx tsx pipeline/cli.ts <command> [options]`: everything the GitHub Actions workflows compute, so that the YAML
 * only calls this, `gh` and `terraform`. Each command prints to stdout and, when `$GITHUB_OUTPUT` is set, writes step
 * outputs there. Exit codes: 0 done, 1 refused or failed (the message names the file, field or stack and the fix),
 * 2 usage error.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { changedStacks, describeChanges, planMatrix, stacksToPlan } from "./changed-stacks";
import { renderPlanComment } from "./comment";
import { driftIssue } from "./drift";
import { writeGithubOutput } from "./github-output";
import { ApprovedPlan, matchPlan } from "./plan-match";
import { failedPlanSummary, PlanSummary, summarizeDrift, summarizePlan, withPlanErrors } from "./plan-summary";
import { EXCLUDED_STACKS, environmentOf, isPipelineStack, orderStacks, readStackGraph, StackGraph, stackWaves } from "./stack-graph";

/** Where a command writes: injectable so tests call `main` without spawning a process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processIo: CliIo = { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`), env: process.env };

export const USAGE = `Usage: npx tsx pipeline/cli.ts <command> [options]

  changed   --head <cdktf.out> [--base <main's cdktf.out>] [--environment <env>] [--with-dependents]
            Stacks to plan. Outputs: stacks (JSON array), matrix (JSON), environments (JSON array), any (true|false),
            unchanged, removed (comma lists).
  order     --out <cdktf.out> [--environment <env>] [--stacks <a,b or JSON array>]
            Deployment waves. Outputs: waves (JSON), ordered (space-separated, dependencies first), count,
            wave_<i> (matrix JSON of wave i).
  summarize --stack <name> [--plan <plan.json>] [--stderr <plan's error output>] [--out <cdktf.out>] [--base-out <main's cdktf.out>]
            (at least one of --plan, --stderr) Writes <stack>.summary.json next to the plan and prints it. Outputs: summary,
            protected, adds, changes, destroys, replaces. Exit 1 when the plan destroys a protected resource or failed.
  comment   --summaries <dir> --sha <sha> [--review <file.md or dir>] [--run-url <url>] [--stacks <planned>]
            [--unchanged <a,b>] [--removed <a,b>] [--out <cdktf.out>]
            The pull request comment (markdown) on stdout.
  match     --stack <name> --current <summary.json> --approved-dir <dir of the plan job's results>
            Whether the apply job's new plan is the approved one (same shape). Outputs: matches (true|false), reason.
            Exit 0 either way; exit 1 when the new plan destroys a protected resource.
  drift     --stack <name> --exit-code <0|1|2> [--plan <plan.json>] [--out <cdktf.out>] [--run-url <url>] [--body-file <file>]
            The drift issue decision (JSON). Outputs: action, title, labels, body. Exit 1 when the plan failed.`;

class UsageError extends Error {}

type Values = Record<string, string | boolean | undefined>;

const str = (values: Values, name: string): string | undefined => (typeof values[name] === "string" ? (values[name] as string) : undefined);

function required(values: Values, name: string, command: string): string {
  const value = str(values, name);
  if (value === undefined || value === "") throw new UsageError(`${command}: --${name} is required.`);
  return value;
}

/** `a,b` or `["a","b"]` (a `stacks` output of `changed`) as a list. */
function nameList(value: string | undefined, option: string): string[] {
  if (value === undefined || value.trim() === "") return [];
  if (value.trim().startsWith("[")) {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== "string"))
      throw new Error(`--${option} ${value}: not a JSON array of stack names. Fix: pass a,b or ["a","b"].`);
    return parsed as string[];
  }
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new Error(`${file} does not exist. Fix: pass the path of ${what}.`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}). Fix: pass ${what}.`);
  }
}

function refuseExcluded(stack: string): void {
  if (!isPipelineStack(stack))
    throw new Error(`stack "${stack}" is never planned or applied by a pipeline: ${EXCLUDED_STACKS[stack]}. Fix: remove it from the pipeline's stack list.`);
}

/** The stack JSON of `stack` in an outdir, or undefined when the outdir has no such stack (a new stack on main). */
function stackJsonIn(graph: StackGraph, stack: string): unknown {
  const node = graph.stacks.get(stack);
  return node && readJson(join(graph.outdir, node.synthesizedStackPath), `the stack JSON of ${stack} (synthesize again)`);
}

/** Main's outdir when it exists; a missing directory is a first run (every stack new), reported on stdout. */
function optionalBase(dir: string | undefined, io: CliIo): string | undefined {
  if (dir !== undefined && !existsSync(dir)) io.stdout(`no base synth at ${dir}: first run, every stack counts as new`);
  return dir !== undefined && existsSync(dir) ? dir : undefined;
}

function emit(io: CliIo, outputs: Record<string, string>): void {
  if (io.env.GITHUB_OUTPUT) writeGithubOutput(io.env.GITHUB_OUTPUT, outputs);
}

function changed(values: Values, io: CliIo): number {
  const head = str(values, "head") ?? "cdktf.out";
  const report = changedStacks(optionalBase(str(values, "base"), io), head, {
    environment: str(values, "environment"),
    withDependents: values["with-dependents"] === true,
  });
  describeChanges(report).forEach((line) => io.stdout(line));
  const toPlan = stacksToPlan(report);
  const names = (status: string) =>
    report.stacks
      .filter((s) => s.status === status)
      .map((s) => s.stack)
      .join(",");
  const environments = [...new Set(toPlan.map(environmentOf))].sort();
  emit(io, {
    stacks: JSON.stringify(toPlan),
    matrix: JSON.stringify(planMatrix(report)),
    environments: JSON.stringify(environments),
    any: String(toPlan.length > 0),
    unchanged: names("unchanged"),
    removed: names("removed"),
  });
  return 0;
}

function order(values: Values, io: CliIo): number {
  const graph = readStackGraph(str(values, "out") ?? "cdktf.out");
  const environment = str(values, "environment");
  const given = nameList(str(values, "stacks"), "stacks");
  given.forEach(refuseExcluded);
  const names = (str(values, "stacks") !== undefined ? given : [...graph.stacks.keys()].filter(isPipelineStack)).filter(
    (n) => environment === undefined || environmentOf(n) === environment,
  );
  const waves = stackWaves(graph, names);
  io.stdout(JSON.stringify(waves));
  const matrix = (wave: string[]) => ({
    include: wave.map((stack) => ({ stack, environment: environmentOf(stack), workingDirectory: graph.stacks.get(stack)!.workingDirectory })),
  });
  emit(io, {
    waves: JSON.stringify(waves),
    ordered: waves.flat().join(" "),
    count: String(waves.length),
    ...Object.fromEntries(waves.map((w, i) => [`wave_${i}`, JSON.stringify(matrix(w))])),
  });
  return 0;
}

function summarize(values: Values, io: CliIo): number {
  const stack = required(values, "stack", "summarize");
  refuseExcluded(stack);
  const plan = str(values, "plan");
  const stderrFile = str(values, "stderr");
  if (plan === undefined && stderrFile === undefined) throw new UsageError("summarize: pass --plan <plan.json>, or --stderr <file> when the plan failed.");
  const out = str(values, "out");
  const stackJson = out === undefined ? undefined : stackJsonIn(readStackGraph(out), stack);
  if (out !== undefined && stackJson === undefined)
    throw new Error(`stack "${stack}" is not in ${join(out, "manifest.json")}. Fix: pass the stack name as synthesized, or synthesize again.`);
  const base = optionalBase(str(values, "base-out"), io);
  const baseStackJson = base === undefined ? undefined : stackJsonIn(readStackGraph(base), stack);
  if (stderrFile !== undefined && !existsSync(stderrFile))
    throw new Error(`--stderr ${stderrFile} does not exist. Fix: pass the file the plan step redirected its error output to (2> file).`);
  const stderrText = stderrFile === undefined ? undefined : readFileSync(stderrFile, "utf8");
  // No plan JSON but an error output: the plan failed; keep what its error tells.
  let summary: PlanSummary =
    plan !== undefined && (existsSync(plan) || stderrText === undefined)
      ? summarizePlan(stack, readJson(plan, "terraform show -json <planfile> output"), stackJson, { baseStackJson })
      : failedPlanSummary(stack, stderrText ?? "");
  if (stderrText !== undefined && !summary.failed) summary = withPlanErrors(summary, stderrText);
  const file = join(dirname(plan ?? stderrFile!), `${stack}.summary.json`);
  writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  io.stdout(JSON.stringify(summary, null, 2));
  emit(io, {
    summary: file,
    protected: String(summary.protectedDestroys.length > 0),
    adds: String(summary.adds),
    changes: String(summary.changes),
    destroys: String(summary.destroys),
    replaces: String(summary.replaces),
  });
  for (const p of summary.protectedDestroys) io.stderr(`${stack}: the plan destroys protected resource ${p.address} (${p.reason})`);
  if (summary.protectedDestroys.length > 0) {
    io.stderr(
      "Fix: keep the resource (revert the change that removes or replaces it); to retire it on purpose, an administrator migrates it by hand or removes its protection in a separate change first.",
    );
  }
  if (summary.failed)
    io.stderr(`${stack}: terraform plan failed, so there is no plan to summarize. Fix: read the plan step's log${stderrFile ? ` (${stderrFile})` : ""}.`);
  return summary.protectedDestroys.length > 0 || summary.failed ? 1 : 0;
}

function readSummaries(dir: string): PlanSummary[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".summary.json"))
    .sort()
    .map((f) => {
      const s = readJson(join(dir, f), "a summary written by the summarize command") as Partial<PlanSummary>;
      const counts = [s.adds, s.changes, s.destroys, s.replaces].every((n) => typeof n === "number");
      if (typeof s.stack !== "string" || !counts || !Array.isArray(s.destroyed) || !Array.isArray(s.replaced) || !Array.isArray(s.protectedDestroys)) {
        throw new Error(
          `${join(dir, f)}: not a plan summary (stack, adds, changes, destroys, replaces, destroyed, replaced, protectedDestroys). Fix: write it with the summarize command.`,
        );
      }
      return s as PlanSummary;
    });
}

function readReview(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!existsSync(path))
    throw new Error(`--review ${path} does not exist. Fix: pass the review markdown (cdktf.out/review/<env>.md) or its directory, written by npm run review.`);
  if (!statSync(path).isDirectory()) return readFileSync(path, "utf8");
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".md"))
    .sort();
  return files.map((f) => readFileSync(join(path, f), "utf8").trim()).join("\n\n---\n\n");
}

function comment(values: Values, io: CliIo): number {
  const summaries = readSummaries(required(values, "summaries", "comment"));
  const out = str(values, "out");
  const graph = out === undefined ? undefined : readStackGraph(out);
  const rank = new Map((graph ? orderStacks(graph, [...graph.stacks.keys()]) : []).map((s, i) => [s, i]));
  const byOrder = (a: PlanSummary, b: PlanSummary) =>
    (rank.get(a.stack) ?? rank.size) - (rank.get(b.stack) ?? rank.size) || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);
  const planned = new Set(summaries.map((s) => s.stack));
  io.stdout(
    renderPlanComment({
      summaries: [...summaries].sort(byOrder),
      headSha: required(values, "sha", "comment"),
      runUrl: str(values, "run-url"),
      reviewMarkdown: readReview(str(values, "review")),
      unchanged: nameList(str(values, "unchanged"), "unchanged"),
      removed: nameList(str(values, "removed"), "removed"),
      missing: nameList(str(values, "stacks"), "stacks").filter((s) => !planned.has(s)),
      excluded: graph ? [...graph.stacks.keys()].filter((s) => !isPipelineStack(s)) : [],
    }),
  );
  return 0;
}

function drift(values: Values, io: CliIo): number {
  const stack = required(values, "stack", "drift");
  refuseExcluded(stack);
  const exitText = required(values, "exit-code", "drift");
  if (!/^\d+$/.test(exitText))
    throw new Error(`--exit-code ${JSON.stringify(exitText)} is not a number. Fix: pass the exit code of terraform plan -detailed-exitcode (0, 1 or 2).`);
  const plan = str(values, "plan");
  const exitCode = Number(exitText);
  const out = str(values, "out");
  const planJson = plan !== undefined && exitCode === 2 ? readJson(plan, "terraform show -json <planfile> output") : undefined;
  const stackJson = out === undefined ? undefined : stackJsonIn(readStackGraph(out), stack);
  const decision = driftIssue(stack, exitCode, planJson === undefined ? undefined : summarizePlan(stack, planJson, stackJson), {
    drift: planJson === undefined ? undefined : summarizeDrift(stack, planJson),
    runUrl: str(values, "run-url"),
  });
  const bodyFile = str(values, "body-file");
  if (bodyFile !== undefined) writeFileSync(bodyFile, `${decision.body}\n`);
  io.stdout(JSON.stringify(decision, null, 2));
  emit(io, { action: decision.action, title: decision.title, labels: decision.labels.join(","), body: decision.body });
  if (decision.action === "error") io.stderr(`${stack}: terraform plan failed (exit code 1), so drift is unknown. Fix: read the plan step's log.`);
  return decision.action === "error" ? 1 : 0;
}

const s = { type: "string" } as const;
function match(values: Values, io: CliIo): number {
  const stack = required(values, "stack", "match");
  refuseExcluded(stack);
  const current = readJson(required(values, "current", "match"), "the new plan's summary (summarize output)") as PlanSummary;
  const dir = required(values, "approved-dir", "match");
  const summaryFile = join(dir, `${stack}.summary.json`);
  const approved: ApprovedPlan = existsSync(join(dir, `${stack}.first-deployment`))
    ? { kind: "first-deployment" }
    : existsSync(summaryFile)
      ? { kind: "summary", summary: readJson(summaryFile, "the plan job's summary") as PlanSummary }
      : { kind: "missing" };
  const result = matchPlan(approved, current);
  io.stdout(`${stack}: ${result.matches ? "matches" : "does not match"} the approved plan: ${result.reason}`);
  emit(io, { matches: String(result.matches), reason: result.reason });
  return current.protectedDestroys.length > 0 ? 1 : 0;
}

const COMMANDS = {
  changed: { options: { head: s, base: s, environment: s, "with-dependents": { type: "boolean" } }, run: changed },
  order: { options: { out: s, environment: s, stacks: s }, run: order },
  summarize: { options: { stack: s, plan: s, out: s, "base-out": s, stderr: s }, run: summarize },
  match: { options: { stack: s, current: s, "approved-dir": s }, run: match },
  comment: { options: { summaries: s, review: s, sha: s, "run-url": s, stacks: s, unchanged: s, removed: s, out: s }, run: comment },
  drift: { options: { stack: s, "exit-code": s, plan: s, out: s, "run-url": s, "body-file": s }, run: drift },
} as const;

/** Runs one command (`argv` without `node cli.ts`); returns the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || !Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
    io.stderr(`${command === undefined ? "No command given." : `Unknown command "${command}".`}\n\n${USAGE}`);
    return 2;
  }
  const spec = COMMANDS[command as keyof typeof COMMANDS];
  try {
    const { values } = parseArgs({ args: [...rest], options: spec.options, strict: true, allowPositionals: false });
    return spec.run(values as Values, io);
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    io.stderr(usage ? `${(e as Error).message}\n\n${USAGE}` : (e as Error).message);
    return usage ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
