import { App } from "cdktf";
import { EnvironmentConfig } from "../config/schema";
import { AksStack } from "./aks-stack";
import { DataStack } from "./data-stack";
import { DatabricksStack } from "./databricks-stack";
import { K8sAddonsStack } from "./k8s-addons-stack";
import { K8sConfigStack } from "./k8s-config-stack";
import { registerRenderedEnvironment, renderAppOf } from "./flux-rendering";
import { GitopsSource } from "./gitops-source";

import { stackNames } from "./stack-names";

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

/**
 * All stacks of one environment, in deployment order: `cdktf deploy '<env>-*'` applies data, then what lives in
 * its Databricks workspace, and (independently) the cluster, then the controllers and their CRDs, then the objects
 * that need those CRDs. With `kubernetes.delivery: flux` the last two are rendered for the cluster to pull.
 */
export function addEnvironment(app: App, config: EnvironmentConfig, options: EnvironmentOptions = {}): EnvironmentStacks {
  const names = stackNames(config.environment);
  const flux = config.kubernetes.delivery === "flux";
  if (flux && !options.gitops) {
    throw new Error(
      `${config.environment}: kubernetes.delivery is "flux" but no GitOps source was given. Fix: set gitops.storageAccountName in config/bootstrap.yaml.`,
    );
  }
  const data = new DataStack(app, names.data, { config });
  // The workspace-level Databricks provider needs the workspace of <env>-data to exist before it can plan.
  const databricks = new DatabricksStack(app, names.databricks, { config });
  databricks.addDependency(data);
  const aks = new AksStack(app, names.aks, { config, rolesFromBootstrap: options.rolesFromBootstrap, gitops: flux ? options.gitops : undefined });
  // The cluster's Container Insights reads the environment's Log Analytics workspace by name.
  aks.addDependency(data);
  // With Flux, the in-cluster stacks are built (policy pack, review) in the render app and rendered, never applied.
  const clusterScope = flux ? renderAppOf(app) : app;
  const k8sAddons = new K8sAddonsStack(clusterScope, names.k8sAddons, { config, cluster: aks });
  if (!flux) k8sAddons.addDependency(aks);
  const k8sConfig = new K8sConfigStack(clusterScope, names.k8sConfig, { config, addons: k8sAddons, cluster: aks });
  k8sConfig.addDependency(k8sAddons);
  if (flux) registerRenderedEnvironment(app, { environment: config.environment, source: options.gitops!, stacks: [k8sAddons, k8sConfig] });
  return { data, databricks, aks, k8sAddons, k8sConfig };
}
