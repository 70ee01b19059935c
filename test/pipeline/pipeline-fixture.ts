import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary directory. */
export function tempDir(prefix = "pipeline-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A stack of a fake cdktf.out: its dependencies and its Terraform JSON (without the `//` metadata, added here). */
export interface FakeStack {
  readonly dependencies?: string[];
  readonly json?: Record<string, unknown>;
}

/** The stacks of one environment as `npm run synth` names and links them. */
export function environmentStacks(env: string, json: (kind: string) => Record<string, unknown> = () => ({ resource: {} })): Record<string, FakeStack> {
  return {
    [`${env}-data`]: { json: json("data") },
    [`${env}-databricks`]: { dependencies: [`${env}-data`], json: json("databricks") },
    [`${env}-aks`]: { dependencies: [`${env}-data`], json: json("aks") },
    [`${env}-k8s-addons`]: { dependencies: [`${env}-aks`], json: json("k8s-addons") },
    [`${env}-k8s-config`]: { dependencies: [`${env}-k8s-addons`], json: json("k8s-config") },
  };
}

/** Writes a fake cdktf.out (manifest.json and stacks/<name>/cdk.tf.json) into a new temporary directory. */
export function writeFakeOut(stacks: Record<string, FakeStack>, options: { version?: string; dir?: string } = {}): string {
  const outdir = options.dir ?? join(tempDir(), "cdktf.out");
  const manifest = { version: "0.21.0", stacks: {} as Record<string, unknown> };
  for (const [name, stack] of Object.entries(stacks)) {
    manifest.stacks[name] = {
      name,
      constructPath: name,
      annotations: [],
      dependencies: stack.dependencies ?? [],
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
      stackMetadataPath: `stacks/${name}/metadata.json`,
    };
    mkdirSync(join(outdir, "stacks", name), { recursive: true });
    const json = { "//": { metadata: { backend: "local", stackName: name, version: options.version ?? "0.21.0" } }, ...(stack.json ?? { resource: {} }) };
    writeFileSync(join(outdir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
  }
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return outdir;
}

/** A raw manifest.json (for malformed-manifest tests). */
export function writeManifest(manifest: unknown): string {
  const outdir = join(tempDir(), "cdktf.out");
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify(manifest));
  return outdir;
}

/** One entry of `resource_changes` / `resource_drift` in `terraform show -json` output. */
export function resourceChange(
  address: string,
  actions: string[],
  values: { before?: unknown; after?: unknown; deposed?: string } = {},
): Record<string, unknown> {
  const [type, name] = address
    .replace(/\[.*\]$/, "")
    .split(".")
    .slice(-2);
  return {
    address,
    mode: address.startsWith("data.") ? "data" : "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    ...(values.deposed ? { deposed: values.deposed } : {}),
    change: { actions, before: values.before ?? null, after: values.after ?? null, after_unknown: {}, before_sensitive: false, after_sensitive: false },
  };
}

/** A `terraform show -json` plan. */
export function planJson(changes: Record<string, unknown>[], drift: Record<string, unknown>[] = []): Record<string, unknown> {
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes, ...(drift.length > 0 ? { resource_drift: drift } : {}) };
}
