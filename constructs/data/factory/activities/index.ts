/** Typed builders for Data Factory pipeline activities (plain JSON for `azurerm_data_factory_pipeline.activities_json`). */
export type {
  ActivityDependency,
  ActivityJson,
  ActivityProps,
  DatasetReference,
  DependencyCondition,
  LinkedServiceReference,
  ParameterValue,
  PipelineReference,
} from "./base";
export { Activity, allActivities, datasetRef, linkedServiceRef, pipelineRef, validateActivities } from "./base";
export * from "./execution";
export * from "./copy";
export * from "./control-flow";
export * from "./storage";
export * from "./script";
