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
} from "./activities/base";
export { Activity, allActivities, datasetRef, linkedServiceRef, pipelineRef, validateActivities } from "./activities/base";
export * from "./activities/execution";
export * from "./activities/copy";
export * from "./activities/control-flow";
export * from "./activities/storage";
export * from "./activities/script";
