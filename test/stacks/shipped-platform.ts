import { App } from "cdktf";
import { EnvironmentConfig } from "../../config/schema";
import { addEnvironment, EnvironmentStacks } from "../../stacks/environment";
import { environmentOptions, loadPlatformConfig } from "../../stacks/platform";
import { SHIPPED_CONFIG_DIR } from "../config/config-fixtures";

/** The shipped config directory: every environment and config/bootstrap.yaml. */
export const shippedPlatform = loadPlatformConfig(SHIPPED_CONFIG_DIR);

/** An environment's stacks built as `npm run synth` builds them (custom roles from bootstrap, Flux sources). */
export function addShippedEnvironment(app: App, config: EnvironmentConfig): EnvironmentStacks {
  return addEnvironment(app, config, environmentOptions(shippedPlatform.bootstrap, config));
}
