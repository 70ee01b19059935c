import { App } from "cdktf";
import { EnvironmentConfig } from "../config/schema";
import { AksStack } from "./aks-stack";
import { DataStack } from "./data-stack";
import { DatabricksStack } from "./databricks-stack";
import { K8sAddonsStack } from "./k8s-addons-stack";
import { K8sConfigStack } from "./k8s-config-stack";

/** Stack names are a contract (tests, pipelines and reviews use them). */
export const stackNames = (environment: string) =>
  ({
    data: `${environment}-data`,
    databricks: `${environment}-databricks`,
    aks: `${environment}-aks`,
    k8sAddons: `${environment}-k8s-addons`,
    k8sConfig: `${environment}-k8s-config`,
  }) as const;

/** The stacks of one environment. */
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
 * that need those CRDs.
 */
export function addEnvironment(app: App, config: EnvironmentConfig, options: { readonly rolesFromBootstrap?: boolean } = {}): EnvironmentStacks {
  const names = stackNames(config.environment);
  const data = new DataStack(app, names.data, { config });
  // The workspace-level Databricks provider needs the workspace of <env>-data to exist before it can plan.
  const databricks = new DatabricksStack(app, names.databricks, { config });
  databricks.addDependency(data);
  const aks = new AksStack(app, names.aks, { config, rolesFromBootstrap: options.rolesFromBootstrap });
  // The cluster's Container Insights reads the environment's Log Analytics workspace by name.
  aks.addDependency(data);
  const k8sAddons = new K8sAddonsStack(app, names.k8sAddons, { config });
  k8sAddons.addDependency(aks);
  const k8sConfig = new K8sConfigStack(app, names.k8sConfig, { config });
  k8sConfig.addDependency(k8sAddons);
  return { data, databricks, aks, k8sAddons, k8sConfig };
}
