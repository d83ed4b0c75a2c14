import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DataLakeStorage } from '../../lib/storage';
import { RawFileValidator, RawFileValidatorProps } from '../../lib/validation';
import { getObjects, lakeStatements, listPrefixes, putObjects, roleStatements, useKey } from '../helpers/iam';
import { freightContract } from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';

/** The validator on a DataLakeStorage in a fresh stack, as another CDK app would compose it. */
function validatorStack(props: Partial<RawFileValidatorProps> = {}) {
  const stack = new Stack(new App(), 'Consumer');
  const lake = new DataLakeStorage(stack, 'Lake');
  const validator = new RawFileValidator(stack, 'Validator', { lake, ...props });
  return { stack, lake, validator };
}

const DATASETS = ['customers', 'products', 'locations', 'sales'];

describe('RawFileValidator', () => {
  // One synthesized stack for the default props.
  const { stack, validator } = validatorStack();
  const template = Template.fromStack(stack);

  test('bundles the handler for Node.js 22 on ARM with memory and timeout sized from the benchmark', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1769,
      Timeout: 300,
      Environment: {
        Variables: {
          CURATED_BUCKET: { Ref: Match.stringLikeRegexp('^LakeCuratedBucket') },
          QUARANTINE_BUCKET: { Ref: Match.stringLikeRegexp('^LakeQuarantineBucket') },
          POWERTOOLS_SERVICE_NAME: 'validate-raw',
          POWERTOOLS_METRICS_NAMESPACE: 'DataPlatform',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  test('reads raw objects and writes validated (silver/) and quarantine objects, one prefix per dataset, and nothing else', () => {
    expect(lakeStatements(template, 'ValidatorResourceRole')).toEqual([
      getObjects(
        'LakeRawBucket',
        DATASETS.map((d) => `${d}/ingest_date=`),
      ),
      listPrefixes(
        'LakeRawBucket',
        DATASETS.map((d) => `${d}/ingest_date=`),
      ),
      useKey('LakeKey', 'read'),
      putObjects(
        'LakeCuratedBucket',
        DATASETS.map((d) => `silver/${d}/ingest_date=`),
      ),
      useKey('LakeKey', 'write'),
      putObjects(
        'LakeQuarantineBucket',
        DATASETS.map((d) => `${d}/ingest_date=`),
      ),
    ]);
    const document = JSON.stringify(roleStatements(template, 'ValidatorResourceRole'));
    expect(document).not.toMatch(/s3:(Delete|Get\*|List\*|\*)/);
    expect(document).not.toMatch(/"Resource":"\*"/);
  });

  test('logs to its own KMS-encrypted log group with retention, without the managed basic execution policy', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 30,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LakeKey'), 'Arn'] },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ValidatorResourceLogs') } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({}),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Principal: {
              Service: {
                'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
              },
            },
          }),
        ]),
      },
    });
  });

  test('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(unacknowledgedNagFindings(validator)).toEqual([]);
  });

  test('exposes metrics of rejected rows and failed files per dataset', () => {
    expect(stack.resolve(validator.metricRowsRejected('sales').toMetricConfig().metricStat)).toMatchObject({
      namespace: 'DataPlatform',
      metricName: 'RowsRejected',
      dimensions: expect.arrayContaining([
        { name: 'service', value: 'validate-raw' },
        { name: 'dataset', value: 'sales' },
      ]),
      statistic: 'Sum',
    });
    expect(validator.metricFilesFailed('customers').metricName).toBe('FilesFailed');
    expect(stack.resolve(validator.metricRowsAccepted('products').dimensions)).toEqual({
      service: 'validate-raw',
      dataset: 'products',
    });
    expect(validator.metricRowsAccepted('products').metricName).toBe('RowsAccepted');
  });

  test('fails on a metric of a dataset the contract does not have', () => {
    expect(() => validator.metricRowsRejected('carriers')).toThrow(
      /unknown dataset "carriers": the contract has customers, products, locations, sales/,
    );
  });

  test('reads and writes one prefix per dataset of another contract, where its layout puts them', () => {
    const other = validatorStack({ contract: freightContract() });
    const datasets = ['carriers', 'shipments', 'returns'];
    const statements = lakeStatements(Template.fromStack(other.stack), 'ValidatorResourceRole');
    expect(statements[0]).toEqual(
      getObjects(
        'LakeRawBucket',
        datasets.map((d) => `landing/${d}/ingest_date=`),
      ),
    );
    expect(statements).toContainEqual(
      putObjects(
        'LakeCuratedBucket',
        datasets.map((d) => `validated/csv/${d}/ingest_date=`),
      ),
    );
    expect(statements).toContainEqual(
      putObjects(
        'LakeQuarantineBucket',
        datasets.map((d) => `rejected/${d}/ingest_date=`),
      ),
    );
    expect(other.validator.metricFilesFailed('returns').metricName).toBe('FilesFailed');
  });

  test('applies memory, timeout, reserved concurrency and log retention props', () => {
    const custom = validatorStack({
      memorySize: 512,
      timeout: Duration.minutes(2),
      reservedConcurrentExecutions: 4,
      logRetention: logs.RetentionDays.ONE_YEAR,
    });
    const customTemplate = Template.fromStack(custom.stack);
    customTemplate.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 120,
      ReservedConcurrentExecutions: 4,
    });
    customTemplate.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test.each([
    [
      'memorySize 128',
      { memorySize: 128 },
      /memorySize must be a whole number between 256 and 10240 MiB \(got 128\)/,
    ],
    [
      'memorySize 20000',
      { memorySize: 20000 },
      /memorySize must be a whole number between 256 and 10240 MiB \(got 20000\)/,
    ],
    [
      'a 5 second timeout',
      { timeout: Duration.seconds(5) },
      /timeout must be between 10 seconds and 15 minutes \(got 5 seconds\)/,
    ],
    [
      'a 16 minute timeout',
      { timeout: Duration.minutes(16) },
      /timeout must be between 10 seconds and 15 minutes \(got 16 minutes\)/,
    ],
    [
      'reservedConcurrentExecutions 0',
      { reservedConcurrentExecutions: 0 },
      /reservedConcurrentExecutions must be a whole number of at least 1, or left out for no reservation \(got 0\)/,
    ],
  ])('fails on %s', (_, props, message) => {
    expect(() => validatorStack(props as Partial<RawFileValidatorProps>)).toThrow(message);
  });
});
