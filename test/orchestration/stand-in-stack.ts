/**
 * A fresh stack composing PipelineMonitoring and PipelineOrchestration with stand-in
 * collaborators, as the platform stack does: inline Lambdas for the validator and warehouse
 * functions, plain encrypted buckets as an imported lake, and the catalog, job and warehouse
 * imported by name.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Contract, defaultContract } from '../../contract';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { StarSchemaJob } from '../../lib/etl/star-schema-job';
import { PipelineMonitoring } from '../../lib/monitoring';
import { DataLakeStorage } from '../../lib/storage';
import { RedshiftWarehouse } from '../../lib/warehouse';
import { PipelineOrchestration, PipelineOrchestrationProps } from '../../lib/orchestration';

export const GLUE_JOB = 'star-schema-job';
export const CRAWLER = 'validated-crawler';

export interface StandInPipeline {
  readonly stack: Stack;
  readonly orchestration: PipelineOrchestration;
  readonly monitoring: PipelineMonitoring;
  readonly collaborators: Record<'validator' | 'loader' | 'quality' | 'refresh', lambda.Function>;
  readonly template: Template;
}

/** How the stand-in collaborators differ from the defaults. */
export interface StandInOptions {
  /** The catalog's contract. @default - the orchestration's contract, or the sales example */
  readonly catalogContract?: Contract;
  /** The job's own run timeout. @default - none given */
  readonly jobTimeout?: Duration;
  /** Whether the warehouse comes with its task functions. @default true */
  readonly warehouseTasks?: boolean;
}

export function standInPipeline(
  overrides: Partial<PipelineOrchestrationProps> = {},
  options: StandInOptions = {},
): StandInPipeline {
  // Bundling is skipped: these tests read the template, not the code (the app test bundles).
  const app = new App();
  const stack = new Stack(app, 'Consumer');
  const key = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const bucket = (id: string) =>
    new s3.Bucket(stack, id, { encryptionKey: key, enforceSSL: true, eventBridgeEnabled: id === 'Raw' });
  const inline = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  const collaborators = {
    validator: inline('Validator'),
    loader: inline('Loader'),
    quality: inline('QualityChecks'),
    refresh: inline('RefreshMarts'),
  };
  const monitoring = new PipelineMonitoring(stack, 'Monitoring', { alarmEmail: 'data-team@example.com' });
  const job = StarSchemaJob.fromJobAttributes(stack, 'Job', {
    jobName: GLUE_JOB,
    timeout: options.jobTimeout,
  });
  const orchestration = new PipelineOrchestration(stack, 'Pipeline', {
    validatorFunction: collaborators.validator,
    lake: DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
      rawBucket: bucket('Raw'),
      curatedBucket: bucket('Curated'),
      quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
      key,
    }),
    catalog: DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
      contract: options.catalogContract ?? overrides.contract ?? defaultContract(),
      validatedDatabaseName: 'lake_validated',
      curatedDatabaseName: 'lake_curated',
      validatedCrawlerName: CRAWLER,
      curatedCrawlerName: 'curated-crawler',
      securityConfigurationName: 'lake-security',
    }),
    job,
    warehouse: RedshiftWarehouse.fromWarehouseAttributes(stack, 'Warehouse', {
      namespaceName: 'lake-warehouse',
      namespaceArn: stack.formatArn({
        service: 'redshift-serverless',
        resource: 'namespace',
        resourceName: 'ns-id',
      }),
      workgroupName: 'lake-warehouse',
      workgroupArn: stack.formatArn({
        service: 'redshift-serverless',
        resource: 'workgroup',
        resourceName: 'wg-id',
      }),
      tasks:
        options.warehouseTasks === false
          ? undefined
          : {
              load: collaborators.loader,
              qualityChecks: collaborators.quality,
              refreshMarts: collaborators.refresh,
            },
    }),
    topic: monitoring.topic,
    ...overrides,
  });
  monitoring.monitorPipeline({
    stateMachine: orchestration.stateMachine,
    functions: [...orchestration.functions.all, ...Object.values(collaborators)],
    job,
    deadLetterQueues: [orchestration.triggerDeadLetterQueue],
  });
  return { stack, orchestration, monitoring, collaborators, template: Template.fromStack(stack) };
}
