/**
 * The pinned charts, built from the releases' own sources (module downloads through the Go module proxy) the way
 * each project's release tooling packages them, into a folder Helm installs from:
 * - cert-manager: `deploy/charts/cert-manager` of github.com/cert-manager/cert-manager; the release tool sets
 *   `version` and `appVersion` of Chart.yaml. The chart has its own values.schema.json, which Helm applies.
 * - Envoy Gateway: `charts/gateway-helm` of github.com/envoyproxy/gateway; the release writes values.yaml from
 *   values.tmpl.yaml with `GatewayImage=docker.io/envoyproxy/gateway:<tag>` and the pull policy (tools/make/helm.mk)
 *   and sets the versions. This chart has no values.schema.json: its values are judged only by its templates.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { moduleDir } from "../module-sources";

/** How a chart is found in its project's module and packaged. */
interface ChartSource {
  readonly module: string;
  readonly path: string;
  /** Files the release tooling writes, from the chart folder's own files. */
  readonly generate?: (dir: string, version: string) => void;
}

export const CHART_SOURCES: Readonly<Record<string, ChartSource>> = {
  "cert-manager": { module: "github.com/cert-manager/cert-manager", path: "deploy/charts/cert-manager" },
  "gateway-helm": {
    module: "github.com/envoyproxy/gateway",
    path: "charts/gateway-helm",
    generate: (dir, version) => {
      const template = readFileSync(join(dir, "values.tmpl.yaml"), "utf8");
      const values = template.replaceAll("${GatewayImage}", `docker.io/envoyproxy/gateway:${version}`).replaceAll("${GatewayImagePullPolicy}", "IfNotPresent");
      if (values.includes("${")) throw new Error(`gateway-helm ${version}: values.tmpl.yaml has a placeholder this script does not know`);
      writeFileSync(join(dir, "values.yaml"), values);
    },
  },
};

function setChartVersion(dir: string, version: string): void {
  const path = join(dir, "Chart.yaml");
  const text = readFileSync(path, "utf8")
    .replace(/^version: .*$/m, `version: ${version}`)
    .replace(/^appVersion: .*$/m, `appVersion: "${version}"`);
  writeFileSync(path, text);
}

/** The folder of chart `chart` at `version`, prepared once under `cacheDir`. */
export function chartFolder(cacheDir: string, chart: string, version: string): string {
  const source = CHART_SOURCES[chart];
  if (!source)
    throw new Error(
      `validate:cluster: no source known for chart ${chart} (known: ${Object.keys(CHART_SOURCES).join(", ")}): add it to scripts/cluster/charts.ts`,
    );
  const dir = join(cacheDir, "charts", `${chart}-${version}`);
  if (existsSync(join(dir, "Chart.yaml"))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(cacheDir, "charts"), { recursive: true });
  cpSync(join(moduleDir(source.module, version), source.path), tmp, { recursive: true });
  chmodTree(tmp);
  setChartVersion(tmp, version);
  source.generate?.(tmp, version);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

// The module cache is read-only: make the copy writable.
function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) chmodTree(p);
    else chmodSync(p, 0o644);
  }
}
