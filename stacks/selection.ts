/**
 * Selective synth: `npm run synth -- --env <name> --stack <name>` builds the named environments' stacks and the named
 * stacks with the stacks they depend on, instead of everything. The names are checked against the loaded config
 * before anything is built, so a wrong name writes nothing.
 */
import { parseArgs } from "node:util";
import { App, TerraformStack } from "cdktf";
import { BOOTSTRAP_STACK } from "./bootstrap-stack";
import { renderedStacks } from "./flux-rendering";
import type { PlatformConfig } from "./platform";
import { StackKind, stackIdentity, stackNames } from "./stack-names";

export const SYNTH_USAGE = `Usage: npm run synth [-- <options>]   (npm passes options to the synth only after --)

  (no option)      every environment's stacks and bootstrap
  --env <name>     every stack of the environment; repeat it or give a comma list (--env dev,staging)
  --stack <name>   the stack and the stacks it depends on; repeat it or give a comma list
  --help           this text and the names of this config

--env and --stack combine (all that either names). cdktf.out then holds only what was built.`;

/** Bad options or names: the message says what is wrong and what is valid. Nothing was written. */
export class SynthUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SynthUsageError";
  }
}

/** What the command line asks for, names as given. No environment and no stack: everything. */
export interface SynthRequest {
  readonly environments: readonly string[];
  readonly stacks: readonly string[];
  readonly help: boolean;
}

/**
 * Parses `npm run synth`'s arguments (`process.argv.slice(2)`). `env` is read only to catch options given before
 * `--`: npm keeps them for itself (`npm run synth --env=dev` sets `npm_config_env` and passes nothing, so the synth would
 * silently build everything; `npm run synth --env dev` passes `dev` alone).
 */
export function parseSynthArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): SynthRequest {
  const swallowed = ["env", "stack"].filter((o) => env[`npm_config_${o}`] !== undefined);
  if (swallowed.length > 0) {
    throw new SynthUsageError(
      `npm kept ${swallowed.map((o) => `--${o}`).join(" and ")} for itself: put the options after --, e.g. npm run synth -- --env dev. Nothing was written.`,
    );
  }
  let values: { env?: string[]; stack?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { env: { type: "string", multiple: true }, stack: { type: "string", multiple: true }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    if (!(e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw e;
    throw new SynthUsageError(`${(e as Error).message}. Nothing was written.\n\n${SYNTH_USAGE}`);
  }
  return { environments: names("--env", values.env), stacks: names("--stack", values.stack), help: values.help ?? false };
}

/** The names of repeated options and comma lists, in order, without repeats. */
function names(option: string, given: readonly string[] = []): string[] {
  const split = given.flatMap((g) => g.split(",")).map((n) => n.trim());
  if (split.some((n) => n === "")) throw new SynthUsageError(`${option} needs a name (got ${JSON.stringify(given.join(" "))}). Nothing was written.`);
  return [...new Set(split)];
}

/** What to build: the `bootstrap` stack or not, and for each environment the kinds asked for (their dependencies come with them). */
export interface StackSelection {
  readonly bootstrap: boolean;
  readonly environments: ReadonlyMap<string, readonly StackKind[]>;
}

/** The names `--env` and `--stack` accept for this config, in the order `npm run synth` builds them. */
export function selectableNames({ environments, bootstrap }: PlatformConfig): { environments: string[]; stacks: string[] } {
  const envs = environments.map((e) => e.environment);
  return { environments: envs, stacks: [...(bootstrap ? [BOOTSTRAP_STACK] : []), ...envs.flatMap((e) => Object.values(stackNames(e)))] };
}

/** The names of this config, for `--help` and errors. */
export function describeNames(platform: PlatformConfig): string {
  const { environments, stacks } = selectableNames(platform);
  return `Environments: ${environments.join(", ")}\nStacks: ${stacks.join(", ")}`;
}

/**
 * What `request` selects in this config, or undefined when it names nothing (build everything, as without options).
 * Throws a {@link SynthUsageError} naming every unknown name and listing the valid ones.
 */
export function selectStacks(platform: PlatformConfig, request: SynthRequest): StackSelection | undefined {
  if (request.environments.length === 0 && request.stacks.length === 0) return undefined;
  const valid = selectableNames(platform);
  const problems = [
    ...request.environments
      .filter((e) => !valid.environments.includes(e))
      .map((e) => `--env ${e}: no such environment${valid.stacks.includes(e) ? ` (${e} is a stack: --stack ${e})` : ""}`),
    ...request.stacks
      .filter((s) => !valid.stacks.includes(s))
      .map((s) => `--stack ${s}: no such stack${valid.environments.includes(s) ? ` (${s} is an environment: --env ${s})` : ""}`),
  ];
  if (problems.length > 0)
    throw new SynthUsageError(`Nothing was written: ${problems.length} unknown name(s):\n${problems.join("\n")}\n${describeNames(platform)}`);

  const kinds = new Map<string, Set<StackKind>>();
  const add = (environment: string, ...k: StackKind[]) => kinds.set(environment, new Set([...(kinds.get(environment) ?? []), ...k]));
  for (const e of request.environments) add(e, ...(Object.keys(stackNames(e)) as StackKind[]));
  for (const s of request.stacks) {
    const identity = stackIdentity(s);
    if (identity) add(identity.environment, identity.kind);
  }
  return { bootstrap: request.stacks.includes(BOOTSTRAP_STACK), environments: new Map([...kinds].map(([e, k]) => [e, [...k]])) };
}

/** The stacks an app built: those written as Terraform, then those of Flux environments (rendered). */
export function builtStackNames(app: App): string[] {
  return [...app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack), ...renderedStacks(app)].map((s) => s.node.id);
}

/**
 * The line a selective synth prints: a synth replaces the output directory, so it says that the stacks it did not
 * build are no longer there. `stacks`: what was built ({@link builtStackNames}, or a synthesis in parts' stacks).
 */
export function selectiveSynthNotice(stacks: readonly string[], outdir: string): string {
  return `Selective synth: ${outdir} now holds only ${stacks.join(", ")} (the stacks asked for, those they depend on, and both in-cluster stacks when one is asked for). npm run synth without options writes every stack.`;
}
