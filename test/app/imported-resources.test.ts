/**
 * A consumer app that brings its own lake, catalog, job and warehouse (another stack or
 * another team's deployment) and builds the pipeline on them: every import composes with the
 * constructs that take it, the stack synthesizes, and cdk-nag finds nothing unacknowledged.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { defaultContract } from '../../contract';
import {
  DataCatalog,
  DataLakeStorage,
  LakeQuery,
  PipelineMonitoring,
  PipelineOrchestration,
  RawFileValidator,
  RedshiftWarehouse,
  StarSchemaJob,
} from '../../lib';
import { unacknowledgedNagFindings } from '../helpers/nag';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function consumerStack() {
  // The template is what is checked, not the Lambda code: skip esbuild.
  const app = new App();
  const stack = new Stack(app, 'Consumer', { env: { account: ACCOUNT, region: REGION } });
  const contract = defaultContract();
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'dp-prod-raw'),
    curatedBucket: s3.Bucket.fromBucketName(stack, 'Curated', 'dp-prod-curated'),
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'dp-prod-quarantine'),
    key: kms.Key.fromKeyArn(
      stack,
      'LakeKey',
      `arn:aws:kms:${REGION}:${ACCOUNT}:key/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`,
    ),
  });
  const catalog = DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
    contract,
    validatedDatabaseName: 'dp_prod_validated',
    curatedDatabaseName: 'dp_prod_curated',
    validatedCrawlerName: 'dp-prod-validated',
    curatedCrawlerName: 'dp-prod-curated',
    securityConfigurationName: 'dp-prod-glue',
  });
  const job = StarSchemaJob.fromJobAttributes(stack, 'Job', {
    jobName: 'dp-prod-star-schema',
    timeout: Duration.hours(2),
  });
  const task = (name: string) =>
    lambda.Function.fromFunctionArn(stack, name, `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`);
  const warehouse = RedshiftWarehouse.fromWarehouseAttributes(stack, 'Warehouse', {
    namespaceName: 'dp-prod-warehouse',
    namespaceArn: `arn:aws:redshift-serverless:${REGION}:${ACCOUNT}:namespace/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e`,
    workgroupName: 'dp-prod-warehouse',
    workgroupArn: `arn:aws:redshift-serverless:${REGION}:${ACCOUNT}:workgroup/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`,
    tasks: { load: task('load'), qualityChecks: task('checks'), refreshMarts: task('marts') },
  });

  const validator = new RawFileValidator(stack, 'Validator', { lake, contract });
  const monitoring = new PipelineMonitoring(stack, 'Monitoring');
  const orchestration = new PipelineOrchestration(stack, 'Orchestration', {
    validatorFunction: validator.function,
    lake,
    catalog,
    job,
    warehouse,
    topic: monitoring.topic,
  });
  monitoring.monitorPipeline({
    stateMachine: orchestration.stateMachine,
    functions: [...orchestration.functions.all, validator.function],
    job,
    deadLetterQueues: [orchestration.triggerDeadLetterQueue],
  });
  // A second job on the imported lake and catalog, and ad-hoc SQL over the imported catalog.
  new StarSchemaJob(stack, 'BackfillJob', { lake, catalog });
  const query = new LakeQuery(stack, 'Query', { lake, catalog });
  warehouse.grantDataApiAccess(query.analystRole);
  return { app, stack, orchestration };
}

describe('imported lake, catalog, job and warehouse', () => {
  const { app, stack, orchestration } = consumerStack();

  test('synthesize with the constructs built on them', () => {
    expect(() => app.synth()).not.toThrow();
  });

  test('leave no cdk-nag finding unacknowledged', () => {
    expect(unacknowledgedNagFindings(stack)).toEqual([]);
  });

  test('give the pipeline grants on the imported resources by their names and ARNs', () => {
    const template = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(template).toContain(`:glue:${REGION}:${ACCOUNT}:job/dp-prod-star-schema`);
    expect(template).toContain(`:glue:${REGION}:${ACCOUNT}:crawler/dp-prod-validated`);
    expect(template).toContain(`:glue:${REGION}:${ACCOUNT}:table/dp_prod_validated/*`);
    expect(template).toContain(`workgroup/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d`);
    expect(stack.resolve(orchestration.crawlerArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, `:glue:${REGION}:${ACCOUNT}:crawler/dp-prod-validated`],
      ],
    });
  });
});
