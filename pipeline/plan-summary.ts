/**
 * What a Terraform plan does, from `terraform show -json <planfile>`: counts and the addresses destroyed or replaced,
 * and which of those are protected. Addresses and counts only: attribute values (`before`, `after`) can be secrets
 * and never reach a summary.
 */
import { configAddress, DELETE_REFUSING_LOCK_LEVELS, ProtectedDestroy, protectedResources } from "./protection";

export type { ProtectedDestroy } from "./protection";

export interface PlanSummary {
  readonly stack: string;
  readonly adds: number;
  readonly changes: number;
  readonly destroys: number;
  /** Delete-and-create in either order; not counted in adds or destroys. */
  readonly replaces: number;
  readonly destroyed: string[];
  readonly replaced: string[];
  readonly protectedDestroys: ProtectedDestroy[];
  /** True when the plan did not complete (summary built from its error output only). */
  readonly failed?: boolean;
}

/** Resources changed outside Terraform since the last apply (`resource_drift`), by address. */
export interface DriftSummary {
  readonly stack: string;
  readonly drifted: { address: string; action: string }[];
}

export interface SummaryOptions {
  /**
   * Main's stack JSON. A change that removes a resource (or its prevent_destroy, or its lock) takes the protection
   * with it, and Terraform then destroys without complaint; with main's JSON such destroys still count as protected.
   */
  readonly baseStackJson?: unknown;
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly managed: boolean;
  readonly actions: string[];
  readonly deposed?: string;
  /** Only the lock level of a deleted management lock, never any other value. */
  readonly deletedLockLevel?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function resourceChanges(stack: string, planJson: unknown, field: "resource_changes" | "resource_drift"): ResourceChange[] {
  const what = `${stack}: the plan JSON`;
  const fix = "Fix: pass the output of terraform show -json <planfile>.";
  if (!isRecord(planJson) || typeof planJson.format_version !== "string")
    throw new Error(`${what} has no format_version, so it is not terraform show -json output. ${fix}`);
  const list = planJson[field] ?? [];
  if (!Array.isArray(list)) throw new Error(`${what}: ${field} is not a list. ${fix}`);
  return list.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.address !== "string" || !isRecord(entry.change) || !Array.isArray(entry.change.actions)) {
      throw new Error(`${what}: ${field}[${i}] has no address or change.actions. ${fix}`);
    }
    const actions = entry.change.actions.map(String);
    const before = entry.change.before;
    const type = typeof entry.type === "string" ? entry.type : entry.address.replace(/^(module\.[^.]+(\[[^\]]*\])?\.)*/, "").split(".")[0];
    const lockLevel = type === "azurerm_management_lock" && isRecord(before) && typeof before.lock_level === "string" ? before.lock_level : undefined;
    return {
      address: entry.address,
      type,
      managed: entry.mode === undefined ? !/(^|\.)data\./.test(entry.address) : entry.mode === "managed",
      actions,
      deposed: typeof entry.deposed === "string" ? entry.deposed : undefined,
      deletedLockLevel: actions.includes("delete") ? lockLevel : undefined,
    };
  });
}

const isReplace = (actions: string[]) => actions.includes("delete") && actions.includes("create");
const isDelete = (actions: string[]) => actions.length === 1 && actions[0] === "delete";

/** Why destroying or replacing `c` is refused: protected now, protected on main (this change drops it), or a deleted lock. */
function protectionReason(c: ResourceChange, current: Map<string, string>, onMain: Map<string, string>): string | undefined {
  const resource = configAddress(c.address);
  const now = resource === undefined ? undefined : current.get(resource);
  if (now) return now;
  const before = resource === undefined ? undefined : onMain.get(resource);
  if (before) return `${before} on main, which this change removes`;
  if (isDelete(c.actions) && c.deletedLockLevel && DELETE_REFUSING_LOCK_LEVELS.includes(c.deletedLockLevel)) {
    return `deletes a ${c.deletedLockLevel} management lock, after which what it protects can be deleted`;
  }
  return undefined;
}

/**
 * Summarizes a plan (`terraform show -json`). protectedDestroys: every delete or replace of a resource with
 * prevent_destroy or a delete-refusing management lock in `stackJson` (or `baseStackJson`), and every deleted lock.
 */
export function summarizePlan(stack: string, planJson: unknown, stackJson?: unknown, options: SummaryOptions = {}): PlanSummary {
  const changes = resourceChanges(stack, planJson, "resource_changes").filter((c) => c.managed);
  const current = protectedResources(stackJson);
  const removedProtection = protectedResources(options.baseStackJson);
  const destroyed: string[] = [];
  const replaced: string[] = [];
  const protectedDestroys: ProtectedDestroy[] = [];
  let adds = 0;
  let updates = 0;
  for (const c of changes) {
    if (isReplace(c.actions)) replaced.push(c.address);
    else if (isDelete(c.actions)) destroyed.push(c.deposed ? `${c.address} (deposed object ${c.deposed})` : c.address);
    else if (c.actions.length === 1 && c.actions[0] === "create") adds++;
    else if (c.actions.length === 1 && c.actions[0] === "update") updates++;
    if (!(isReplace(c.actions) || isDelete(c.actions)) || c.deposed) continue;
    const reason = protectionReason(c, current, removedProtection);
    if (reason) protectedDestroys.push({ address: c.address, reason });
  }
  return {
    stack,
    adds,
    changes: updates,
    destroys: destroyed.length,
    replaces: replaced.length,
    destroyed: destroyed.sort(),
    replaced: replaced.sort(),
    protectedDestroys: protectedDestroys.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
  };
}

/** Resources changed or deleted outside Terraform (`resource_drift` of `terraform show -json`), addresses only. */
export function summarizeDrift(stack: string, planJson: unknown): DriftSummary {
  const drifted = resourceChanges(stack, planJson, "resource_drift")
    .filter((c) => c.managed && !c.actions.every((a) => a === "no-op" || a === "read"))
    .map((c) => ({ address: c.address, action: c.actions.join("+") }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { stack, drifted };
}

/** A resource address as Terraform prints it: `type.name`, with `module.x[...]` prefixes and `[0]` / `["key"]` indexes. */
const ADDRESS = String.raw`((?:[A-Za-z0-9_.-]|\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])+)`;
const PREVENT_DESTROY_ERRORS = [
  // Terraform (internal/terraform/node_resource_abstract_instance.go, checkPreventDestroy) and OpenTofu before 1.11:
  // "Instance cannot be destroyed" / "Resource <address> has lifecycle.prevent_destroy set, but the plan calls for ...".
  new RegExp(String.raw`Resource ${ADDRESS} has lifecycle\.prevent_destroy set`, "g"),
  // OpenTofu with dynamic prevent_destroy (internal/tofu/node_resource_abstract_instance.go):
  // "Resource instance cannot be destroyed" / "Resource instance <address> has prevent_destroy set, but the plan ...".
  new RegExp(String.raw`Resource instance ${ADDRESS} has (?:lifecycle\.)?prevent_destroy set`, "g"),
  // Terraform 0.11 and older: "<address>: the plan would destroy this resource, but it currently has lifecycle.prevent_destroy set to true".
  new RegExp(String.raw`${ADDRESS}: the plan would destroy this resource, but it currently has lifecycle\.prevent_destroy set`, "g"),
];

/** The texts of Terraform's output: diagnostics of `-json` lines, other lines as they are, without colours and box borders. */
function diagnosticText(output: string): string {
  return (
    output
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split(/\r?\n/)
      .map((line) => {
        if (!line.trimStart().startsWith("{")) return line.replace(/^\s*[│╷╵|]\s?/, "");
        try {
          const parsed: unknown = JSON.parse(line);
          const diagnostic = isRecord(parsed) && isRecord(parsed.diagnostic) ? parsed.diagnostic : undefined;
          return diagnostic ? `${String(diagnostic.summary ?? "")}. ${String(diagnostic.detail ?? "")}` : "";
        } catch {
          return line;
        }
      })
      .join(" ")
      .replace(/\s+/g, " ")
  );
}

/**
 * Addresses Terraform refused to destroy because of prevent_destroy, from the output of a failed `terraform plan`
 * (human-readable, wrapped or `-json`), in order of appearance.
 */
export function planErrorProtectedDestroys(stderrText: string): ProtectedDestroy[] {
  const text = diagnosticText(stderrText);
  const found = PREVENT_DESTROY_ERRORS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => ({ index: m.index ?? 0, address: m[1] })))
    .sort((a, b) => a.index - b.index)
    .map((m) => m.address);
  return [...new Set(found)].map((address) => ({ address, reason: "lifecycle.prevent_destroy (terraform plan refused to destroy it)" }));
}

/** The summary of a plan that failed: only what its error output tells (protected destroys), marked failed. */
export function failedPlanSummary(stack: string, stderrText: string): PlanSummary {
  return {
    stack,
    adds: 0,
    changes: 0,
    destroys: 0,
    replaces: 0,
    destroyed: [],
    replaced: [],
    protectedDestroys: planErrorProtectedDestroys(stderrText),
    failed: true,
  };
}

/** Adds protected destroys found in a plan's error output to a summary (once per address). */
export function withPlanErrors(summary: PlanSummary, stderrText: string): PlanSummary {
  const known = new Set(summary.protectedDestroys.map((p) => p.address));
  const extra = planErrorProtectedDestroys(stderrText).filter((p) => !known.has(p.address));
  return extra.length === 0 ? summary : { ...summary, protectedDestroys: [...summary.protectedDestroys, ...extra] };
}
