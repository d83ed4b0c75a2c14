import {
  App,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  aws_iam as iam,
  aws_kms as kms,
  aws_s3 as s3,
} from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DataCatalog } from '../../lib/catalog/data-catalog';
import { Contract, defaultContract } from '../../contract';
import { dataQualityRuleset } from '../../contract/data-quality-rules';
import { GlueWorkerType } from '../../lib/etl/glue-worker-type';
import { StarSchemaJob, StarSchemaJobProps } from '../../lib/etl/star-schema-job';
import { DataLakeStorage } from '../../lib/storage';
import {
  deleteObjects,
  getObjects,
  lakeStatements,
  listPrefixes,
  putObjects,
  roleStatements,
  useKey,
} from '../helpers/iam';
import { salesWithoutEvents, freightContract } from '../helpers/construct-contracts';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { maskAssetHashes } from '../helpers/template';

type JobOptions = Partial<Omit<StarSchemaJobProps, 'lake' | 'catalog'>>;

/** The job on a catalog of `catalogContract` (the sales example by default). */
function compose(options: JobOptions = {}, catalogContract?: Contract) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'DataLake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
    curatedBucket: new s3.Bucket(stack, 'Curated', { encryptionKey: key, enforceSSL: true }),
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
    key,
  });
  const catalog = new DataCatalog(stack, 'Catalog', {
    lake,
    databasePrefix: 'lake',
    contract: catalogContract,
  });
  const job = new StarSchemaJob(stack, 'StarSchema', { lake, catalog, ...options });
  return {
    app,
    stack,
    job,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

/** The job role's S3 and KMS statements on the lake, leaving out the asset bucket's (script, modules). */
function jobLakeStatements(template: Template) {
  return lakeStatements(template, 'StarSchemaRole').filter(
    (statement) => !JSON.stringify(statement.Resource).includes('cdk-hnb659fds-assets'),
  );
}

describe('StarSchemaJob', () => {
  test('reads the streamed sales events of the raw zone, and nothing else there, when told to', () => {
    const { template, job } = compose({ readStreamedEvents: true });
    template.hasResourceProperties('AWS::Glue::Job', {
      DefaultArguments: Match.objectLike({ '--raw_root': 's3://lake-raw' }),
    });
    const raw = (pattern: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::lake-raw${pattern}`]],
    });
    const rawStatements = jobLakeStatements(template).filter((statement) =>
      JSON.stringify(statement.Resource).includes('lake-raw'),
    );
    expect(rawStatements).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: raw('/sales_events/ingest_date=*') },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: raw(''),
        Condition: {
          StringLike: { 's3:prefix': ['sales_events/ingest_date=', 'sales_events/ingest_date=*'] },
        },
      },
    ]);
    expect(unacknowledgedNagFindings(job)).toEqual([]);
  });

  test("builds the catalog's contract: a ruleset per star table, reads of every event's raw prefix in its layout", () => {
    const contract = freightContract();
    const { template, job } = compose({ readStreamedEvents: true }, contract);
    expect(job.contract).toBe(contract);
    expect(Object.keys(job.dataQualityRulesets)).toEqual([
      'carrier_dim',
      'calendar_dim',
      'shipment_fact',
      'return_fact',
    ]);
    const [resource] = Object.values(template.findResources('AWS::Glue::Job'));
    expect(resource.Properties.Description).toBe(
      'Validated CSV -> gold star schema (SCD1 dimensions, shipment_fact, return_fact, manifest) for one batch_date',
    );
    const rulesets = JSON.parse(resource.Properties.DefaultArguments['--dq_rulesets']);
    expect(rulesets.shipment_fact).toBe(dataQualityRuleset(contract, 'shipment_fact'));
    expect(
      jobLakeStatements(template).filter((statement) =>
        JSON.stringify(statement.Resource).includes('lake-raw'),
      )[0],
    ).toEqual({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':s3:::lake-raw/landing/shipment_events/ingest_date=*'],
        ],
      },
    });
    expect(jobLakeStatements(template)).toContainEqual(putObjects('Curated', ['star/']));
  });

  test.each([
    [
      'a contract other than the catalog declares',
      () => compose({ contract: freightContract() }),
      /contract must be the contract the catalog declares \(version 1\.1\.0\), whose tables the data quality rulesets target \(got version 0\.3\.0\)/,
    ],
    [
      'streamed events to read from a contract without events',
      () => compose({ readStreamedEvents: true }, salesWithoutEvents()),
      /readStreamedEvents needs a contract with at least one event \(got none\): remove it or add an event to the contract/,
    ],
  ])('fails on %s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('passes no raw root by default', () => {
    const { template } = compose();
    template.hasResourceProperties('AWS::Glue::Job', {
      DefaultArguments: Match.objectLike({ '--raw_root': Match.absent() }),
    });
  });

  test('runs the entrypoint on Glue 5.0 with the package zip, auto scaling and observability on', () => {
    const { template } = compose({ workerType: GlueWorkerType.G_2X, maxWorkers: 20 });
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

  test('reads silver/ and gold/, replaces only gold/, lists only those prefixes, and uses the lake key for them', () => {
    const { template } = compose();
    expect(jobLakeStatements(template)).toEqual([
      getObjects('Curated', ['silver/', 'gold/']),
      listPrefixes('Curated', ['silver/', 'gold/']),
      useKey('Key', 'read'),
      putObjects('Curated', ['gold/']),
      useKey('Key', 'write'),
      deleteObjects('Curated', ['gold/']),
    ]);
    expect(roleStatements(template, 'StarSchemaRole')).toContainEqual(
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
    expect(Object.keys(rulesets)).toEqual(defaultContract().tableNames);
    for (const table of defaultContract().tableNames)
      expect(rulesets[table]).toBe(dataQualityRuleset(defaultContract(), table));
    // Job arguments travel on the driver's command line: keep them small.
    expect((argument as string).length).toBeLessThan(4096);
  });

  test('lets the job publish in-job data quality results and metrics, and nothing wider', () => {
    const statements = roleStatements(compose().template, 'StarSchemaRole');
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

  test('offers the elapsed-time metric of its runs (maximum by default)', () => {
    const { stack, job } = compose();
    const metric = job.metricElapsedTime();
    expect(metric.metricName).toBe('glue.driver.aggregate.elapsedTime');
    expect(metric.statistic).toBe('Maximum');
    expect(stack.resolve(metric.dimensions)).toEqual({
      JobName: 'Lake-StarSchema-E75775C2',
      JobRunId: 'ALL',
      Type: 'count',
    });
  });

  test('counts failed runs through one EventBridge rule on its FAILED, TIMEOUT and ERROR runs', () => {
    const { stack, job } = compose();
    const metric = job.metricFailedRuns();
    job.metricFailedRuns({ period: Duration.hours(1) });
    expect(metric.namespace).toBe('AWS/Events');
    expect(metric.metricName).toBe('TriggeredRules');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    const [ruleId] = Object.keys(template.findResources('AWS::Events::Rule'));
    expect(stack.resolve(metric.dimensions)).toEqual({ RuleName: { Ref: ruleId } });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.glue'],
        'detail-type': ['Glue Job State Change'],
        detail: { jobName: ['Lake-StarSchema-E75775C2'], state: ['FAILED', 'TIMEOUT', 'ERROR'] },
      },
    });
  });

  test('fromJobAttributes imports a job by name: the same run grant and metrics, and its timeout', () => {
    const stack = new Stack(new App(), 'Consumer', { env: { account: '111111111111', region: 'eu-west-1' } });
    const job = StarSchemaJob.fromJobAttributes(stack, 'Job', {
      jobName: 'dp-dev-star-schema',
      timeout: Duration.hours(2),
    });
    const orchestrator = new iam.Role(stack, 'Orchestrator', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    job.grantStartJobRun(orchestrator);
    expect(roleStatements(Template.fromStack(stack), 'Orchestrator')).toEqual([
      {
        Effect: 'Allow',
        Action: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111111111111:job/dp-dev-star-schema'],
          ],
        },
      },
    ]);
    expect(job.timeout?.toHours()).toBe(2);
    expect(stack.resolve(job.metricFailedTasks().dimensions)).toMatchObject({
      JobName: 'dp-dev-star-schema',
    });
  });

  test("acknowledges cdk-nag's Glue encryption findings only for an imported catalog's security configuration", () => {
    const acknowledged = (job: StarSchemaJob) =>
      JSON.stringify(
        job.job.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
      );
    expect(acknowledged(compose().job)).not.toMatch(/AwsSolutions-GL/);
    const stack = new Stack(new App(), 'Consumer', { env: { account: '111111111111', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const imported = new StarSchemaJob(stack, 'Job', {
      lake: DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
        rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
        curatedBucket: s3.Bucket.fromBucketName(stack, 'Curated', 'lake-curated'),
        quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
        key,
      }),
      catalog: DataCatalog.fromCatalogAttributes(stack, 'Catalog', {
        contract: defaultContract(),
        validatedDatabaseName: 'lake_validated',
        curatedDatabaseName: 'lake_curated',
        validatedCrawlerName: 'lake-validated',
        curatedCrawlerName: 'lake-curated',
        securityConfigurationName: 'lake-glue',
      }),
    });
    expect(acknowledged(imported)).toMatch(
      /AwsSolutions-GL1.*security configuration \\"lake-glue\\" of an imported catalog/,
    );
    expect(acknowledged(imported)).toMatch(/AwsSolutions-GL3/);
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
    [{ maxWorkers: 1 }, /maxWorkers must be a whole number between 2 and 299 \(got 1\)/],
    [{ maxWorkers: 300 }, /maxWorkers must be a whole number between 2 and 299 \(got 300\)/],
    [{ timeout: Duration.hours(49) }, /timeout must be between 1 and 2880 minutes \(got 2940 minutes\)/],
    [{ maxRetries: 11 }, /maxRetries must be a whole number between 0 and 10 \(got 11\)/],
    [
      { workerType: GlueWorkerType.of('G.16X') },
      /workerType must be one of G.1X, G.2X, G.4X, G.8X \(got G.16X\)/,
    ],
  ])('fails on out-of-range props %j', (options, message) => {
    expect(() => compose(options as JobOptions)).toThrow(message);
  });
});
