/**
 * The synthesized definition of PipelineOrchestration, composed with stand-in collaborators
 * (the lake, catalog, job, warehouse, functions and topic imported by name), for running it on the local interpreter.
 * The definition is the same one AWS runs: only the ARNs and names differ.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Contract, defaultContract } from '../../contract';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { StarSchemaJob } from '../../lib/etl/star-schema-job';
import { PipelineOrchestration } from '../../lib/orchestration';
import { DataLakeStorage } from '../../lib/storage';
import { RedshiftWarehouse } from '../../lib/warehouse';
import { AslDefinition, definitionFromStack } from './asl-definition';

export const STAND_IN_ACCOUNT = '123456789012';
export const STAND_IN_REGION = 'us-east-1';

export interface LocalPipelineOptions {
  /** The contract whose tables the load states follow. @default - the sales example */
  readonly contract?: Contract;
  /** Bucket names the definition carries (the Glue job's roots). @default 'local-curated' */
  readonly curatedBucketName?: string;
  /** @default 4 */
  readonly validationConcurrency?: number;
  /** @default Duration.seconds(30) */
  readonly crawlerPollInterval?: Duration;
  /** @default Duration.minutes(30) */
  readonly crawlerTimeout?: Duration;
}

/** The pipeline's ASL; run it with `runDefinitionLocally` and a handler per Task state. */
export function buildPipelineDefinition(options: LocalPipelineOptions = {}): AslDefinition {
  // Only the definition is wanted: skip esbuild for the pipeline's own functions.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'LocalPipeline', {
    env: { account: STAND_IN_ACCOUNT, region: STAND_IN_REGION },
  });
  const fn = (name: string) =>
    lambda.Function.fromFunctionArn(
      stack,
      name,
      `arn:aws:lambda:${STAND_IN_REGION}:${STAND_IN_ACCOUNT}:function:${name}`,
    );
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${STAND_IN_REGION}:${STAND_IN_ACCOUNT}:${resource}`;
  const contract = options.contract ?? defaultContract();
  const orchestration = new PipelineOrchestration(stack, 'Pipeline', {
    validatorFunction: fn('validate-raw'),
    lake: DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
      rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'local-raw'),
      curatedBucket: s3.Bucket.fromBucketName(stack, 'Curated', options.curatedBucketName ?? 'local-curated'),
      quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'local-quarantine'),
      key: kms.Key.fromKeyArn(stack, 'LakeKey', arn('kms', 'key/local-lake')),
    }),
    catalog: DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
      contract,
      validatedDatabaseName: 'validated',
      curatedDatabaseName: 'curated',
      validatedCrawlerName: 'validated-crawler',
      curatedCrawlerName: 'curated-crawler',
      securityConfigurationName: 'local',
    }),
    job: StarSchemaJob.fromJobAttributes(stack, 'Job', { jobName: 'star-schema' }),
    warehouse: RedshiftWarehouse.fromWarehouseAttributes(stack, 'Warehouse', {
      namespaceName: 'warehouse',
      namespaceArn: arn('redshift-serverless', 'namespace/local'),
      workgroupName: 'warehouse',
      workgroupArn: arn('redshift-serverless', 'workgroup/local'),
      tasks: {
        load: fn('load-warehouse'),
        qualityChecks: fn('quality-checks'),
        refreshMarts: fn('refresh-marts'),
      },
    }),
    topic: sns.Topic.fromTopicArn(
      stack,
      'Topic',
      `arn:aws:sns:${STAND_IN_REGION}:${STAND_IN_ACCOUNT}:pipeline`,
    ),
    validationConcurrency: options.validationConcurrency,
    crawlerPollInterval: options.crawlerPollInterval,
    crawlerTimeout: options.crawlerTimeout,
  });
  return definitionFromStack(orchestration.stateMachine, {
    account: STAND_IN_ACCOUNT,
    region: STAND_IN_REGION,
  });
}
