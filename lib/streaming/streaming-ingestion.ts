import { Duration, Names, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Contract, defaultContract } from '../../contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { METRICS, METRICS_NAMESPACE } from '../../contract/metrics';
import { acknowledgeWildcards } from '../common/nag';
import { platformFunction } from '../common/platform-function';
import { validateProps } from '../common/props-validation';
import { IDataLake } from '../storage';
import { STREAMING_INGESTION_RULES } from './props-validation';
import { eventsLabel, streamedEvent } from './streamed-event';

/** What Redshift streaming ingestion needs on the stream (it never writes). */
export const REDSHIFT_STREAM_READ_ACTIONS = [
  'kinesis:DescribeStreamSummary',
  'kinesis:GetShardIterator',
  'kinesis:GetRecords',
  'kinesis:ListShards',
  'kinesis:DescribeStream',
] as const;

/**
 * What streaming ingestion needs beyond the stream itself: its documented policy grants these
 * on `*` (https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion-getting-started.html).
 */
export const REDSHIFT_STREAM_LIST_ACTIONS = ['kinesis:ListStreams', 'kinesis:ListShards'] as const;

export interface StreamingIngestionProps {
  /**
   * The lake: accepted events land in the raw zone as gzipped NDJSON under the event's
   * `<lakeDataset>/ingest_date=*`, rejected ones with their reasons in quarantine under the
   * same prefix. The lake key also encrypts the stream, the dead-letter queue and the
   * consumer's log group.
   */
  readonly lake: IDataLake;
  /**
   * The data contract: the consumer validates each record as one of its events and reads it
   * from its bundle.
   * @default - the sales example (`defaultContract()`)
   */
  readonly contract?: Contract;
  /**
   * The contract event the stream carries (one stream, one event type: stream several events
   * with one StreamingIngestion each). Required when the contract has several events.
   * @default - the contract's only event
   */
  readonly event?: string;
  /**
   * Capacity mode of the stream (aws-cdk-lib's own enum).
   * @default kinesis.StreamMode.ON_DEMAND
   */
  readonly streamMode?: kinesis.StreamMode;
  /**
   * Shards of a PROVISIONED stream, 1 to 500; leave it out in ON_DEMAND mode.
   * @default 1 in PROVISIONED mode
   */
  readonly shardCount?: number;
  /**
   * How long the stream keeps records, 24 to 8760 hours. It bounds how late a failed batch can
   * still be replayed from the stream, so it should outlast a weekend without an operator.
   * @default Duration.hours(24)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Physical name of the stream: lowercase letters, digits, `.`, `_` and `-`, at most 128.
   * Redshift's streaming view names the stream in SQL, where lowercase needs no quoting rules.
   * @default - derived from the construct path, lowercased
   */
  readonly streamName?: string;
  /**
   * Records per consumer invocation, 1 to 10000; each batch becomes one raw object per day.
   * @default 500
   */
  readonly batchSize?: number;
  /**
   * How long the event source gathers records before invoking, 0 to 300 seconds (fewer,
   * larger raw objects against a little latency).
   * @default Duration.seconds(10)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Retries of a failing batch (after bisecting it) before its shard and sequence range go
   * to the dead-letter queue, 0 to 10000.
   * @default 10
   */
  readonly retryAttempts?: number;
  /**
   * Concurrent batches per shard, 1 to 10. Records of one event_id stay on one shard and in
   * order whatever the factor, since the partition key is the event_id.
   * @default 1
   */
  readonly parallelizationFactor?: number;
  /**
   * Consumer memory in MiB, 128 to 10240.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Consumer timeout, 10 seconds to 15 minutes.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Retention of the consumer's log group (from the environment config).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the stream, the dead-letter queue and the log group on stack deletion.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Where the alarms send their ALARM and OK notifications (the pipeline topic).
   * @default - the alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Consumer iterator age (how far behind the newest record it is) that raises an alarm.
   * @default Duration.minutes(10)
   */
  readonly iteratorAgeAlarmThreshold?: Duration;
  /**
   * CloudWatch namespace of the consumer's EventsAccepted, EventsRejected, EventsDuplicated
   * and EventsFailed metrics.
   * @default METRICS_NAMESPACE ('DataPlatform')
   */
  readonly metricsNamespace?: string;
}

/**
 * Streaming ingestion of one contract event: a KMS-encrypted Kinesis stream and a Lambda consumer
 * (event source mapping with partial batch responses, bisect on error, bounded retries and
 * an SQS dead-letter queue) that validates each event with the data contract's rules and
 * writes accepted events to the raw zone and rejected ones to quarantine. Alarms cover the
 * consumer falling behind, throttling and dead letters; `redshiftRole` lets the warehouse
 * read the stream for its real-time view.
 */
export class StreamingIngestion extends Construct {
  /** Metric dimension and service name of the consumer. */
  static readonly SERVICE_NAME = METRICS.streamConsumer.service;

  public readonly stream: kinesis.Stream;
  public readonly consumer: lambda.Function;
  public readonly consumerRole: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Receives the shard and sequence range of every batch that failed all its retries. */
  public readonly deadLetterQueue: sqs.Queue;
  /** For Redshift streaming ingestion (IAM_ROLE of the external schema): reads this stream only. */
  public readonly redshiftRole: iam.Role;
  public readonly iteratorAgeAlarm: cloudwatch.Alarm;
  public readonly throttledRecordsAlarm: cloudwatch.Alarm;
  public readonly deadLetterAlarm: cloudwatch.Alarm;
  public readonly metricsNamespace: string;
  /** The contract event the stream carries. */
  public readonly event: string;
  /** The contract the consumer validates with. */
  public readonly contract: Contract;

  constructor(scope: Construct, id: string, props: StreamingIngestionProps) {
    super(scope, id);
    validateProps(props, STREAMING_INGESTION_RULES);
    this.contract = props.contract ?? defaultContract();
    this.event = streamedEvent(this.contract, props.event);
    const { lakeDataset } = this.contract.event(this.event);
    // `sale events`, `sale event stream` in descriptions and alarms.
    const events = eventsLabel(this.event);
    const stream = `${this.event.replace(/_/g, ' ')} stream`;
    const streamMode = props.streamMode ?? kinesis.StreamMode.ON_DEMAND;
    const { lake } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.metricsNamespace = props.metricsNamespace ?? METRICS_NAMESPACE;

    this.stream = new kinesis.Stream(this, 'Resource', {
      streamName:
        props.streamName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }).toLowerCase(),
      streamMode,
      shardCount: streamMode === kinesis.StreamMode.PROVISIONED ? (props.shardCount ?? 1) : undefined,
      retentionPeriod: props.retentionPeriod ?? Duration.hours(24),
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: lake.key,
      removalPolicy,
    });
    Validations.of(this.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason:
        'The platform encrypts every store with its own customer managed key (one key policy to audit and revoke); the per-request KMS cost of producers and consumers is accepted for that.',
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: lake.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the dead-letter queue: the consumer's on-failure destination for batches that failed every retry.",
    });

    const consumer = platformFunction(this, 'Consumer', {
      handlerName: 'stream-consumer',
      description: `Validates ${events} from Kinesis into the raw and quarantine zones`,
      roleDescription: `Stream consumer: read the ${stream}, write raw and quarantined events`,
      logKey: lake.key,
      logRetention: props.logRetention,
      logRemovalPolicy: removalPolicy,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      contract: this.contract,
      environment: {
        // The contract event each record is validated as.
        EVENT_NAME: this.event,
        RAW_BUCKET: lake.rawBucket.bucketName,
        QUARANTINE_BUCKET: lake.quarantineBucket.bucketName,
        POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
      },
    });
    this.consumer = consumer.function;
    this.consumerRole = consumer.role;
    this.logGroup = consumer.logGroup;
    // One object per consumer batch and day, named at run time, under the events' prefix.
    for (const zone of ['raw', 'quarantine'] as const) {
      lake.grantWrite(zone, this.consumerRole, layoutPrefix(this.contract, zone, { dataset: lakeDataset }));
    }
    this.consumer.addEventSource(
      new eventSources.KinesisEventSource(this.stream, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 500,
        maxBatchingWindow: props.maxBatchingWindow ?? Duration.seconds(10),
        // Off by default in CDK: without it one failed write would retry the whole batch.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts ?? 10,
        parallelizationFactor: props.parallelizationFactor ?? 1,
        onFailure: new eventSources.SqsDlq(this.deadLetterQueue),
      }),
    );
    acknowledgeWildcards(this.consumerRole, [
      ...['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
        kind: 'Action' as const,
        value: action,
        reason:
          'queue.grantSendMessages on the platform key: the on-failure destination encrypts dead letters with it; the key policy bounds it',
      })),
    ]);

    this.redshiftRole = new iam.Role(this, 'RedshiftRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
      description: `Redshift streaming ingestion: read the ${stream}, nothing else`,
    });
    this.redshiftRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [...REDSHIFT_STREAM_READ_ACTIONS],
        resources: [this.stream.streamArn],
      }),
    );
    this.redshiftRole.addToPolicy(
      new iam.PolicyStatement({ actions: [...REDSHIFT_STREAM_LIST_ACTIONS], resources: ['*'] }),
    );
    acknowledgeWildcards(this.redshiftRole, [
      {
        kind: 'Resource',
        value: '*',
        reason:
          'Redshift streaming ingestion lists streams and shards on "*", as its documented policy grants; list calls return names and shard ids, never records, and reads stay limited to this stream',
      },
    ]);
    lake.key.grant(this.redshiftRole, 'kms:Decrypt');

    const alarms = new Construct(this, 'Alarms');
    this.iteratorAgeAlarm = this.metricIteratorAge().createAlarm(alarms, 'IteratorAge', {
      alarmDescription:
        'The stream consumer is falling behind (failing batches being retried, or too little capacity): see docs/streaming.md',
      threshold: (props.iteratorAgeAlarmThreshold ?? Duration.minutes(10)).toMilliseconds(),
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.throttledRecordsAlarm = this.metricThrottledRecords().createAlarm(alarms, 'ThrottledRecords', {
      alarmDescription: `Reads or writes of the ${stream} are throttled in three 5-minute periods running: add shards or use ON_DEMAND`,
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.deadLetterAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible()
      .createAlarm(alarms, 'DeadLetters', {
        alarmDescription: `A batch of ${events} failed every retry: replay its sequence range before the stream retention ends (docs/streaming.md)`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      for (const alarm of [this.iteratorAgeAlarm, this.throttledRecordsAlarm, this.deadLetterAlarm]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /** Lets `grantee` put records (producers, the `produce` CLI's role), encrypting with the key. */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.stream.grantWrite(grantee);
  }

  /** Age of the oldest record the consumer has yet to process (Lambda IteratorAge, Maximum per minute). */
  public metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumer.metric('IteratorAge', {
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  /** GetRecords calls throttled on the stream (Sum per 5 minutes). */
  public metricReadProvisionedThroughputExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricReadProvisionedThroughputExceeded({ statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Records refused to producers by throttling (Sum per 5 minutes); the producer retries them. */
  public metricWriteProvisionedThroughputExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stream.metricWriteProvisionedThroughputExceeded({
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** Throttled reads plus throttled writes (Sum per 5 minutes): what the throttling alarm watches. */
  public metricThrottledRecords(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: this.metricReadProvisionedThroughputExceeded(),
        writes: this.metricWriteProvisionedThroughputExceeded(),
      },
      label: 'Throttled records',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** Consumer metrics: events accepted, rejected, duplicated or failed (Sum). */
  public metricEvents(
    outcome: 'accepted' | 'rejected' | 'duplicated' | 'failed',
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    const names = METRICS.streamConsumer;
    return new cloudwatch.Metric({
      namespace: this.metricsNamespace,
      metricName: {
        accepted: names.eventsAccepted,
        rejected: names.eventsRejected,
        duplicated: names.eventsDuplicated,
        failed: names.eventsFailed,
      }[outcome],
      dimensionsMap: { service: StreamingIngestion.SERVICE_NAME },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }
}
