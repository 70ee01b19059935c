export * from "./expression";
export * from "./activities";
export * from "./pipeline-definition";
