// Public entry point, for other CDK apps: the constructs with their props, the types their
// props name, the environment configs and the contract's loading functions. Free functions of
// the constructs' internals (grant helpers, state names, generators) stay out of it.

// The data contract: loading, the model, its document types.
export {
  BreakingContractChangeError,
  Contract,
  ContractError,
  defaultContract,
  loadContract,
  parseContract,
} from '../contract';
export type * from '../contract/spec';
export type { ContractChange } from '../contract/diff';

// Environments.
export { ENVIRONMENTS, InvalidEnvironmentConfigError } from './config';
export type { EnvironmentConfig, EnvironmentName } from './config';

// The whole platform.
export { DataPlatform } from './data-platform';
export type { DataPlatformProps } from './data-platform';
export { DataPlatformStack } from './data-platform-stack';
export type { DataPlatformStackProps } from './data-platform-stack';

// Its constructs, in the platform's order.
export { DataLakeBase, DataLakeStorage } from './storage';
export type { DataLakeAttributes, DataLakeStorageProps, IDataLake, LakeLocation, LakeZone } from './storage';
export { RawFileValidator } from './validation';
export type { RawFileValidatorProps } from './validation';
export { DataCatalog } from './catalog/data-catalog';
export type { DataCatalogProps } from './catalog/data-catalog';
export { DataCatalogBase } from './catalog/data-catalog-base';
export type { DataCatalogAttributes, IDataCatalog } from './catalog/data-catalog-base';
export { StarSchemaJob } from './etl/star-schema-job';
export type { StarSchemaJobProps } from './etl/star-schema-job';
export { StarSchemaJobBase } from './etl/star-schema-job-base';
export type { IStarSchemaJob, StarSchemaJobAttributes } from './etl/star-schema-job-base';
export { GlueWorkerType } from './etl/glue-worker-type';
export { RedshiftWarehouse, SchemaMigrations, WarehouseBase } from './warehouse';
export type {
  IWarehouse,
  RedshiftWarehouseProps,
  SchemaMigrationsProps,
  StreamingSqlFile,
  WarehouseAttributes,
  WarehouseTasks,
} from './warehouse';
export { UsageLimitBreachAction, UsageLimitPeriod } from './warehouse/usage-limit';
export { BatchTriggers, PipelineFunctions, PipelineOrchestration } from './orchestration';
export type { BatchTriggersProps, PipelineFunctionsProps, PipelineOrchestrationProps } from './orchestration';
export { PipelineMonitoring } from './monitoring';
export type { PipelineMonitoringProps, PipelineMonitoringTargets } from './monitoring';
export { StreamingIngestion } from './streaming';
export type { StreamingIngestionProps } from './streaming';
export { LakeAuditTrail, LakeFormationAccess, LakeQuery, PlatformConfigRules } from './governance';
export type {
  LakeAuditTrailProps,
  LakeFormationAccessProps,
  LakeQueryProps,
  PlatformConfigRulesProps,
} from './governance';
