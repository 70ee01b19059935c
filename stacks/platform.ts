import { App } from "cdktf";
import { BOOTSTRAP_FILE, BootstrapConfig } from "../config/bootstrap-schema";
import { ConfigError, loadBootstrapConfig, loadEnvironmentConfigs } from "../config/load";
import { EnvironmentConfig } from "../config/schema";
import { BOOTSTRAP_STACK, BootstrapStack } from "./bootstrap-stack";
import { addEnvironmentStacks, ALL_STACK_KINDS, EnvironmentOptions, stackNames } from "./environment";
import { writeGitopsFolders } from "./flux-rendering";
import { exportManifests, writePolicyResults, writeRenderedStacks, writeServingSetup } from "./outputs";
import { gitopsSource } from "./gitops-source";
import type { StackSelection } from "./selection";

/** Everything `npm run synth` builds from: every environment file and the bootstrap file, all checked. */
export interface PlatformConfig {
  readonly environments: readonly EnvironmentConfig[];
  /** `bootstrap.yaml`; without it there is no `bootstrap` stack. */
  readonly bootstrap?: BootstrapConfig;
}

/** Loads and checks the config directory. Throws a ConfigError naming every problem of every file. */
export function loadPlatformConfig(dir: string): PlatformConfig {
  const environments = loadEnvironmentConfigs(dir);
  const bootstrap = loadBootstrapConfig(dir, environments);
  const problems = environments
    .filter((e) => e.kubernetes.delivery === "flux" && !bootstrap?.gitops)
    .map((e) => `${e.environment}.yaml: kubernetes.delivery: "flux" needs a GitOps account: set gitops.storageAccountName in ${BOOTSTRAP_FILE} (got "flux")`);
  if (problems.length > 0) throw new ConfigError(problems);
  return { environments, bootstrap };
}

/**
 * Adds the `bootstrap` stack (when configured) and every environment's stacks to the app; with a selection
 * (selective synth), only what it names and what that depends on.
 */
export function addPlatform(app: App, platform: PlatformConfig, selection?: StackSelection): void {
  for (const part of platformParts(platform, selection)) part(app);
}

/**
 * The platform as parts that can each be built in an app of their own (stacks/synthesize.ts, synthesizeInParts):
 * the bootstrap stack, then each environment's stacks. No part refers to another's constructs.
 */
export function platformParts({ environments, bootstrap }: PlatformConfig, selection?: StackSelection): Array<(app: App) => void> {
  const parts: Array<(app: App) => void> = [];
  // The bootstrap stack is built from every environment's config (their state containers and pipeline identities).
  if (bootstrap && (selection?.bootstrap ?? true)) {
    parts.push((app) => new BootstrapStack(app, BOOTSTRAP_STACK, { config: bootstrap, environments, stackNamesOf: (env) => Object.values(stackNames(env)) }));
  }
  for (const config of environments) {
    const kinds = selection ? selection.environments.get(config.environment) : ALL_STACK_KINDS;
    // Environments the pipelines deploy get their custom roles from the bootstrap stack.
    if (kinds && kinds.length > 0) parts.push((app) => void addEnvironmentStacks(app, config, kinds, environmentOptions(bootstrap, config)));
  }
  return parts;
}

/**
 * How an environment's stacks are built given the bootstrap config: pipeline-deployed environments get their
 * custom roles from bootstrap; Flux environments publish to their GitOps container.
 */
export function environmentOptions(bootstrap: BootstrapConfig | undefined, config: EnvironmentConfig): EnvironmentOptions {
  return {
    rolesFromBootstrap: bootstrap !== undefined && config.stateBackend !== undefined,
    gitops: config.kubernetes.delivery === "flux" ? gitopsSource(bootstrap, config.environment) : undefined,
  };
}

/**
 * What `npm run synth` writes next to the stacks: policy results, the manifests of Terraform-delivered clusters, the
 * stacks of Flux environments (for the review) and their rendered folders.
 */
export const PLATFORM_OUTPUTS = [writePolicyResults, exportManifests, writeRenderedStacks, writeGitopsFolders, writeServingSetup] as const;
