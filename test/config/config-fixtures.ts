import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { ConfigError, loadEnvironmentConfigs } from "../../config/load";

export const SHIPPED_CONFIG_DIR = join(__dirname, "..", "..", "config");

const parsed = new Map<string, Record<string, any>>();

/** A shipped environment file as a plain object, to mutate in a test: a fresh copy on each call. */
export function shippedConfig(env: "dev" | "staging" | "prod"): Record<string, any> {
  // Parsed once per test file: the config tests call this hundreds of times, and cloning is far cheaper than YAML.
  if (!parsed.has(env)) parsed.set(env, parse(readFileSync(join(SHIPPED_CONFIG_DIR, `${env}.yaml`), "utf8")));
  return structuredClone(parsed.get(env)!);
}

/** Writes the given files (name -> object or raw text) to a new temporary directory and returns it. */
export function configDir(files: Record<string, Record<string, any> | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "infra-config-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : stringify(content));
  }
  return dir;
}

/** `dev.yaml` from the shipped file, changed by `mutate`. */
export function devWith(mutate: (c: Record<string, any>) => void): string {
  const config = shippedConfig("dev");
  mutate(config);
  return configDir({ "dev.yaml": config });
}

/** `prod.yaml` from the shipped file, changed by `mutate`. */
export function prodWith(mutate: (c: Record<string, any>) => void): string {
  const config = shippedConfig("prod");
  mutate(config);
  return configDir({ "prod.yaml": config });
}

/** The problems a config directory produces (fails the test when it loads cleanly). */
export function problems(dir: string): string[] {
  try {
    loadEnvironmentConfigs(dir);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}
