/**
 * The Helm releases of a stack, installed with the real Helm (the version the helm provider embeds) from the
 * charts' release sources, with exactly the values the synthesized `helm_release` passes.
 *
 * Three things differ from a deploy, because no node runs a pod here:
 * - `--no-hooks`: a hook Job never completes, and Helm waits for hooks. The hooks' objects are applied instead and
 *   their Jobs' pods go through admission with every other pod (see checks.ts `podAdmission`).
 * - no `--wait`/`--atomic` (nothing becomes ready);
 * - the webhook configurations a release creates are deleted right after install: their backends never run, and
 *   with `failurePolicy: Fail` they would refuse every object they judge (cert-manager's refuse every
 *   ClusterIssuer). What those webhooks check is therefore not checked here.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { yamlDocuments } from "../module-sources";
import { KubeObject } from "./aks-objects";
import { ApiServer } from "./api-server";
import { chartFolder } from "./charts";
import { describe } from "./checks";

/** A `helm_release` of a synthesized stack, as the helm provider receives it. */
export interface HelmReleaseSpec {
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly values: readonly string[];
  readonly createNamespace: boolean;
  readonly skipCrds: boolean;
}

/** A `helm_release` resource of a synthesized stack (cdk.tf.json) as the helm provider receives it. */
export function helmReleaseOf(r: any): HelmReleaseSpec {
  if (r.set || r.set_sensitive || r.set_list)
    throw new Error(`helm_release ${r.name}: set/set_sensitive/set_list are not replayed by validate:cluster: pass values instead`);
  // A local package (kubernetes.charts.folder) is <folder>/<chart>-<version>.tgz: the chart is built from its source here.
  const chart = r.repository
    ? r.chart
    : String(r.chart)
        .split("/")
        .pop()!
        .replace(new RegExp(`-${r.version}\\.tgz$`), "");
  return {
    name: r.name,
    chart,
    version: r.version,
    namespace: r.namespace ?? "default",
    values: r.values ?? [],
    createNamespace: r.create_namespace === true,
    skipCrds: r.skip_crds === true,
  };
}

/** What a release put in the cluster. */
export interface InstalledRelease {
  readonly spec: HelmReleaseSpec;
  /** The release's objects (`helm get manifest`). */
  readonly objects: KubeObject[];
  /** The hooks' objects (`helm get hooks`), not installed by Helm here. */
  readonly hooks: KubeObject[];
  /** The webhook configurations deleted after install. */
  readonly webhooksRemoved: string[];
  /** The CRDs of the chart's and its subcharts' crds/ folders (Helm creates the missing ones and never deletes them). */
  readonly crdsFolder: string[];
}

/** The CRD names of a chart's crds/ folder and of its subcharts' (charts/<name>/crds/), as Helm reads them. */
function crdsFolderNames(chartDir: string): string[] {
  const yamlIn = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? yamlIn(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const crds = existsSync(join(chartDir, "crds")) ? yamlIn(join(chartDir, "crds")) : [];
  const names = crds.flatMap((f) =>
    yamlDocuments<KubeObject>(readFileSync(f, "utf8"))
      .filter((o) => o.kind === "CustomResourceDefinition")
      .map((o) => o.metadata.name),
  );
  const subcharts = existsSync(join(chartDir, "charts")) ? readdirSync(join(chartDir, "charts"), { withFileTypes: true }).filter((e) => e.isDirectory()) : [];
  return [...names, ...subcharts.flatMap((e) => crdsFolderNames(join(chartDir, "charts", e.name)))];
}

/** Whether a hook object is deleted once its hook succeeds (`helm.sh/hook-delete-policy: hook-succeeded`). */
export function deletedAfterSuccess(hook: KubeObject): boolean {
  const policy = (hook.metadata.annotations as Record<string, string> | undefined)?.["helm.sh/hook-delete-policy"] ?? "";
  return policy
    .split(",")
    .map((p) => p.trim())
    .includes("hook-succeeded");
}

/** Installs a release; returns it, or the problems (Helm's own message: a values.schema.json violation, a template error, a refused object). */
export function installRelease(server: ApiServer, cacheDir: string, helm: string, spec: HelmReleaseSpec): { release?: InstalledRelease; problems: string[] } {
  const chart = chartFolder(cacheDir, spec.chart, spec.version);
  const dir = mkdtempSync(join(tmpdir(), "validate-values-"));
  try {
    const valueFiles = spec.values.flatMap((v, i) => {
      const path = join(dir, `values-${i}.yaml`);
      writeFileSync(path, v);
      return ["--values", path];
    });
    const args = ["install", spec.name, chart, "--namespace", spec.namespace, "--no-hooks", "--timeout", "120s", ...valueFiles];
    if (spec.createNamespace) args.push("--create-namespace");
    if (spec.skipCrds) args.push("--skip-crds");
    const r = server.exec(helm, args);
    if (r.status !== 0) return { problems: [`helm install ${spec.name} (${spec.chart} ${spec.version}) failed:\n${r.stderr.trim()}`] };
    const objects = yamlDocuments<KubeObject>(server.exec(helm, ["get", "manifest", spec.name, "--namespace", spec.namespace]).stdout);
    const hooks = yamlDocuments<KubeObject>(server.exec(helm, ["get", "hooks", spec.name, "--namespace", spec.namespace]).stdout);
    const webhooks = objects.filter((o) => o.kind === "ValidatingWebhookConfiguration" || o.kind === "MutatingWebhookConfiguration");
    const problems: string[] = [];
    for (const w of webhooks) {
      const d = server.kubectl(["delete", w.kind, w.metadata.name, "--ignore-not-found"]);
      if (d.status !== 0) problems.push(`deleting ${describe(w)}: ${d.stderr.trim()}`);
    }
    return { release: { spec, objects, hooks, webhooksRemoved: webhooks.map(describe), crdsFolder: crdsFolderNames(chart) }, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Uninstalls a release (waiting for its objects to go). */
export function uninstallRelease(server: ApiServer, helm: string, spec: HelmReleaseSpec): string[] {
  const r = server.exec(helm, ["uninstall", spec.name, "--namespace", spec.namespace, "--wait", "--timeout", "120s"]);
  return r.status === 0 ? [] : [`helm uninstall ${spec.name} failed:\n${r.stderr.trim()}`];
}
