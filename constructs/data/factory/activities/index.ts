/**
 * Typed builders for Data Factory pipeline activities (plain JSON for `azurerm_data_factory_pipeline.activities_json`):
 * the public list, which the package entry point re-exports as it is (the renderers and checks stay internal).
 */
export { Activity, datasetRef, linkedServiceRef, pipelineRef } from "./base";
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
export { CopyActivity, LookupActivity } from "./copy";
export type {
  AzureSqlSink,
  AzureSqlSource,
  BlobReadSettings,
  BlobWriteSettings,
  CopyActivityProps,
  CopySink,
  CopySource,
  DelimitedTextReadSettings,
  DelimitedTextSource,
  LookupActivityProps,
  ParquetReadSettings,
  ParquetSink,
  ParquetSource,
  ParquetWriteSettings,
  SqlUpsertSettings,
  StoredProcedureParameter,
} from "./copy";
export { DatabricksNotebookActivity, ExecutionActivity } from "./execution";
export type {
  ActivityPolicy,
  DatabricksLibrary,
  DatabricksMavenLibrary,
  DatabricksNotebookActivityProps,
  DatabricksPackageLibrary,
  ExecutionActivityProps,
} from "./execution";
export { ExecutePipelineActivity, FailActivity, ForEachActivity, IfConditionActivity, SetVariableActivity, WaitActivity } from "./control-flow";
export type {
  ExecutePipelineActivityProps,
  FailActivityProps,
  ForEachActivityProps,
  IfConditionActivityProps,
  SetVariableActivityProps,
  WaitActivityProps,
} from "./control-flow";
export { DeleteActivity, GetMetadataActivity } from "./storage";
export type { BinaryReadSettings, DeleteActivityProps, GetMetadataActivityProps, MetadataField } from "./storage";
export { ScriptActivity } from "./script";
export type { ScriptActivityProps, ScriptBlock } from "./script";
