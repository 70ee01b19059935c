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

/** What changed between a baseline review (e.g. from main) and this one. */
export interface ReviewChanges {
  readonly added: ResourceChange[];
  readonly removed: ResourceChange[];
  readonly changed: (ResourceChange & { readonly attributes: AttributeChange[] })[];
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

export function diffReviews(baseline: EnvironmentReview, current: EnvironmentReview): ReviewChanges {
  const index = (r: EnvironmentReview) =>
    new Map(r.stacks.flatMap((s) => Object.entries(s.resources).map(([address, res]) => [`${s.name} ${address}`, { stack: s.name, address, ...res }] as const)));
  const before = index(baseline);
  const after = index(current);
  const added = [...after.keys()].filter((k) => !before.has(k)).map((k) => after.get(k)!);
  const removed = [...before.keys()].filter((k) => !after.has(k)).map((k) => before.get(k)!);
  const changed = [...after.keys()]
    .filter((k) => before.has(k))
    .map((k) => ({ ...after.get(k)!, attributes: attributeChanges(before.get(k)!.attributes, after.get(k)!.attributes) }))
    .filter((c) => c.attributes.length > 0);
  const strip = <T extends { stack: string; address: string; path: string }>(r: T): ResourceChange => ({ stack: r.stack, address: r.address, path: r.path });
  const setDiff = (x: string[], y: string[]) => x.filter((k) => !y.includes(k)).sort();
  const conns = (r: EnvironmentReview) => r.reachability.allowed.map(connectionKey);
  const findings = (r: EnvironmentReview) => [...r.policy.violations, ...r.policy.waived].map(findingKey);
  return {
    added: added.map(strip),
    removed: removed.map(strip),
    changed: changed.map((c) => ({ ...strip(c), attributes: c.attributes })),
    connectionsOpened: setDiff(conns(current), conns(baseline)),
    connectionsClosed: setDiff(conns(baseline), conns(current)),
    newFindings: setDiff(findings(current), findings(baseline)),
    resolvedFindings: setDiff(findings(baseline), findings(current)),
  };
}
