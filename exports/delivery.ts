/** Delivery: the pipelines' state storage account and their plan and apply identities. */
export { PIPELINE_IDENTITY_DEFAULTS, PipelineIdentities, STACK_ASSIGNED_ROLES } from "../constructs/delivery/pipeline-identities";
export type { PipelineIdentitiesProps } from "../constructs/delivery/pipeline-identities";
export { PIPELINE_STORAGE_ACCOUNT_DEFAULTS, PipelineStorageAccount } from "../constructs/delivery/pipeline-storage-account";
export type { PipelineStorageAccountProps } from "../constructs/delivery/pipeline-storage-account";
