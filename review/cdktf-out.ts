import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { StackPolicyResult } from "../policies/types";
import { stackIdentity } from "../stacks/stack-names";

/** One synthesized stack as `npm run synth` left it in `cdktf.out`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly environment: string;
  readonly dependencies: string[];
  /** The stack's Terraform JSON (`cdk.tf.json`). */
  readonly json: any;
  /** Policy results written at synth, if any. */
  readonly policy?: StackPolicyResult;
  /** `flux`: the stack is rendered for the cluster to pull (cdktf.out/rendered), never applied by Terraform. */
  readonly delivery?: "flux";
}

/**
 * Reads `cdktf.out`: the manifest, each stack's JSON and policy results, grouped by environment (`<env>-<kind>`),
 * including the stacks of Flux environments (`rendered/manifest.json`), which hold the same objects.
 */
export function readSynthOutput(outdir: string): Map<string, SynthesizedStack[]> {
  const manifestPath = join(outdir, "manifest.json");
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} does not exist. Fix: run npm run synth first.`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const renderedPath = join(outdir, "rendered", "manifest.json");
  const rendered = existsSync(renderedPath) ? JSON.parse(readFileSync(renderedPath, "utf8")).stacks : {};
  const byEnv = new Map<string, SynthesizedStack[]>();
  for (const [name, entry] of Object.entries<any>({ ...manifest.stacks, ...rendered }).sort(([a], [b]) => a.localeCompare(b))) {
    const environment = stackIdentity(name)?.environment ?? name;
    const policyPath = join(outdir, "policy", `${name}.json`);
    const stack: SynthesizedStack = {
      name,
      environment,
      dependencies: [...(entry.dependencies ?? [])].sort(),
      json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")),
      policy: existsSync(policyPath) ? JSON.parse(readFileSync(policyPath, "utf8")) : undefined,
      ...(entry.delivery === "flux" ? { delivery: "flux" as const } : {}),
    };
    byEnv.set(environment, [...(byEnv.get(environment) ?? []), stack]);
  }
  return byEnv;
}

/** `kubernetes_manifest` objects of some stacks. */
export function kubernetesManifests(stacks: readonly SynthesizedStack[]): any[] {
  return stacks.flatMap((s) => Object.values<any>(s.json.resource?.kubernetes_manifest ?? {}).map((r) => r.manifest));
}

/** Resources of one Terraform type across stacks. */
export function resourcesOfType(stacks: readonly SynthesizedStack[], type: string): any[] {
  return stacks.flatMap((s) => Object.values<any>(s.json.resource?.[type] ?? {}));
}
