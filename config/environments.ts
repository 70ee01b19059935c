/**
 * The environment whose config gets the production rules (no opt-outs, locks, zones, retention) and whose stacks
 * get the production-only policy rules. One definition, used by the schema and the stacks.
 */
export const PRODUCTION_ENVIRONMENT = "prod";

export const isProductionEnvironment = (environment: string): boolean => environment === PRODUCTION_ENVIRONMENT;
