import { Annotations, Token } from "cdktf";
import { IConstruct } from "constructs";

/** A Flux post-build variable (`${NAME}`): a value the cluster's Flux configuration fills in, like a Terraform reference. */
export const FLUX_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** A GUID in either case: Entra object, client, tenant and subscription ids. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when the value is a literal we can check at synth time (not a Terraform reference or a Flux variable). */
export function isKnown(value: unknown): boolean {
  return value !== undefined && !Token.isUnresolved(value) && !(typeof value === "string" && FLUX_VARIABLE.test(value));
}

/**
 * Throws the project's standard props error: which construct, which prop, the bad value, and how to fix it.
 * Example: `Lake/dataLake: softDeleteRetentionInDays must be 1-365 (got 0). Fix: use a value between 1 and 365.`
 */
export function propError(scope: IConstruct, prop: string, problem: string, value: unknown, fix: string): Error {
  return propErrorAt(scope.node.path, prop, problem, value, fix);
}

/** One problem with a prop, in {@link propError}'s parts. */
export interface PropProblem {
  readonly prop: string;
  readonly problem: string;
  readonly value: unknown;
  readonly fix: string;
}

/**
 * Throws one error naming every problem found (validation collects them all before throwing, so a user fixes a
 * construct's props in one pass): one problem reads as {@link propError}; several are listed one per line.
 */
export function throwProblems(scope: IConstruct | string, problems: readonly PropProblem[]): void {
  if (problems.length === 0) return;
  const where = typeof scope === "string" ? scope : scope.node.path;
  throw problemsError(
    where,
    problems.map((p) => propErrorAt(where, p.prop, p.problem, p.value, p.fix).message),
  );
}

/** The problems an error of {@link problemsError} lists, so a nested collection adds its lines, not itself. */
const PROBLEMS = Symbol.for("azure-platform-iac.problems");

/** One error for a construct's props errors: the message itself for one, else counted and listed one per line. */
function problemsError(where: string, messages: readonly string[]): Error {
  const error = new Error(messages.length === 1 ? messages[0] : `${where}: ${messages.length} problems:\n${messages.map((m) => `- ${m}`).join("\n")}`);
  return Object.defineProperty(error, PROBLEMS, { value: [...messages] });
}

/** {@link propError} for things that are not constructs (activity builders, options objects): `where` names them. */
export function propErrorAt(where: string, prop: string, problem: string, value: unknown, fix: string): Error {
  return new Error(`${where}: ${prop} ${problem} (got ${JSON.stringify(value)}). Fix: ${fix}`);
}

/** Throws when a known number is outside [min, max]. Unresolved tokens are skipped. */
export function checkRange(scope: IConstruct, prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || !isKnown(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propError(scope, prop, `must be a whole number from ${min} to ${max}`, value, `set ${prop} between ${min} and ${max}.`);
  }
}

/** Throws when a known string does not match the pattern. Unresolved tokens are skipped. */
export function checkPattern(scope: IConstruct, prop: string, value: string | undefined, pattern: RegExp, rule: string): void {
  if (value === undefined || !isKnown(value)) return;
  if (!pattern.test(value)) throw propError(scope, prop, `must be ${rule}`, value, `choose a ${prop} that is ${rule}.`);
}

/**
 * Runs independent checks of one construct's props and throws once with every problem they found: one reads as its
 * {@link propError}; several are listed one per line, as {@link throwProblems} does. Only the construct's own props
 * errors are collected; anything else (a bug) is thrown as it is. Each check is one group of props that does not
 * depend on another group being valid.
 */
export function collectProblems(scope: IConstruct, checks: ReadonlyArray<() => void>): void {
  collectProblemsAt(scope.node.path, checks);
}

/**
 * {@link collectProblems} for things that are not constructs (activity builders, options objects): collects the
 * {@link propErrorAt} errors of `where`. A check that itself collects (a nested call) adds each of its problems.
 */
export function collectProblemsAt(where: string, checks: ReadonlyArray<() => void>): void {
  const messages: string[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith(`${where}: `)) throw e;
      const nested = (e as { [PROBLEMS]?: string[] })[PROBLEMS];
      messages.push(...(nested ?? [e.message]));
    }
  }
  if (messages.length > 0) throw problemsError(where, messages);
}

/**
 * The stable id of an opt-out warning: `<construct class>.<prop path>` (indices dropped), e.g. `DataLake.preventDestroy`
 * or `K8sConfigStack.kubernetes.target.kubeconfig`. It does not change
 * with construct paths or wording, so tools (and people reading a review) can refer to one kind of opt-out.
 */
export function optOutId(scope: IConstruct, prop: string): string {
  return `${scope.constructor.name}.${prop.split(" ")[0].replace(/\[[^\]]*\]/g, "")}`;
}

/** The id at the end of an opt-out warning ({@link optOutId}), or undefined for any other message. */
export function optOutIdOf(message: string): string | undefined {
  return / \[opt-out ([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)\]$/.exec(message)?.[1];
}

/**
 * Records an explicit opt-out from a secure default: a warning annotation that `cdktf synth` prints and the review
 * report collects, ending with its stable id (`[opt-out DataLake.preventDestroy]`). Opt-outs are allowed, never silent.
 */
export function warnOptOut(scope: IConstruct, prop: string, consequence: string): void {
  Annotations.of(scope).addWarning(`${prop} opts out of a secure default: ${consequence} [opt-out ${optOutId(scope, prop)}]`);
}
