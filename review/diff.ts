import { ReviewedResource } from "./inventory";
import { AttributeEffect, changeEffect } from "./replacement";
import { EnvironmentReview } from "./review-model";

export interface AttributeChange {
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ResourceChange {
  readonly stack: string;
  readonly address: string;
  readonly path: string;
}

/**
 * A changed or removed resource whose change destroys it or fails at apply, with what protects it. `refused`
 * when the apply cannot go through as reviewed: a replacement (or removal) of a resource with prevent_destroy or
 * under a lock, or an update the provider or API refuses.
 */
export interface ResourceReplacement extends ResourceChange {
  readonly type: string;
  readonly effects: AttributeEffect[];
  readonly protection?: "prevent_destroy" | "lock";
  readonly refused: boolean;
}

/** What changed between a baseline review (e.g. from main) and this one. */
export interface ReviewChanges {
  readonly added: ResourceChange[];
  readonly removed: ResourceChange[];
  readonly changed: (ResourceChange & { readonly attributes: AttributeChange[] })[];
  /** Changed resources that are replaced, may be, or fail, and removed resources that were protected. */
  readonly replacements: ResourceReplacement[];
  readonly connectionsOpened: string[];
  readonly connectionsClosed: string[];
  readonly newFindings: string[];
  readonly resolvedFindings: string[];
}

/** Flattens JSON to `a.b[0].c` paths, so changes name the attribute. */
function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out[prefix] = value;
  return out;
}

/** Embedded JSON strings (pipeline activities) are compared as JSON, so a change names the activity field. */
function expand(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => {
      if (typeof v === "string" && /^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v)];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
}

function attributeChanges(before: Record<string, unknown>, after: Record<string, unknown>): AttributeChange[] {
  const a = flatten(expand(before));
  const b = flatten(expand(after));
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((attribute) => ({ attribute, before: a[attribute], after: b[attribute] }));
}

const connectionKey = (c: { from: string; to: string; port: number; protocol: string }) => `${c.from} -> ${c.to}:${c.port}/${c.protocol}`;
const findingKey = (f: { stack: string; path: string; ruleId: string; waiver?: unknown }) => `${f.ruleId} ${f.stack} ${f.path}${f.waiver ? " (waived)" : ""}`;

/** True when `value` (flattened before/after attributes) has anything under the block path. */
const hasBlock = (flat: Record<string, unknown>, block: string) =>
  Object.keys(flat).some((k) => k.replace(/\[\d+\]/g, "") === block || k.replace(/\[\d+\]/g, "").startsWith(`${block}.`));

/** What protects a resource from deletion: its prevent_destroy, or a management lock on it or its resource group. */
function protectionOf(review: EnvironmentReview, stack: string, address: string, resource: ReviewedResource): ResourceReplacement["protection"] {
  if ((resource.attributes.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true) return "prevent_destroy";
  const resources = review.stacks.find((s) => s.name === stack)?.resources ?? {};
  const lockScopes = Object.entries(resources)
    .filter(([a]) => a.startsWith("azurerm_management_lock."))
    .map(([, r]) => String(r.attributes.scope ?? ""));
  const group = /^\$\{(azurerm_resource_group\.[^.]+)\./.exec(String(resource.attributes.resource_group_name ?? ""))?.[1];
  return lockScopes.some((s) => s.startsWith(`\${${address}.`) || (group !== undefined && s.startsWith(`\${${group}.`))) ? "lock" : undefined;
}

/** The effects of a changed resource's attribute changes that are not plain in-place updates. */
function effectsOf(type: string, before: Record<string, unknown>, after: Record<string, unknown>, changes: AttributeChange[]): AttributeEffect[] {
  const a = flatten(expand(before));
  const b = flatten(expand(after));
  const kind = (after.manifest as { kind?: string } | undefined)?.kind ?? (before.manifest as { kind?: string } | undefined)?.kind;
  const rotation = Boolean((after.default_node_pool as { temporary_name_for_rotation?: string } | undefined)?.temporary_name_for_rotation);
  const seen = new Set<string>();
  return changes.flatMap((c) => {
    const effect = changeEffect(type, c.attribute, c.before, c.after, {
      kind,
      rotationConfigured: rotation,
      blockExists: (block, side) => hasBlock(side === "before" ? a : b, block),
    });
    if (!effect || seen.has(`${effect.effect} ${effect.note}`)) return [];
    seen.add(`${effect.effect} ${effect.note}`);
    return [effect];
  });
}

export function diffReviews(baseline: EnvironmentReview, current: EnvironmentReview): ReviewChanges {
  const index = (r: EnvironmentReview) =>
    new Map(
      r.stacks.flatMap((s) => Object.entries(s.resources).map(([address, res]) => [`${s.name} ${address}`, { stack: s.name, address, ...res }] as const)),
    );
  const before = index(baseline);
  const after = index(current);
  const added = [...after.keys()].filter((k) => !before.has(k)).map((k) => after.get(k)!);
  const removed = [...before.keys()].filter((k) => !after.has(k)).map((k) => before.get(k)!);
  const changed = [...after.keys()]
    .filter((k) => before.has(k))
    .map((k) => ({
      ...after.get(k)!,
      attributes_after: after.get(k)!.attributes,
      attributes: attributeChanges(before.get(k)!.attributes, after.get(k)!.attributes),
    }))
    .filter((c) => c.attributes.length > 0);
  const strip = <T extends { stack: string; address: string; path: string }>(r: T): ResourceChange => ({ stack: r.stack, address: r.address, path: r.path });
  const setDiff = (x: string[], y: string[]) => x.filter((k) => !y.includes(k)).sort();
  const conns = (r: EnvironmentReview) => r.reachability.allowed.map(connectionKey);
  const findings = (r: EnvironmentReview) => [...r.policy.violations, ...r.policy.waived].map(findingKey);
  const replaced: ResourceReplacement[] = changed.flatMap((c) => {
    const type = c.address.split(".")[0];
    const effects = effectsOf(type, before.get(`${c.stack} ${c.address}`)!.attributes, c.attributes_after, c.attributes);
    if (effects.length === 0) return [];
    const protection =
      protectionOf(current, c.stack, c.address, { path: c.path, attributes: c.attributes_after }) ??
      protectionOf(baseline, c.stack, c.address, before.get(`${c.stack} ${c.address}`)!);
    const refused = effects.some((e) => e.effect === "fails") || (protection !== undefined && effects.some((e) => e.effect === "replace"));
    return [{ ...strip(c), type, effects, protection, refused }];
  });
  // A removed resource takes its prevent_destroy with it: Terraform destroys it without complaint.
  const destroyed: ResourceReplacement[] = removed.flatMap((r) => {
    const protection = protectionOf(baseline, r.stack, r.address, r);
    return protection
      ? [
          {
            ...strip(r),
            type: r.address.split(".")[0],
            effects: [{ attribute: "(resource)", effect: "replace" as const, note: "removed from the configuration: destroyed by the next apply" }],
            protection,
            refused: true,
          },
        ]
      : [];
  });
  return {
    added: added.map(strip),
    removed: removed.map(strip),
    changed: changed.map((c) => ({ ...strip(c), attributes: c.attributes })),
    replacements: [...destroyed, ...replaced],
    connectionsOpened: setDiff(conns(current), conns(baseline)),
    connectionsClosed: setDiff(conns(baseline), conns(current)),
    newFindings: setDiff(findings(current), findings(baseline)),
    resolvedFindings: setDiff(findings(baseline), findings(current)),
  };
}
