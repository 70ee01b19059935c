import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
import { BOOTSTRAP_FILE, BootstrapConfig, bootstrapConfigSchema } from "./bootstrap-schema";
import { isProductionEnvironment } from "./environments";
import { EnvironmentConfig, environmentConfigSchema } from "./schema";

/** Where the environment files live unless `INFRA_CONFIG_DIR` says otherwise. */
export const DEFAULT_CONFIG_DIR = resolve(__dirname);

/** All problems of all config files, one line each: `<file>: <path.to.field>: <what is wrong> (got <value>)`. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.join("\n")}`);
    this.name = "ConfigError";
  }
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), root);
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(file: string, raw: unknown, issue: z.core.$ZodIssue): string[] {
  const at = (path: PropertyKey[]) => (path.length ? path.map(String).join(".") : "(root)");
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${file}: ${at([...issue.path, key])}: unknown key, not in the schema (got ${show(valueAt(raw, [...issue.path, key]))})`);
  }
  return [`${file}: ${at(issue.path)}: ${issue.message} (got ${show(valueAt(raw, issue.path))})`];
}

/** Reads and parses one YAML file against a schema. Returns the value or the list of problems. */
function checkFile<T>(path: string, schema: z.ZodType<T>): { value?: T; problems: string[] } {
  const file = basename(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { problems: [`${file}: (file): cannot be read: ${(e as Error).message} (got ${show(path)})`] };
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const line = e.linePos?.[0];
        return `${file}: ${line ? `line ${line.line}, column ${line.col}` : "(yaml)"}: invalid YAML: ${e.message.split("\n")[0]} (got ${show(e.code)})`;
      }),
    };
  }
  const raw: unknown = doc.toJS();
  const result = schema.safeParse(raw);
  if (!result.success) return { problems: result.error.issues.flatMap((i) => describe(file, raw, i)) };
  return { value: result.data, problems: [] };
}

/** Parses and checks one environment file. Returns the config or the list of problems. */
export function checkEnvironmentFile(path: string): { config?: EnvironmentConfig; problems: string[] } {
  const { value, problems } = checkFile(path, environmentConfigSchema);
  if (!value) return { problems };
  const file = basename(path);
  const expected = basename(path, ".yaml");
  if (value.environment !== expected) {
    return { problems: [`${file}: environment: must match the file name "${expected}" (got ${show(value.environment)})`] };
  }
  return { config: value, problems: [] };
}

/**
 * Loads every `*.yaml` file of the directory (default: this folder, or `INFRA_CONFIG_DIR`), sorted by name.
 * Throws a {@link ConfigError} listing every problem of every file; returns nothing partial.
 */
export function loadEnvironmentConfigs(dir: string = DEFAULT_CONFIG_DIR): EnvironmentConfig[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") && f !== BOOTSTRAP_FILE)
      .sort();
  } catch (e) {
    throw new ConfigError([`${dir}: (directory): cannot be read: ${(e as Error).message} (got ${show(dir)})`]);
  }
  if (files.length === 0) throw new ConfigError([`${dir}: (directory): holds no <env>.yaml file (got ${show(readdirSync(dir))})`]);
  const results = files.map((f) => checkEnvironmentFile(join(dir, f)));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const configs = results.map((r) => r.config as EnvironmentConfig);
  const shared = sharedProductionAdminGroups(configs);
  if (shared.length > 0) throw new ConfigError(shared);
  return configs;
}

/**
 * Production's admin groups (SQL Entra admin, AKS cluster admins) must be its own: a group that also administers
 * dev or staging would give whoever is added there for convenience production admin rights.
 */
function sharedProductionAdminGroups(configs: readonly EnvironmentConfig[]): string[] {
  const adminGroups = (c: EnvironmentConfig): [string, string][] => [
    ["sql.entraAdmin.objectId", c.sql.entraAdmin.objectId],
    ...c.aks.adminGroupObjectIds.map((id, i): [string, string] => [`aks.adminGroupObjectIds.${i}`, id]),
  ];
  const production = configs.filter((c) => isProductionEnvironment(c.environment));
  const prodGroups = new Map(production.flatMap((c) => adminGroups(c).map(([, id]) => [id.toLowerCase(), c.environment] as const)));
  return configs
    .filter((c) => !isProductionEnvironment(c.environment))
    .flatMap((c) =>
      adminGroups(c)
        .filter(([, id]) => prodGroups.has(id.toLowerCase()))
        .map(
          ([path, id]) =>
            `${c.environment}.yaml: ${path}: must not be an admin group of ${prodGroups.get(id.toLowerCase())} (give each environment its own groups) (got ${show(id)})`,
        ),
    );
}

/** The config directory for this process: `INFRA_CONFIG_DIR` when set, else the shipped `config/`. */
export function configDirFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.INFRA_CONFIG_DIR ? resolve(env.INFRA_CONFIG_DIR) : DEFAULT_CONFIG_DIR;
}

/**
 * Loads `bootstrap.yaml` of the config directory, or undefined when there is none (the stacks then need no state
 * account). Throws a {@link ConfigError} on any problem, including an environment whose azurerm `stateBackend`
 * names another account than the one the bootstrap creates.
 */
export function loadBootstrapConfig(dir: string, environments: readonly EnvironmentConfig[]): BootstrapConfig | undefined {
  const path = join(dir, BOOTSTRAP_FILE);
  if (!existsSync(path)) return undefined;
  const { value, problems } = checkFile(path, bootstrapConfigSchema);
  if (!value) throw new ConfigError(problems);
  const mismatches: string[] = [];
  for (const env of environments) {
    const state = env.stateBackend;
    if (state?.type !== "azurerm") continue;
    const expected = {
      subscriptionId: value.subscriptionId,
      resourceGroupName: value.state.resourceGroupName,
      storageAccountName: value.state.storageAccountName,
    };
    const actual = {
      subscriptionId: state.subscriptionId ?? env.subscriptionId,
      resourceGroupName: state.resourceGroupName,
      storageAccountName: state.storageAccountName,
    };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (expected[key] !== actual[key]) {
        mismatches.push(
          `${env.environment}.yaml: stateBackend.${key}: must be the state account's ${show(expected[key])} from ${BOOTSTRAP_FILE} (got ${show(actual[key])})`,
        );
      }
    }
  }
  if (mismatches.length > 0) throw new ConfigError(mismatches);
  return value;
}
