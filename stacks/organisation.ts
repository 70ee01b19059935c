import { Aspects, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isProductionEnvironment } from "../config/environments";
import { EnvironmentConfig } from "../config/schema";
import { LockProps } from "../constructs/core/interfaces";
import { TaggingAspect } from "../constructs/core/tagging";
import { PolicyAspect } from "../policies/policy-aspect";

/** Environments whose stacks get production-only rules (SKUs, locks, prevent_destroy, public access). */
export const isProduction = (config: EnvironmentConfig) => isProductionEnvironment(config.environment);

/** The CanNotDelete lock production data stores and vaults carry; none elsewhere (environments are disposable). */
export const productionLock = (config: EnvironmentConfig): LockProps | undefined => (isProduction(config) ? { kind: "CanNotDelete" } : undefined);

/**
 * The organisation-wide aspects every stack gets: the policy pack (with the environment's waivers) and, for
 * stacks of Azure resources, the mandatory tags.
 */
export function applyOrganisationAspects(stack: TerraformStack, config: EnvironmentConfig, options: { readonly tags: boolean }): void {
  if (options.tags) Aspects.of(stack).add(new TaggingAspect({ environment: config.environment, ...config.tags }));
  const siblings = environmentRegistry(stack.node.root, config.environment);
  siblings.push(stack);
  Aspects.of(stack).add(
    new PolicyAspect({ environment: config.environment, production: isProduction(config), waivers: config.policy.waivers, siblings: () => siblings }),
  );
}

/** The stacks of each environment of an app, in construction order: what cross-stack policy rules compare. */
const ENVIRONMENTS = new WeakMap<IConstruct, Map<string, TerraformStack[]>>();

function environmentRegistry(app: IConstruct, environment: string): TerraformStack[] {
  const byEnvironment = ENVIRONMENTS.get(app) ?? new Map<string, TerraformStack[]>();
  ENVIRONMENTS.set(app, byEnvironment);
  const stacks = byEnvironment.get(environment) ?? [];
  byEnvironment.set(environment, stacks);
  return stacks;
}
