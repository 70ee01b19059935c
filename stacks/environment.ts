import { App } from "cdktf";
import { EnvironmentConfig } from "../config/schema";
import { DataStack } from "./data-stack";

/** Stack names are a contract (tests, pipelines and reviews use them). */
export const stackNames = (environment: string) => ({ data: `${environment}-data` }) as const;

/** All stacks of one environment. */
export function addEnvironment(app: App, config: EnvironmentConfig): { data: DataStack } {
  const names = stackNames(config.environment);
  return { data: new DataStack(app, names.data, { config }) };
}
