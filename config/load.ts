import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { z } from "zod";
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
    return issue.keys.map(
      (key) => `${file}: ${at([...issue.path, key])}: unknown key, not in the schema (got ${show(valueAt(raw, [...issue.path, key]))})`,
    );
  }
  return [`${file}: ${at(issue.path)}: ${issue.message} (got ${show(valueAt(raw, issue.path))})`];
}

/** Parses and checks one environment file. Returns the config or the list of problems. */
export function checkEnvironmentFile(path: string): { config?: EnvironmentConfig; problems: string[] } {
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
  const result = environmentConfigSchema.safeParse(raw);
  if (!result.success) return { problems: result.error.issues.flatMap((i) => describe(file, raw, i)) };
  const expected = basename(path, ".yaml");
  if (result.data.environment !== expected) {
    return { problems: [`${file}: environment: must match the file name "${expected}" (got ${show(result.data.environment)})`] };
  }
  return { config: result.data, problems: [] };
}

/**
 * Loads every `*.yaml` file of the directory (default: this folder, or `INFRA_CONFIG_DIR`), sorted by name.
 * Throws a {@link ConfigError} listing every problem of every file; returns nothing partial.
 */
export function loadEnvironmentConfigs(dir: string = DEFAULT_CONFIG_DIR): EnvironmentConfig[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  } catch (e) {
    throw new ConfigError([`${dir}: (directory): cannot be read: ${(e as Error).message} (got ${show(dir)})`]);
  }
  if (files.length === 0) throw new ConfigError([`${dir}: (directory): holds no <env>.yaml file (got ${show(readdirSync(dir))})`]);
  const results = files.map((f) => checkEnvironmentFile(join(dir, f)));
  const problems = results.flatMap((r) => r.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return results.map((r) => r.config as EnvironmentConfig);
}

/** The config directory for this process: `INFRA_CONFIG_DIR` when set, else the shipped `config/`. */
export function configDirFromEnvironment(env: NodeJS.ProcessEnv = process.env): string {
  return env.INFRA_CONFIG_DIR ? resolve(env.INFRA_CONFIG_DIR) : DEFAULT_CONFIG_DIR;
}
