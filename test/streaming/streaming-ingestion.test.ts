import {
  App,
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_iam as iam,
  aws_kinesis as kinesis,
  aws_kms as kms,
  aws_s3 as s3,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  REDSHIFT_STREAM_LIST_ACTIONS,
  REDSHIFT_STREAM_READ_ACTIONS,
  StreamingIngestion,
  StreamingIngestionProps,
} from '../../lib/streaming';
import { DataLakeStorage } from '../../lib/storage';
import { salesWithoutEvents, salesWithTwoEvents, freightContract } from '../helpers/construct-contracts';
import { putObjects, roleStatements, useKey } from '../helpers/iam';
import { unacknowledgedNagFindings } from '../helpers/nag';

type Options = Partial<Omit<StreamingIngestionProps, 'lake'>>;

function compose(options: Options = {}) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = (id: string) => new s3.Bucket(stack, id, { encryptionKey: key, enforceSSL: true });
  const lake = DataLakeStorage.fromLakeAttributes(stack, 'DataLake', {
    rawBucket: bucket('Raw'),
    curatedBucket: s3.Bucket.fromBucketName(stack, 'Curated', 'lake-curated'),
    quarantineBucket: bucket('Quarantine'),
    key,
  });
  const streaming = new StreamingIngestion(stack, 'Streaming', { lake, ...options });
  return { stack, streaming, key, lake, template: () => Template.fromStack(stack) };
}

describe('StreamingIngestion', () => {
  test('encrypts the stream with the platform key, on demand by default, keeping records 24 hours', () => {
    const { template, key, stack } = compose();
    template().hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: stack.resolve(key.keyArn) },
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 24,
      ShardCount: Match.absent(),
      Name: Match.stringLikeRegexp('^[a-z0-9_.-]+$'),
    });
    template().hasResource('AWS::Kinesis::Stream', { DeletionPolicy: 'Retain' });
  });

  test('takes provisioned mode, shard count and retention from props', () => {
    const { template } = compose({
      streamMode: kinesis.StreamMode.PROVISIONED,
      shardCount: 3,
      retentionPeriod: Duration.hours(168),
      streamName: 'dp-dev-sale-events',
    });
    template().hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'dp-dev-sale-events',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 3,
      RetentionPeriodHours: 168,
    });
  });

  test('maps the stream to the consumer with partial batch responses, bisect, bounded retries and a DLQ', () => {
    const { template } = compose();
    template().hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamingDeadLetterQueue'), 'Arn'] },
        },
      },
    });
  });

  test('encrypts the dead-letter queue with the platform key and refuses plain HTTP to it', () => {
    const { template, key, stack } = compose();
    template().hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: stack.resolve(key.keyArn),
      MessageRetentionPeriod: 1209600,
    });
    template().hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('runs the consumer on Node.js 22 arm64 with a KMS-encrypted log group', () => {
    const { template, key, stack } = compose({ logRetention: 90 });
    template().hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 60,
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: 'stream-consumer',
          POWERTOOLS_METRICS_NAMESPACE: 'DataPlatform',
          EVENT_NAME: 'sale_event',
          RAW_BUCKET: { Ref: Match.stringLikeRegexp('^Raw') },
          QUARANTINE_BUCKET: { Ref: Match.stringLikeRegexp('^Quarantine') },
        }),
      },
    });
    template().hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: stack.resolve(key.keyArn),
      RetentionInDays: 90,
    });
  });

  test('lets the consumer write only under sales_events/ of the raw and quarantine zones, encrypting with the key', () => {
    const { template } = compose();
    const statements = roleStatements(template(), 'StreamingConsumerRole');
    const objectStatements = statements.filter((statement) =>
      JSON.stringify(statement.Action).includes('"s3:'),
    );
    expect(objectStatements).toEqual([
      putObjects('Raw', ['sales_events/ingest_date=']),
      putObjects('Quarantine', ['sales_events/ingest_date=']),
    ]);
    expect(statements).toContainEqual(useKey('Key', 'write'));
  });

  test("streams the contract's event: the consumer validates it and writes under its lake dataset in the contract's layout", () => {
    const { template, streaming } = compose({ contract: freightContract() });
    expect(streaming.event).toBe('shipment_event');
    template().hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Validates shipment events from Kinesis into the raw and quarantine zones',
      Environment: { Variables: Match.objectLike({ EVENT_NAME: 'shipment_event' }) },
    });
    const objectStatements = roleStatements(template(), 'StreamingConsumerRole').filter((statement) =>
      JSON.stringify(statement.Action).includes('"s3:'),
    );
    expect(objectStatements).toEqual([
      putObjects('Raw', ['landing/shipment_events/ingest_date=']),
      putObjects('Quarantine', ['rejected/shipment_events/ingest_date=']),
    ]);
  });

  test('streams the event chosen among several', () => {
    const { streaming, template } = compose({ contract: salesWithTwoEvents(), event: 'refund_event' });
    expect(streaming.event).toBe('refund_event');
    const objectStatements = roleStatements(template(), 'StreamingConsumerRole').filter((statement) =>
      JSON.stringify(statement.Action).includes('"s3:'),
    );
    expect(objectStatements[0]).toEqual(putObjects('Raw', ['refund_events/ingest_date=']));
  });

  test.each([
    [
      'a contract with several events and no event chosen',
      { contract: salesWithTwoEvents() },
      /event must name the contract event the stream carries, one of sale_event, refund_event: a stream carries one event type/,
    ],
    [
      'an event the contract does not have',
      { event: 'refund_event' },
      /event must be one of the contract's events \(sale_event\) \(got refund_event\)/,
    ],
    [
      'a contract without events',
      { contract: salesWithoutEvents() },
      /the contract has no event to stream: add one to its events, or leave streaming out/,
    ],
  ] as [string, Options, RegExp][])('fails on %s', (_, options, message) => {
    expect(() => compose(options)).toThrow(message);
  });

  test('gives Redshift a role that reads this stream, lists streams and shards, and decrypts, and nothing else', () => {
    const { template, stack, streaming } = compose();
    template().hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'redshift.amazonaws.com' } }),
          Match.objectLike({ Principal: { Service: 'redshift-serverless.amazonaws.com' } }),
        ]),
      },
    });
    const statements = roleStatements(template(), 'StreamingRedshiftRole');
    expect(statements).toEqual([
      expect.objectContaining({
        Action: [...REDSHIFT_STREAM_READ_ACTIONS],
        Resource: stack.resolve(streaming.stream.streamArn),
      }),
      expect.objectContaining({ Action: [...REDSHIFT_STREAM_LIST_ACTIONS], Resource: '*' }),
      expect.objectContaining({ Action: 'kms:Decrypt' }),
    ]);
  });

  test('lets producers put records and encrypt with the key through grantWrite', () => {
    const { stack, streaming, template } = compose();
    const producer = new iam.User(stack, 'Producer');
    streaming.grantWrite(producer);
    const statements = Object.values(
      template().findResources('AWS::IAM::Policy', {
        Properties: { Users: [{ Ref: Match.stringLikeRegexp('^Producer') }] },
      }),
    ).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: unknown[] } } }).Properties.PolicyDocument
          .Statement,
    );
    expect(JSON.stringify(statements)).toContain('kinesis:PutRecords');
    expect(JSON.stringify(statements)).toContain('kms:GenerateDataKey');
    expect(JSON.stringify(statements)).not.toContain('kinesis:GetRecords');
  });

  test('alarms on iterator age, throttled records and dead letters, notifying the topic', () => {
    const { stack, key } = compose();
    const topic = new sns.Topic(stack, 'PipelineTopic', { masterKey: key });
    const streaming = new StreamingIngestion(stack, 'Alarmed', {
      lake: DataLakeStorage.fromLakeAttributes(stack, 'ImportedLake', {
        rawBucket: s3.Bucket.fromBucketName(stack, 'R', 'raw'),
        curatedBucket: s3.Bucket.fromBucketName(stack, 'C', 'curated'),
        quarantineBucket: s3.Bucket.fromBucketName(stack, 'Q', 'quarantine'),
        key,
      }),
      alarmTopic: topic,
      iteratorAgeAlarmThreshold: Duration.minutes(5),
    });
    const template = Template.fromStack(stack);
    const topicRef = [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: 300000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: topicRef,
      OKActions: topicRef,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'reads + writes' }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'ReadProvisionedThroughputExceeded' }),
            Stat: 'Sum',
          }),
        }),
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'WriteProvisionedThroughputExceeded' }),
            Stat: 'Sum',
          }),
        }),
      ]),
      Threshold: 1,
      AlarmActions: topicRef,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      AlarmActions: topicRef,
    });
    // The iteratorAgeAlarm output is the alarm on this consumer's IteratorAge.
    const [iteratorAgeAlarm] = Object.keys(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: {
          MetricName: 'IteratorAge',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^AlarmedConsumer') } }],
        },
      }),
    );
    expect(stack.getLogicalId(streaming.iteratorAgeAlarm.node.defaultChild as cloudwatch.CfnAlarm)).toBe(
      iteratorAgeAlarm,
    );
  });

  test('creates the alarms without actions when no topic is given', () => {
    const { template } = compose();
    template().resourceCountIs('AWS::CloudWatch::Alarm', 3);
    for (const alarm of Object.values(template().findResources('AWS::CloudWatch::Alarm'))) {
      expect((alarm as { Properties: Record<string, unknown> }).Properties.AlarmActions).toBeUndefined();
    }
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { streaming } = compose({ removalPolicy: RemovalPolicy.DESTROY });
    expect(unacknowledgedNagFindings(streaming)).toEqual([]);
  });

  test.each([
    [
      { streamMode: kinesis.StreamMode.ON_DEMAND, shardCount: 2 },
      /shardCount applies only to PROVISIONED mode/,
    ],
    [
      { streamMode: kinesis.StreamMode.PROVISIONED, shardCount: 0 },
      /shardCount must be a whole number between 1 and 500 \(got 0\)/,
    ],
    [
      { streamMode: 'SOMETIMES' as kinesis.StreamMode },
      /streamMode must be one of ON_DEMAND, PROVISIONED \(got SOMETIMES\)/,
    ],
    [
      { retentionPeriod: Duration.hours(12) },
      /retentionPeriod must be between 24 and 8760 hours, a Kinesis limit \(got 12 hours\)/,
    ],
    [{ batchSize: 20000 }, /batchSize must be a whole number between 1 and 10000 \(got 20000\)/],
    [{ retryAttempts: -1 }, /retryAttempts must be a whole number between 0 and 10000 \(got -1\)/],
    [{ parallelizationFactor: 11 }, /parallelizationFactor must be a whole number between 1 and 10/],
    [{ memorySize: 64 }, /memorySize must be a whole number between 128 and 10240 MiB \(got 64\)/],
    [{ maxBatchingWindow: Duration.minutes(6) }, /maxBatchingWindow must be between 0 seconds and 5 minutes/],
    [{ timeout: Duration.seconds(5) }, /timeout must be between 10 seconds and 15 minutes \(got 5 seconds\)/],
    [
      { iteratorAgeAlarmThreshold: Duration.seconds(30) },
      /iteratorAgeAlarmThreshold must be between 1 minute and 7 days/,
    ],
    [{ streamName: 'Sales Events' }, /streamName must be 1 to 128 lowercase letters.*\(got "Sales Events"\)/],
  ] as [Options, RegExp][])('fails on invalid props: %j', (options, message) => {
    expect(() => compose(options)).toThrow(message);
  });
});
