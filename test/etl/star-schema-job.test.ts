import {
  App,
  Duration,
  RemovalPolicy,
  Stack,
  aws_iam as iam,
  aws_kms as kms,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { STAR_TABLE_NAMES } from '../../contract';
import { dataQualityRuleset } from '../../contract/data-quality-rules';
import { StarSchemaJob, StarSchemaJobProps } from '../../lib/etl/star-schema-job';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { maskAssetHashes } from '../helpers/template';

type JobOptions = Partial<Omit<StarSchemaJobProps, 'bucket' | 'key' | 'catalog'>>;

function compose(options: JobOptions = {}) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'Curated', { encryptionKey: key, enforceSSL: true });
  const catalog = new DataCatalog(stack, 'Catalog', { bucket, key, databasePrefix: 'lake' });
  const job = new StarSchemaJob(stack, 'StarSchema', { bucket, key, catalog, ...options });
  return {
    app,
    stack,
    job,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

function roleStatements(template: Template): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^StarSchemaRole') }] },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties
        .PolicyDocument.Statement,
  );
}

describe('StarSchemaJob', () => {
  test('reads the streamed sales events of the raw zone, and nothing else there, when given the raw bucket', () => {
    const { stack } = compose();
    const raw = s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw');
    const job = new StarSchemaJob(stack, 'WithEvents', {
      bucket: s3.Bucket.fromBucketName(stack, 'CuratedImport', 'lake-curated'),
      key: new kms.Key(stack, 'EventsKey', { enableKeyRotation: true }),
      catalog: new DataCatalog(stack, 'EventsCatalog', {
        bucket: s3.Bucket.fromBucketName(stack, 'CatalogBucket', 'lake-curated'),
        key: new kms.Key(stack, 'CatalogKey', { enableKeyRotation: true }),
        databasePrefix: 'events',
      }),
      rawBucket: raw,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Job', {
      DefaultArguments: Match.objectLike({ '--raw_root': 's3://lake-raw' }),
    });
    const statements = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(statements).toContain('lake-raw/sales_events/*');
    expect(statements).toContain('"s3:prefix":["sales_events/","sales_events/*"]');
    expect(statements).not.toMatch(/lake-raw\/\*"|lake-raw\/sales\/\*/);
    expect(unacknowledgedNagFindings(job)).toEqual([]);
  });

  test('passes no raw root by default', () => {
    const { template } = compose();
    template.hasResourceProperties('AWS::Glue::Job', {
      DefaultArguments: Match.objectLike({ '--raw_root': Match.absent() }),
    });
  });

  test('runs the entrypoint on Glue 5.0 with the package zip, auto scaling and observability on', () => {
    const { template } = compose({ workerType: 'G.2X', maxWorkers: 20 });
    template.hasResourceProperties('AWS::Glue::Job', {
      GlueVersion: '5.0',
      Command: {
        Name: 'glueetl',
        PythonVersion: '3',
        ScriptLocation: Match.stringLikeRegexp('^s3://.*\\.py$'),
      },
      WorkerType: 'G.2X',
      NumberOfWorkers: 20,
      Timeout: 60,
      MaxRetries: 1,
      ExecutionProperty: { MaxConcurrentRuns: 1 },
      SecurityConfiguration: { Ref: Match.stringLikeRegexp('^CatalogSecurityConfiguration') },
      DefaultArguments: Match.objectLike({
        '--extra-py-files': Match.stringLikeRegexp('^s3://.*\\.zip$'),
        '--enable-auto-scaling': 'true',
        '--job-bookmark-option': 'job-bookmark-disable',
        '--enable-metrics': 'true',
        '--enable-observability-metrics': 'true',
        '--validated_root': { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Curated') }]] },
        '--curated_root': { 'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Curated') }]] },
      }),
    });
  });

  test('reads only silver/, writes only gold/ and lists only those prefixes', () => {
    const statements = roleStatements(compose().template);
    const text = JSON.stringify(statements);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Curated/), 'Arn'] }, '/silver/*']],
        },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
        Resource: {
          'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^Curated/), 'Arn'] }, '/gold/*']],
        },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': ['silver/', 'silver/*', 'gold/', 'gold/*'] } },
      }),
    );
    expect(text).not.toMatch(/"Action":"s3:\*"|"s3:PutObject[^"]*"[^\]]*silver/);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': ['Glue', 'Glue Data Quality'] } },
      }),
    );
  });

  test('passes the job the DQDL ruleset of each star table, from the contract, to evaluate in the run', () => {
    const jobs = compose().template.findResources('AWS::Glue::Job');
    const [job] = Object.values(jobs) as { Properties: { DefaultArguments: Record<string, unknown> } }[];
    const argument = job.Properties.DefaultArguments['--dq_rulesets'];
    expect(typeof argument).toBe('string');
    const rulesets = JSON.parse(argument as string) as Record<string, string>;
    expect(Object.keys(rulesets)).toEqual(STAR_TABLE_NAMES);
    for (const table of STAR_TABLE_NAMES) expect(rulesets[table]).toBe(dataQualityRuleset(table));
    // Job arguments travel on the driver's command line: keep them small.
    expect((argument as string).length).toBeLessThan(4096);
  });

  test('lets the job publish in-job data quality results and metrics, and nothing wider', () => {
    const statements = roleStatements(compose().template);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'glue:PublishDataQuality',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111111111111:dataQualityRuleset/*'],
          ],
        },
      }),
    );
    expect(JSON.stringify(statements)).not.toMatch(/"Action":"glue:\*"|"Resource":"\*"[^}]*glue:/);
  });

  test('logs to the Glue 5.0 output and error groups under its own prefix, KMS-encrypted with retention', () => {
    const { template, job } = compose();
    const prefix = `/aws-glue/jobs/${job.jobName}`;
    template.hasResourceProperties('AWS::Glue::Job', {
      DefaultArguments: Match.objectLike({ '--custom-logGroup-prefix': prefix }),
    });
    // Glue 4.0-only options would be ignored by 5.0 and leave the created groups empty.
    const job_ = JSON.stringify(template.findResources('AWS::Glue::Job'));
    expect(job_).not.toMatch(/--enable-continuous-cloudwatch-log|--continuous-log-logGroup/);
    for (const stream of ['output', 'error']) {
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `${prefix}/${stream}`,
          RetentionInDays: 30,
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
        },
        DeletionPolicy: 'Retain',
      });
    }
  });

  test('deletes its fixed-name log groups with the stack when told to, so a redeploy does not collide', () => {
    const { template } = compose({ logRemovalPolicy: RemovalPolicy.DESTROY });
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.map((group) => group.DeletionPolicy)).toEqual(['Delete', 'Delete']);
  });

  test('attaches a DQDL ruleset from the contract to each curated table', () => {
    const { template } = compose();
    template.resourceCountIs('AWS::Glue::DataQualityRuleset', 5);
    template.hasResourceProperties('AWS::Glue::DataQualityRuleset', {
      TargetTable: {
        DatabaseName: { Ref: Match.stringLikeRegexp('^CatalogDatabasesCurated') },
        TableName: { Ref: Match.stringLikeRegexp('^CatalogCuratedTablessalesfact') },
      },
      Ruleset: Match.stringLikeRegexp('IsUnique "sale_key"[\\s\\S]*ColumnValues "net_amount" >= 0'),
    });
  });

  test('grants starting runs and data quality evaluations, passing only its role', () => {
    const { stack, job } = compose();
    const orchestrator = new iam.Role(stack, 'Orchestrator', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    job.grantStartJobRun(orchestrator);
    job.grantStartDataQualityEvaluation(orchestrator);
    const statements = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Orchestrator') }] },
    });
    const text = JSON.stringify(statements);
    expect(text).toContain('glue:StartJobRun');
    expect(text).toContain('glue:StartDataQualityRulesetEvaluationRun');
    expect(text).toMatch(
      /"Action":"iam:PassRole","Effect":"Allow","Resource":\{"Fn::GetAtt":\["StarSchemaRole[0-9A-F]+","Arn"\]\}/,
    );
  });

  test('offers the failed-task metric of its job runs', () => {
    const { stack, job } = compose();
    const metric = job.metricFailedTasks();
    expect(metric.namespace).toBe('Glue');
    expect(stack.resolve(metric.dimensions)).toEqual({
      JobName: 'Lake-StarSchema-E75775C2',
      JobRunId: 'ALL',
      Type: 'count',
    });
  });

  test('synthesizes byte-identical templates twice (stable asset hashes)', () => {
    const first = JSON.stringify(compose().app.synth().getStackByName('Lake').template);
    const second = JSON.stringify(compose().app.synth().getStackByName('Lake').template);
    expect(second).toBe(first);
  });

  test('matches the snapshot (construct ids and the rest)', () => {
    expect(maskAssetHashes(compose().template.toJSON())).toMatchSnapshot();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { job } = compose();
    expect(unacknowledgedNagFindings(job)).toEqual([]);
  });

  test.each([
    [{ maxWorkers: 1 }, /maxWorkers must be between 2 and 299 \(got 1\)/],
    [{ maxWorkers: 300 }, /maxWorkers must be between 2 and 299 \(got 300\)/],
    [{ timeout: Duration.hours(49) }, /timeout must be between 1 minute and 48 hours \(got 2940 minutes\)/],
    [{ maxRetries: 11 }, /maxRetries must be between 0 and 10 \(got 11\)/],
    [{ workerType: 'G.16X' as never }, /workerType must be one of G.1X, G.2X, G.4X, G.8X \(got G.16X\)/],
  ])('fails on out-of-range props %j', (options, message) => {
    expect(() => compose(options as JobOptions)).toThrow(message);
  });
});
