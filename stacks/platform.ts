import { App } from "cdktf";
import { BootstrapConfig } from "../config/bootstrap-schema";
import { loadBootstrapConfig, loadEnvironmentConfigs } from "../config/load";
import { EnvironmentConfig } from "../config/schema";
import { BOOTSTRAP_STACK, BootstrapStack } from "./bootstrap-stack";
import { addEnvironment, stackNames } from "./environment";

/** Everything `npm run synth` builds from: every environment file and the bootstrap file, all checked. */
export interface PlatformConfig {
  readonly environments: readonly EnvironmentConfig[];
  /** `bootstrap.yaml`; without it there is no `bootstrap` stack. */
  readonly bootstrap?: BootstrapConfig;
}

/** Loads and checks the config directory. Throws a ConfigError naming every problem of every file. */
export function loadPlatformConfig(dir: string): PlatformConfig {
  const environments = loadEnvironmentConfigs(dir);
  return { environments, bootstrap: loadBootstrapConfig(dir, environments) };
}

/** Adds the `bootstrap` stack (when configured) and every environment's stacks to the app. */
export function addPlatform(app: App, { environments, bootstrap }: PlatformConfig): void {
  if (bootstrap) {
    new BootstrapStack(app, BOOTSTRAP_STACK, { config: bootstrap, environments, stackNamesOf: (env) => Object.values(stackNames(env)) });
  }
  // Environments the pipelines deploy get their custom roles from the bootstrap stack.
  for (const config of environments) addEnvironment(app, config, { rolesFromBootstrap: bootstrap !== undefined && config.stateBackend !== undefined });
}
