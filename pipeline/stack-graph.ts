/**
 * The stacks of a synthesized `cdktf.out` and the order they deploy in, read from `cdktf.out/manifest.json`.
 * Pipelines plan and apply `<env>-<kind>` stacks only: the standalone `bootstrap` stack is applied once by an
 * administrator and no pipeline may ever plan or apply it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Stacks that no pipeline may plan or apply, and why (shown in the pipeline's output). */
export const EXCLUDED_STACKS: Readonly<Record<string, string>> = {
  bootstrap: "applied once by an administrator (state storage and pipeline identities), never by a pipeline",
};

/** One stack of the manifest. Paths are relative to the outdir, as the manifest writes them. */
export interface StackNode {
  readonly name: string;
  /** Names of the stacks this one reads from (deployed first), sorted. */
  readonly dependencies: readonly string[];
  /** `stacks/<name>/cdk.tf.json` */
  readonly synthesizedStackPath: string;
  /** `stacks/<name>`: where `terraform init/plan/apply` run. */
  readonly workingDirectory: string;
}

/** The validated stacks of one outdir: every dependency names a stack of the manifest and there is no cycle. */
export interface StackGraph {
  readonly outdir: string;
  readonly stacks: ReadonlyMap<string, StackNode>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** False for stacks no pipeline may plan or apply (`bootstrap`). */
export function isPipelineStack(name: string): boolean {
  return !Object.prototype.hasOwnProperty.call(EXCLUDED_STACKS, name);
}

/** The environment of a pipeline stack named `<env>-<kind>` (`dev-k8s-addons` → `dev`); throws for other names. */
export function environmentOf(name: string): string {
  const match = /^([a-z][a-z0-9]*)-[a-z0-9][a-z0-9-]*$/.exec(name);
  if (!match || !isPipelineStack(name)) {
    throw new Error(
      `stack "${name}" is not named <env>-<kind>, so it has no environment. Fix: name environment stacks <env>-<kind> (stacks/environment.ts), or list the stack in EXCLUDED_STACKS (pipeline/stack-graph.ts) if no pipeline may apply it.`,
    );
  }
  return match[1];
}

function parseStack(manifestPath: string, name: string, entry: unknown): StackNode {
  const where = `${manifestPath}: stack "${name}"`;
  const fix = "Fix: synthesize again (npm run synth) rather than editing cdktf.out by hand.";
  if (!isRecord(entry)) throw new Error(`${where} is ${JSON.stringify(entry)}, not an object. ${fix}`);
  if (entry.name !== undefined && entry.name !== name) throw new Error(`${where} has name ${JSON.stringify(entry.name)}, not "${name}". ${fix}`);
  const deps = entry.dependencies ?? [];
  if (!Array.isArray(deps) || deps.some((d) => typeof d !== "string")) {
    throw new Error(`${where}: dependencies is ${JSON.stringify(deps)}, not a list of stack names. ${fix}`);
  }
  for (const field of ["synthesizedStackPath", "workingDirectory"] as const) {
    if (typeof entry[field] !== "string" || entry[field] === "") throw new Error(`${where}: ${field} is ${JSON.stringify(entry[field])}, not a path. ${fix}`);
  }
  return {
    name,
    dependencies: [...new Set(deps as string[])].sort(),
    synthesizedStackPath: entry.synthesizedStackPath as string,
    workingDirectory: entry.workingDirectory as string,
  };
}

/** A dependency cycle as `a -> b -> a`, or undefined. Visits stacks by name so the reported cycle is stable. */
function findCycle(stacks: ReadonlyMap<string, StackNode>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "visiting");
    path.push(name);
    for (const dep of stacks.get(name)!.dependencies) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const name of [...stacks.keys()].sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Reads and validates `<outdir>/manifest.json`: shape, unknown dependencies and cycles are errors. */
export function readStackGraph(outdir: string): StackGraph {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath))
    throw new Error(`${manifestPath} does not exist. Fix: synthesize first (npm run synth, or CDKTF_OUTDIR=${outdir} npx tsx main.ts).`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (e) {
    throw new Error(`${manifestPath} is not valid JSON (${(e as Error).message}). Fix: synthesize again.`);
  }
  if (!isRecord(manifest) || !isRecord(manifest.stacks)) {
    throw new Error(`${manifestPath}: "stacks" is missing or not an object. Fix: synthesize again; this file must be written by cdktf synth.`);
  }
  const stacks = new Map<string, StackNode>();
  for (const name of Object.keys(manifest.stacks).sort()) stacks.set(name, parseStack(manifestPath, name, manifest.stacks[name]));
  for (const stack of stacks.values()) {
    for (const dep of stack.dependencies) {
      if (!stacks.has(dep)) throw new Error(`${manifestPath}: stack "${stack.name}" depends on unknown stack "${dep}". Fix: synthesize again.`);
    }
  }
  const cycle = findCycle(stacks);
  if (cycle) {
    throw new Error(
      `${manifestPath}: stacks depend on each other in a cycle (${cycle.join(" -> ")}), so no order deploys them. Fix: remove one of these cross-stack references, then synthesize again.`,
    );
  }
  return { outdir, stacks };
}

/** Every stack `name` depends on, directly or through others. */
function transitiveDependencies(graph: StackGraph, name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...(graph.stacks.get(name)?.dependencies ?? [])];
  while (stack.length > 0) {
    const dep = stack.pop()!;
    if (seen.has(dep)) continue;
    seen.add(dep);
    stack.push(...(graph.stacks.get(dep)?.dependencies ?? []));
  }
  return seen;
}

/** The selected names' dependencies among the selection (transitive, so an unselected stack between two keeps their order). */
function selectionDependencies(graph: StackGraph, names: readonly string[]): Map<string, string[]> {
  const selected = new Set(names);
  for (const name of selected) {
    if (!graph.stacks.has(name)) {
      throw new Error(
        `stack "${name}" is not in ${join(graph.outdir, "manifest.json")} (its stacks: ${[...graph.stacks.keys()].join(", ")}). Fix: pass stack names of this synth, or synthesize again.`,
      );
    }
  }
  return new Map([...selected].map((name) => [name, [...transitiveDependencies(graph, name)].filter((d) => selected.has(d)).sort()]));
}

/**
 * The wave of each selected stack: 0 for stacks with no selected dependency, else one more than the latest wave of its
 * selected (transitive) dependencies. Dependencies outside the selection count as already deployed.
 */
function waveIndex(graph: StackGraph, names: readonly string[]): Map<string, number> {
  const deps = selectionDependencies(graph, names);
  const wave = new Map<string, number>();
  const level = (name: string): number => {
    const known = wave.get(name);
    if (known !== undefined) return known;
    const value = Math.max(-1, ...deps.get(name)!.map(level)) + 1;
    wave.set(name, value);
    return value;
  };
  for (const name of deps.keys()) level(name);
  return wave;
}

/** `names` (default: every pipeline stack) in deployment order: dependencies first, ties broken by name. */
export function orderStacks(graph: StackGraph, names: readonly string[] = [...graph.stacks.keys()].filter(isPipelineStack)): string[] {
  const deps = selectionDependencies(graph, names);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < deps.size) {
    const ready = [...deps.keys()].filter((n) => !done.has(n) && deps.get(n)!.every((d) => done.has(d))).sort();
    // The graph has no cycle (readStackGraph checked), so some stack is always ready.
    const next = ready[0];
    done.add(next);
    order.push(next);
  }
  return order;
}

/**
 * `names` (default: every pipeline stack) as waves: every stack of a wave has all its selected dependencies in earlier
 * waves, so the stacks of one wave can run in parallel (`dev-aks` and `dev-databricks` after `dev-data`). Sorted by name.
 */
export function stackWaves(graph: StackGraph, names: readonly string[] = [...graph.stacks.keys()].filter(isPipelineStack)): string[][] {
  const wave = waveIndex(graph, names);
  const waves: string[][] = [];
  for (const [name, index] of [...wave.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) (waves[index] ??= []).push(name);
  return waves;
}

/** Every stack that depends on one of `names`, directly or through others (not including `names` themselves). */
export function dependentsOf(graph: StackGraph, names: readonly string[]): string[] {
  const targets = new Set(names);
  return [...graph.stacks.keys()].filter((s) => !targets.has(s) && [...transitiveDependencies(graph, s)].some((d) => targets.has(d))).sort();
}
