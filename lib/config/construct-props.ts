/**
 * The one translation from an environment's config to construct props. DataPlatformStack
 * passes these props; validateEnvironmentConfig checks the same props with each construct's
 * own rules, under the config's field names (`*_FIELDS`).
 */
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as kinesisStream from 'aws-cdk-lib/aws-kinesis';
import { GlueWorkerType } from '../etl/glue-worker-type';
import { UsageLimitBreachAction, UsageLimitPeriod } from '../warehouse/usage-limit';
import type { StarSchemaJobProps } from '../etl/star-schema-job';
import type { LakeAuditTrailProps } from '../governance/lake-audit-trail';
import type { LakeQueryProps } from '../governance/lake-query';
import type { PipelineMonitoringProps } from '../monitoring/pipeline-monitoring';
import type { PipelineOrchestrationProps } from '../orchestration/pipeline-orchestration';
import type { DataLakeStorageProps } from '../storage/data-lake-storage';
import type { StreamingIngestionProps } from '../streaming/streaming-ingestion';
import type { RedshiftWarehouseProps } from '../warehouse/redshift-warehouse';
import type { EnvironmentConfig } from './environment-config';

/** Config field names, by construct prop. */
export type ConfigFields<P> = { readonly [K in keyof P]?: string };

export function removalPolicyOf(config: EnvironmentConfig): RemovalPolicy {
  return config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
}

export function storageProps(config: EnvironmentConfig): DataLakeStorageProps {
  const { lifecycle } = config;
  return {
    removalPolicy: removalPolicyOf(config),
    autoDeleteObjects: config.autoDeleteObjects,
    rawInfrequentAccessAfter: Duration.days(lifecycle.rawInfrequentAccessAfterDays),
    rawGlacierAfter: Duration.days(lifecycle.rawGlacierAfterDays),
    quarantineExpiration: Duration.days(lifecycle.quarantineExpireAfterDays),
    abortIncompleteMultipartUploadAfter: Duration.days(lifecycle.abortIncompleteUploadsAfterDays),
  };
}
export const STORAGE_FIELDS: ConfigFields<DataLakeStorageProps> = {
  removalPolicy: 'removalPolicy',
  autoDeleteObjects: 'autoDeleteObjects',
  rawInfrequentAccessAfter: 'lifecycle.rawInfrequentAccessAfterDays',
  rawGlacierAfter: 'lifecycle.rawGlacierAfterDays',
  quarantineExpiration: 'lifecycle.quarantineExpireAfterDays',
  abortIncompleteMultipartUploadAfter: 'lifecycle.abortIncompleteUploadsAfterDays',
};

export function jobProps(config: EnvironmentConfig): Pick<StarSchemaJobProps, 'workerType' | 'maxWorkers'> {
  return { workerType: GlueWorkerType.of(config.glue.workerType), maxWorkers: config.glue.maxWorkers };
}
export const JOB_FIELDS: ConfigFields<StarSchemaJobProps> = {
  workerType: 'glue.workerType',
  maxWorkers: 'glue.maxWorkers',
};

export function warehouseProps(
  config: EnvironmentConfig,
): Pick<
  RedshiftWarehouseProps,
  | 'baseCapacity'
  | 'maxCapacity'
  | 'availabilityZoneIds'
  | 'usageLimitRpuHours'
  | 'usageLimitPeriod'
  | 'usageLimitBreachAction'
> {
  const { redshift } = config;
  return {
    baseCapacity: redshift.baseCapacityRpus,
    maxCapacity: redshift.maxCapacityRpus,
    availabilityZoneIds: redshift.availabilityZoneIds && [...redshift.availabilityZoneIds],
    usageLimitRpuHours: redshift.monthlyRpuHoursLimit,
    usageLimitPeriod: UsageLimitPeriod.MONTHLY,
    usageLimitBreachAction: UsageLimitBreachAction.of(redshift.usageLimitBreachAction),
  };
}
export const WAREHOUSE_FIELDS: ConfigFields<RedshiftWarehouseProps> = {
  baseCapacity: 'redshift.baseCapacityRpus',
  maxCapacity: 'redshift.maxCapacityRpus',
  availabilityZoneIds: 'redshift.availabilityZoneIds',
  usageLimitRpuHours: 'redshift.monthlyRpuHoursLimit',
  usageLimitBreachAction: 'redshift.usageLimitBreachAction',
};

/**
 * The stream's capacity, and, given the contract event it carries, its name after the
 * environment's prefix: `sale_event` in dev streams on `dp-dev-sale-events`.
 */
export function streamingProps(
  config: EnvironmentConfig,
  event?: string,
): Pick<StreamingIngestionProps, 'streamMode' | 'shardCount' | 'retentionPeriod' | 'streamName'> {
  const { kinesis } = config;
  return {
    streamMode: kinesisStream.StreamMode[kinesis.mode],
    shardCount: kinesis.shardCount,
    retentionPeriod: Duration.hours(kinesis.retentionHours),
    ...(event === undefined ? {} : { streamName: `${config.namePrefix}-${event.replace(/_/g, '-')}s` }),
  };
}
export const STREAMING_FIELDS: ConfigFields<StreamingIngestionProps> = {
  streamMode: 'kinesis.mode',
  shardCount: 'kinesis.shardCount',
  retentionPeriod: 'kinesis.retentionHours',
};

export function orchestrationProps(config: EnvironmentConfig): Pick<PipelineOrchestrationProps, 'schedule'> {
  return { schedule: config.schedule };
}

export function monitoringProps(config: EnvironmentConfig): Pick<PipelineMonitoringProps, 'alarmEmail'> {
  return { alarmEmail: config.alarmEmail };
}

export function lakeQueryProps(
  config: EnvironmentConfig,
): Pick<LakeQueryProps, 'bytesScannedCutoffPerQuery'> {
  return { bytesScannedCutoffPerQuery: Size.mebibytes(config.governance.athenaBytesScannedCutoffMib) };
}
export const LAKE_QUERY_FIELDS: ConfigFields<LakeQueryProps> = {
  bytesScannedCutoffPerQuery: 'governance.athenaBytesScannedCutoffMib',
};

export function auditTrailProps(config: EnvironmentConfig): Pick<LakeAuditTrailProps, 'logExpiration'> {
  return { logExpiration: Duration.days(config.governance.auditTrail.logExpireAfterDays) };
}
export const AUDIT_TRAIL_FIELDS: ConfigFields<LakeAuditTrailProps> = {
  logExpiration: 'governance.auditTrail.logExpireAfterDays',
};
