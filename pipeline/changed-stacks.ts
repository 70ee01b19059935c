/**
 * Which stacks a change touches: the synthesized Terraform JSON of the head (the PR, or main after a merge) against the
 * base (main's last synth). Only added and changed stacks are planned; a removed stack is reported and never planned
 * (destroying a whole stack is a human's `cdktf destroy`); excluded stacks (`bootstrap`) are never planned.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { dependentsOf, environmentOf, isPipelineStack, orderStacks, readStackGraph, StackGraph } from "./stack-graph";

/**
 * `added`: new in head; `changed`: its Terraform JSON differs; `dependent`: unchanged but depends on an added or changed
 * stack (only with `withDependents`); `unchanged`; `removed`: in base only (never planned).
 */
export type StackStatus = "added" | "changed" | "dependent" | "unchanged" | "removed";

export interface StackChange {
  readonly stack: string;
  readonly environment: string;
  /** Relative to the outdir the stack comes from (head, or base for a removed stack). */
  readonly workingDirectory: string;
  readonly status: StackStatus;
}

export interface ChangeReport {
  /** Pipeline stacks in deployment order (head's order; removed stacks last, in base's order). */
  readonly stacks: readonly StackChange[];
  /** Stacks of head or base that no pipeline plans (`bootstrap`), with the reason. */
  readonly excluded: readonly { stack: string; reason: string }[];
}

export interface ChangeOptions {
  /** Only stacks of this environment. */
  readonly environment?: string;
  /** Also mark unchanged stacks that depend on an added or changed stack as `dependent` (to plan after an apply). */
  readonly withDependents?: boolean;
}

/** One row of a GitHub Actions matrix: `strategy.matrix: ${{ fromJSON(outputs.matrix) }}`. */
export interface MatrixEntry {
  readonly stack: string;
  readonly environment: string;
  readonly workingDirectory: string;
}

/** The stack's Terraform JSON without its top-level `//` key (cdktf version and metadata, not configuration). */
function stackConfiguration(graph: StackGraph, name: string): unknown {
  const file = join(graph.outdir, graph.stacks.get(name)!.synthesizedStackPath);
  if (!existsSync(file)) throw new Error(`${file} does not exist but ${join(graph.outdir, "manifest.json")} lists stack "${name}". Fix: synthesize again.`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}). Fix: synthesize again.`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error(`${file} is not a Terraform JSON object. Fix: synthesize again.`);
  const configuration: Record<string, unknown> = { ...(json as Record<string, unknown>) };
  delete configuration["//"];
  return configuration;
}

/**
 * Compares head's pipeline stacks with base's (`baseOutdir` undefined: first run, every stack counts as changed).
 * Deep comparison of the parsed JSON, ignoring only the top-level `//` key. Ordered by `orderStacks`.
 */
export function changedStacks(baseOutdir: string | undefined, headOutdir: string, options: ChangeOptions = {}): ChangeReport {
  const head = readStackGraph(headOutdir);
  const base = baseOutdir === undefined ? undefined : readStackGraph(baseOutdir);
  const inScope = (name: string) => isPipelineStack(name) && (options.environment === undefined || environmentOf(name) === options.environment);
  const excluded = [...new Set([...head.stacks.keys(), ...(base?.stacks.keys() ?? [])])]
    .filter((name) => !isPipelineStack(name))
    .sort()
    .map((stack) => ({ stack, reason: "excluded: applied once by an administrator, never planned or applied by a pipeline" }));

  const headNames = orderStacks(head, [...head.stacks.keys()].filter(inScope));
  const status = new Map<string, StackStatus>();
  for (const name of headNames) {
    if (!base?.stacks.has(name)) status.set(name, base === undefined ? "changed" : "added");
    else status.set(name, isDeepStrictEqual(stackConfiguration(base, name), stackConfiguration(head, name)) ? "unchanged" : "changed");
  }
  if (options.withDependents) {
    const touched = headNames.filter((n) => status.get(n) === "added" || status.get(n) === "changed");
    for (const name of dependentsOf(head, touched)) if (status.get(name) === "unchanged") status.set(name, "dependent");
  }
  const row = (graph: StackGraph, stack: string, s: StackStatus): StackChange => ({
    stack,
    environment: environmentOf(stack),
    workingDirectory: graph.stacks.get(stack)!.workingDirectory,
    status: s,
  });
  const removed = base
    ? orderStacks(
        base,
        [...base.stacks.keys()].filter((n) => inScope(n) && !head.stacks.has(n)),
      )
    : [];
  return {
    stacks: [...headNames.map((n) => row(head, n, status.get(n)!)), ...removed.map((n) => row(base!, n, "removed"))],
    excluded,
  };
}

/** The stacks a pipeline plans: added, changed and dependent, in deployment order. */
export function stacksToPlan(report: ChangeReport): string[] {
  return report.stacks.filter((s) => s.status === "added" || s.status === "changed" || s.status === "dependent").map((s) => s.stack);
}

/** A GitHub Actions matrix of the stacks to plan: `{ include: [{ stack, environment, workingDirectory }] }`. */
export function planMatrix(report: ChangeReport): { include: MatrixEntry[] } {
  const toPlan = new Set(stacksToPlan(report));
  return {
    include: report.stacks.filter((s) => toPlan.has(s.stack)).map(({ stack, environment, workingDirectory }) => ({ stack, environment, workingDirectory })),
  };
}

/** Human-readable lines: one per stack (`dev-data: changed`), then removed and excluded stacks with what to do. */
export function describeChanges(report: ChangeReport): string[] {
  const lines = report.stacks.map((s) => {
    if (s.status === "removed") return `${s.stack}: removed (not planned: destroying a whole stack is a manual cdktf destroy by an administrator)`;
    if (s.status === "dependent") return `${s.stack}: dependent (configuration unchanged, planned because a stack it depends on changed)`;
    return `${s.stack}: ${s.status}`;
  });
  if (report.stacks.length === 0) lines.push("no pipeline stacks");
  return [...lines, ...report.excluded.map((e) => `${e.stack}: ${e.reason}`)];
}
