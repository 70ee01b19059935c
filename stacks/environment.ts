import { App, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../config/schema";
import { AksStack } from "./aks-stack";
import { DataStack } from "./data-stack";
import { DatabricksStack } from "./databricks-stack";
import { K8sAddonsStack } from "./k8s-addons-stack";
import { K8sConfigStack } from "./k8s-config-stack";
import { registerRenderedEnvironment, renderAppOf } from "./flux-rendering";
import { GitopsSource } from "./gitops-source";

import { STACK_KINDS, StackKind, stackNames } from "./stack-names";

export { stackNames } from "./stack-names";

/** How an environment's stacks are built. */
export interface EnvironmentOptions {
  /**
   * Whether the `bootstrap` stack created the custom roles the stacks assign (pipeline-deployed environments).
   * @default false
   */
  readonly rolesFromBootstrap?: boolean;
  /**
   * Where the rendered folder of a `kubernetes.delivery: flux` environment is published (required for those).
   * @default - none
   */
  readonly gitops?: GitopsSource;
}

/** The stacks of one environment (with Flux delivery, the k8s stacks belong to the render app). */
export interface EnvironmentStacks {
  readonly data: DataStack;
  readonly databricks: DatabricksStack;
  readonly aks: AksStack;
  readonly k8sAddons: K8sAddonsStack;
  readonly k8sConfig: K8sConfigStack;
}

/** Every kind, in the order `npm run synth` builds them. */
export const ALL_STACK_KINDS = Object.keys(STACK_KINDS) as StackKind[];

/**
 * The in-cluster stacks are built as a pair whichever one is asked for: the policy pack judges k8s-addons against
 * k8s-config, which depends on it (K8S-010: an application's namespace is created in k8s-addons, its default-deny
 * NetworkPolicy in k8s-config, so k8s-addons alone would be refused), and with Flux they are one folder that Flux
 * applies and prunes as a whole, so a folder with one of them would delete the other's objects.
 */
const BUILT_TOGETHER: readonly StackKind[] = ["k8sAddons", "k8sConfig"];

/**
 * All stacks of one environment, in deployment order: `cdktf deploy '<env>-*'` applies data, then what lives in
 * its Databricks workspace, and (independently) the cluster, then the controllers and their CRDs, then the objects
 * that need those CRDs. With `kubernetes.delivery: flux` the last two are rendered for the cluster to pull.
 */
export function addEnvironment(app: App, config: EnvironmentConfig, options: EnvironmentOptions = {}): EnvironmentStacks {
  return addEnvironmentStacks(app, config, ALL_STACK_KINDS, options) as EnvironmentStacks;
}

/**
 * Some stacks of one environment (selective synth): each of `kinds` and the stacks it depends on, which are built
 * first, as in {@link addEnvironment}; asking for one in-cluster stack builds both (see BUILT_TOGETHER). With every
 * kind, this is {@link addEnvironment}.
 */
export function addEnvironmentStacks(
  app: App,
  config: EnvironmentConfig,
  kinds: Iterable<StackKind>,
  options: EnvironmentOptions = {},
): Partial<EnvironmentStacks> {
  const names = stackNames(config.environment);
  const flux = config.kubernetes.delivery === "flux";
  if (flux && !options.gitops) {
    throw new Error(
      `${config.environment}: kubernetes.delivery is "flux" but no GitOps source was given. Fix: set gitops.storageAccountName in config/bootstrap.yaml.`,
    );
  }
  const built: { -readonly [K in StackKind]?: EnvironmentStacks[K] } = {};
  // Each stack is created once, on first use, after the stacks it depends on: what a stack needs is built with it.
  const once =
    <K extends StackKind>(kind: K, create: () => EnvironmentStacks[K]) =>
    (): EnvironmentStacks[K] =>
      (built[kind] ??= create()) as EnvironmentStacks[K];
  const data = once("data", () => new DataStack(app, names.data, { config }));
  // The workspace-level Databricks provider needs the workspace of <env>-data to exist before it can plan.
  const databricks = once("databricks", () => after([data()], () => new DatabricksStack(app, names.databricks, { config })));
  // The cluster's Container Insights reads the environment's Log Analytics workspace by name.
  const aks = once("aks", () =>
    after([data()], () => new AksStack(app, names.aks, { config, rolesFromBootstrap: options.rolesFromBootstrap, gitops: flux ? options.gitops : undefined })),
  );
  // With Flux, the in-cluster stacks are built (policy pack, review) in the render app and rendered, never applied.
  const k8sAddons = once("k8sAddons", () => {
    const cluster = aks();
    return after(flux ? [] : [cluster], () => new K8sAddonsStack(flux ? renderAppOf(app) : app, names.k8sAddons, { config, cluster }));
  });
  const k8sConfig = once("k8sConfig", () => {
    const [cluster, addons] = [aks(), k8sAddons()];
    return after([addons], () => new K8sConfigStack(flux ? renderAppOf(app) : app, names.k8sConfig, { config, addons, cluster }));
  });
  const build: Record<StackKind, () => TerraformStack> = { data, databricks, aks, k8sAddons, k8sConfig };

  const wanted = new Set(kinds);
  if (BUILT_TOGETHER.some((k) => wanted.has(k))) BUILT_TOGETHER.forEach((k) => wanted.add(k));
  for (const kind of ALL_STACK_KINDS) if (wanted.has(kind)) build[kind]();
  if (flux && built.k8sAddons && built.k8sConfig) {
    registerRenderedEnvironment(app, { environment: config.environment, source: options.gitops!, stacks: [built.k8sAddons, built.k8sConfig] });
  }
  return built;
}

/** Creates a stack after the stacks it depends on (they are built first, so they come first in the app) and records them. */
function after<T extends TerraformStack>(dependencies: readonly TerraformStack[], create: () => T): T {
  const stack = create();
  for (const dependency of dependencies) stack.addDependency(dependency);
  return stack;
}
