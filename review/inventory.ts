import { SynthesizedStack } from "./cdktf-out";

/** A resource as the review compares it: where it comes from and its arguments (without cdktf metadata). */
export interface ReviewedResource {
  readonly path: string;
  readonly attributes: Record<string, unknown>;
}

/** One stack in the review. */
export interface StackInventory {
  readonly name: string;
  readonly dependencies: string[];
  /** Resource count per Terraform type, sorted by type. */
  readonly resourceCounts: Record<string, number>;
  /** Resources keyed by `<type>.<name>` (the Terraform address). */
  readonly resources: Record<string, ReviewedResource>;
  /** `flux`: rendered to cdktf.out/gitops and pulled by the cluster; never applied by Terraform. */
  readonly delivery?: "flux";
}

export function inventory(stack: SynthesizedStack): StackInventory {
  const resources: Record<string, ReviewedResource> = {};
  const counts: Record<string, number> = {};
  for (const type of Object.keys(stack.json.resource ?? {}).sort()) {
    for (const [name, attrs] of Object.entries<any>(stack.json.resource[type]).sort(([a], [b]) => a.localeCompare(b))) {
      const { "//": meta, ...attributes } = attrs;
      resources[`${type}.${name}`] = { path: meta?.metadata?.path ?? `${stack.name}/${type}.${name}`, attributes };
      counts[type] = (counts[type] ?? 0) + 1;
    }
  }
  return { name: stack.name, dependencies: stack.dependencies, resourceCounts: counts, resources, ...(stack.delivery ? { delivery: stack.delivery } : {}) };
}

/** The stack dependency graph as a Mermaid flowchart (arrows point from a stack to the ones deployed after it). */
export function dependencyGraph(stacks: readonly StackInventory[]): string {
  const id = (name: string) => name.replace(/[^A-Za-z0-9]/g, "_");
  const lines = [
    "flowchart LR",
    ...stacks.map(
      (s) =>
        `  ${id(s.name)}["${s.name}<br/>${Object.values(s.resourceCounts).reduce((a, b) => a + b, 0)} resources${s.delivery === "flux" ? " (Flux)" : ""}"]`,
    ),
  ];
  for (const s of stacks) for (const dep of s.dependencies) lines.push(`  ${id(dep)} --> ${id(s.name)}`);
  return lines.join("\n");
}
