/**
 * Data Factory building blocks for pipelines of your own: expressions, typed activities, `PipelineDefinition`, and
 * the factory's child resources (pipelines, triggers, datasets, linked services, credentials) as constructs.
 */
export {
  activityOutput,
  concat,
  expr,
  formatDateTime,
  isExpression,
  isExpressionString,
  item,
  literal,
  param,
  utcNow,
  variable,
} from "../constructs/data/factory/expression";
export type { Dynamic, Expression } from "../constructs/data/factory/expression";
export * from "../constructs/data/factory/activities";
export { PipelineDefinition } from "../constructs/data/factory/pipeline-definition";
export type { PipelineDefinitionProps, PipelineParameter, PipelineVariable } from "../constructs/data/factory/pipeline-definition";
export { Pipeline } from "../constructs/data/factory/pipeline";
export type { IPipeline, PipelineProps } from "../constructs/data/factory/pipeline";
export type { FactoryEntityKind, IFactoryEntity } from "../constructs/data/factory/entity";
export { ScheduleTrigger, StorageEventTrigger, TumblingWindowTrigger } from "../constructs/data/factory/triggers";
export type { ScheduleFrequency, TumblingWindowFrequency, TumblingWindowTriggerProps } from "../constructs/data/factory/triggers";
export {
  CSV_DATASET_PARAMETERS,
  LAKE_DATASET_PARAMETERS,
  LakeDelimitedTextDataset,
  LakeFolderDataset,
  LakeParquetDataset,
  RFC4180_CSV,
  SqlTableDataset,
} from "../constructs/data/factory/datasets";
export type { CsvDatasetParameters, IDataset, LakeDatasetParameters } from "../constructs/data/factory/datasets";
export {
  DatabricksLinkedService,
  KeyVaultLinkedService,
  LakeLinkedService,
  MEDALLION_LINKED_SERVICE_TYPES,
  SqlLinkedService,
} from "../constructs/data/factory/linked-services";
export type { ILinkedService, JobClusterProps } from "../constructs/data/factory/linked-services";
export { UserAssignedIdentityCredential } from "../constructs/data/factory/credentials";
export type { IFactoryCredential, UserAssignedIdentityCredentialProps } from "../constructs/data/factory/credentials";
