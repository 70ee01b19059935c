/**
 * Generated configurations for the growth benchmark: the shipped environment files cloned to many environments,
 * each with many data sources (`medallion.sources`) and applications (`kubernetes.apps`), written to a directory
 * that `INFRA_CONFIG_DIR` points the synth at. Nothing generated is committed; every generated directory is checked
 * with the real loader (the same schema `npm run synth` applies) before it is used.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { DEFAULT_CONFIG_DIR } from "../config/load";
import { BOOTSTRAP_FILE } from "../config/bootstrap-schema";
import { PRODUCTION_ENVIRONMENT } from "../config/environments";
import { loadPlatformConfig } from "../stacks/platform";

/** The size of a generated configuration. */
export interface ConfigSize {
  readonly environments: number;
  /** Entries of `medallion.sources` in each environment. */
  readonly sourcesPerEnvironment: number;
  /** Entries of `kubernetes.apps` in each environment (one cluster per environment). */
  readonly appsPerCluster: number;
}

/** What was written, counted from the files. */
export interface GeneratedConfig {
  readonly dir: string;
  readonly environments: readonly string[];
  readonly sources: number;
  readonly apps: number;
}

/** Thrown when the generator wrote something the schema refuses: a bug of the generator, reported with every problem. */
export class GeneratorError extends Error {
  constructor(size: ConfigSize, cause: Error) {
    super(`bench: the generated configuration ${JSON.stringify(size)} is invalid (fix bench/config-generator.ts):\n${cause.message}`);
    this.name = "GeneratorError";
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;

const read = (file: string): Yaml => parse(readFileSync(join(DEFAULT_CONFIG_DIR, file), "utf8"));

/**
 * The environments of a generated configuration: `prod` (the only production environment, Flux-delivered) as
 * shipped, then `dev` and `staging` and their clones in turn (`dev3`, `staging4`, ...), so the mix stays that of
 * the shipped files. Environment names are 2-8 characters: `staging` clones are named `stg<n>`.
 */
export function environmentPlan(count: number): { name: string; template: string }[] {
  const plan = [
    { name: PRODUCTION_ENVIRONMENT, template: PRODUCTION_ENVIRONMENT },
    { name: "dev", template: "dev" },
    { name: "staging", template: "staging" },
  ];
  for (let i = plan.length; i < count; i++) plan.push(i % 2 === 1 ? { name: `dev${i}`, template: "dev" } : { name: `stg${i}`, template: "staging" });
  return plan.slice(0, count);
}

/** Replaces the template's environment name where it stands as a word (host names, paths, group and container names). */
function renameEnvironment(node: Yaml, from: string, to: string, path: string[] = []): Yaml {
  if (from === to) return node;
  if (typeof node === "string") {
    // The ACME issuers are named after Let's Encrypt's environments, not ours.
    if (path.join(".") === "kubernetes.certManager.issuer") return node;
    return node.replace(new RegExp(`\\b${from}\\b`, "g"), to);
  }
  if (Array.isArray(node)) return node.map((v, i) => renameEnvironment(v, from, to, [...path, String(i)]));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, renameEnvironment(v, from, to, [...path, k])]));
  }
  return node;
}

/**
 * Gives the environment address ranges of its own: every `10.<octet>.` of the template becomes `10.<new octet>.`
 * (two /16s per environment, from 10.100.0.0/16 on), so no two generated networks overlap.
 */
function renumberNetworks(node: Yaml, index: number): Yaml {
  const octets = new Map<string, string>();
  const walk = (n: Yaml): Yaml => {
    if (typeof n === "string") {
      return n.replace(/\b10\.(\d{1,3})\./g, (_, octet: string) => {
        if (!octets.has(octet)) octets.set(octet, String(100 + 2 * index + octets.size));
        return `10.${octets.get(octet)}.`;
      });
    }
    if (Array.isArray(n)) return n.map(walk);
    if (n !== null && typeof n === "object") return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, walk(v)]));
    return n;
  };
  const result = walk(node);
  if (octets.size > 2) throw new Error(`bench: template uses ${octets.size} 10.x networks; the generator numbers two per environment`);
  return result;
}

/** `count` sources cloned from the template's, each with its own name and gold table (`sales_0007`, `daily_sales_0007`). */
function cloneSources(template: Yaml[], count: number): Yaml[] {
  return Array.from({ length: count }, (_, i) => {
    const base = structuredClone(template[i % template.length]);
    const suffix = String(i + 1).padStart(4, "0");
    return { ...base, name: `${base.name}_${suffix}`, goldTable: { ...base.goldTable, table: `${base.goldTable.table}_${suffix}` } };
  });
}

/**
 * `count` applications cloned from the template's first one: the first keeps its name, the others are `<name><n>`
 * in their own namespace, routed under their own path prefix on the gateway's host name.
 */
function cloneApps(template: Record<string, Yaml>, count: number): Record<string, Yaml> {
  const [name, app] = Object.entries(template)[0];
  const apps: Record<string, Yaml> = {};
  for (let i = 0; i < count; i++) {
    const id = i === 0 ? name : `${name}${i + 1}`;
    const copy = structuredClone(app);
    copy.namespace = i === 0 ? app.namespace : `${app.namespace}${i + 1}`;
    copy.routes = Object.fromEntries(
      Object.entries<Yaml>(copy.routes ?? {}).map(([r, route]) => [
        r,
        { ...route, rules: route.rules.map((rule: Yaml) => ({ ...rule, path: i === 0 ? rule.path : `/${id}${rule.path === "/" ? "" : rule.path}` })) },
      ]),
    );
    for (const w of Object.values<Yaml>(copy.workloads)) {
      if (w.keyVaultSecrets) w.keyVaultSecrets = Object.fromEntries(Object.entries<string>(w.keyVaultSecrets).map(([file, s]) => [file, s.replace(name, id)]));
    }
    apps[id] = copy;
  }
  return apps;
}

/** Waivers of the template application's resources (prod's image digests), repeated for each cloned application. */
function cloneAppWaivers(waivers: Yaml[], templateApp: string, apps: string[]): Yaml[] {
  const marker = `/App-${templateApp}/`;
  return waivers.flatMap((w) => (w.resource.includes(marker) ? apps.map((id) => ({ ...w, resource: w.resource.replace(marker, `/App-${id}/`) })) : [w]));
}

/**
 * Writes a configuration of the given size into `dir` (which must be empty): one `<env>.yaml` per environment and
 * the shipped `bootstrap.yaml`. Throws a {@link GeneratorError} when the real loader refuses what was written.
 */
export function generateConfig(dir: string, size: ConfigSize): GeneratedConfig {
  if (size.environments < 1 || size.sourcesPerEnvironment < 1 || size.appsPerCluster < 1) {
    throw new Error(`bench: a generated configuration needs at least one environment, source and application (got ${JSON.stringify(size)})`);
  }
  const plan = environmentPlan(size.environments);
  const templates = new Map(plan.map((p) => [p.template, read(`${p.template}.yaml`)] as const));
  plan.forEach(({ name, template }, index) => {
    const config = renumberNetworks(renameEnvironment(structuredClone(templates.get(template)), template, name), index);
    config.environment = name;
    config.medallion.sources = cloneSources(config.medallion.sources, size.sourcesPerEnvironment);
    const [templateApp] = Object.keys(config.kubernetes.apps);
    config.kubernetes.apps = cloneApps(config.kubernetes.apps, size.appsPerCluster);
    config.policy.waivers = cloneAppWaivers(config.policy.waivers ?? [], templateApp, Object.keys(config.kubernetes.apps));
    writeFileSync(join(dir, `${name}.yaml`), stringify(config, { lineWidth: 0 }));
  });
  writeFileSync(join(dir, BOOTSTRAP_FILE), readFileSync(join(DEFAULT_CONFIG_DIR, BOOTSTRAP_FILE), "utf8"));
  try {
    const { environments } = loadPlatformConfig(dir);
    return {
      dir,
      environments: environments.map((e) => e.environment),
      sources: environments.reduce((n, e) => n + e.medallion.sources.length, 0),
      apps: environments.reduce((n, e) => n + Object.keys(e.kubernetes.apps).length, 0),
    };
  } catch (e) {
    throw new GeneratorError(size, e as Error);
  }
}
