/**
 * PipelineMonitoring: the pipeline's SNS topic, its alarms (all sent to the topic) and its
 * dashboard. Created first, so the orchestration can publish to `topic`; what it watches is
 * added with the `monitor*` methods, and other issues add their own with `addAlarm`.
 */
import { ArnFormat, Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from '../common/nag';
import { failedRunsPattern } from '../etl/job-events';
import { IStarSchemaJob } from '../etl/star-schema-job-base';
import { durationRange, matches, Rules, validateProps } from '../common/props-validation';
import { DATASET_DIMENSION, METRICS, METRICS_NAMESPACE } from '../../contract/metrics';

/** Where every alarm description points. */
export const RUNBOOK = 'docs/orchestration.md#runbook';

export interface PipelineMonitoringProps {
  /**
   * Encrypts the topic. An imported key must let cloudwatch.amazonaws.com use it
   * (kms:Decrypt, kms:GenerateDataKey) for this account's alarms; EventBridge rules publish
   * through roles of their own.
   * @default a new customer managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Subscribes this address to the topic (the recipient confirms by e-mail).
   * @default no subscription
   */
  readonly alarmEmail?: string;
  /**
   * The freshness alarm fires when no run succeeded for this long: whole hours, 1 to 168.
   * @default Duration.hours(26), a daily run plus two hours of slack
   */
  readonly freshnessWindow?: Duration;
  /**
   * What happens to a created key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** What `monitorPipeline` watches. */
export interface PipelineMonitoringTargets {
  readonly stateMachine: sfn.IStateMachine;
  /** Every Lambda of the pipeline: its own and its collaborators'. */
  readonly functions: readonly lambda.IFunction[];
  /** The star-schema job: a failed, timed-out or errored run is published to the topic. */
  readonly job: IStarSchemaJob;
  /** Dead-letter queues whose depth must stay 0 (e.g. the trigger's). @default none */
  readonly deadLetterQueues?: readonly sqs.IQueue[];
  /**
   * Namespace of the validator's row metrics (RawFileValidator.metricsNamespace), graphed per
   * dataset.
   * @default METRICS_NAMESPACE
   */
  readonly validationMetricsNamespace?: string;
}

/** A stream consumer's metrics, for `graphStream` (e.g. StreamingIngestion.metricIteratorAge()). */
export interface StreamGraphMetrics {
  /** How far behind the newest record the consumer is, in milliseconds. */
  readonly iteratorAge: cloudwatch.IMetric;
  /** Records the stream throttled. */
  readonly throttled: cloudwatch.IMetric;
}

/** Alarm options shared by the "any occurrence" alarms. */
const ANY_IN_FIVE_MINUTES = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
};
const FIVE_MINUTES = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

/** PipelineMonitoring's props rules; the environment config checks its alarm e-mail with them. */
export const PIPELINE_MONITORING_RULES: Rules<PipelineMonitoringProps> = {
  props: {
    alarmEmail: matches(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'be an e-mail address'),
    // Period 1 h × N evaluation periods: CloudWatch caps an alarm's evaluation range at 7 days.
    freshnessWindow: durationRange({
      min: Duration.hours(1),
      max: Duration.hours(168),
      unit: 'hours',
      whole: true,
    }),
  },
};

export class PipelineMonitoring extends Construct {
  /** Success summaries, failures and alarms. */
  public readonly topic: sns.Topic;
  public readonly encryptionKey: kms.IKey;
  public readonly dashboard: cloudwatch.Dashboard;
  /** Rules that publish events to the topic (Glue job failures). */
  public readonly eventRules: events.Rule[] = [];
  private readonly alarmList: cloudwatch.Alarm[] = [];
  private readonly freshnessWindow: Duration;
  private readonly alarmsScope: Construct;
  private eventPublisher?: iam.IRole;

  constructor(scope: Construct, id: string, props: PipelineMonitoringProps = {}) {
    super(scope, id);
    this.freshnessWindow = props.freshnessWindow ?? Duration.hours(26);
    validateProps(props, PIPELINE_MONITORING_RULES);

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'Pipeline notifications topic',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
    allowAlarmsToUseKey(this.encryptionKey, this);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Data pipeline',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.alarmsScope = new Construct(this, 'Alarms');
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
  }

  /** Every alarm, in the order added. */
  public get alarms(): readonly cloudwatch.Alarm[] {
    return [...this.alarmList];
  }

  /** Sends `alarm` to the topic and lists it; for alarms other constructs define. */
  public addAlarm(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarmList.push(alarm);
    return alarm;
  }

  /** Alarms and dashboard rows for the batch pipeline. */
  public monitorPipeline(targets: PipelineMonitoringTargets): void {
    const namespace = targets.validationMetricsNamespace ?? METRICS_NAMESPACE;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Rows accepted per dataset (validator)',
        left: [datasetSearch(namespace, METRICS.validateRaw.rowsAccepted)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Rows rejected per dataset (validator)',
        left: [datasetSearch(namespace, METRICS.validateRaw.rowsRejected)],
        width: 12,
      }),
    );
    this.monitorStateMachine(targets.stateMachine);
    this.monitorGlueJob(targets.job);
    for (const fn of targets.functions) this.monitorFunction(fn);
    for (const queue of targets.deadLetterQueues ?? []) this.monitorDeadLetterQueue(queue);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        left: targets.functions.map((fn) => fn.metricErrors({ ...FIVE_MINUTES, label: fn.node.path })),
        width: 24,
      }),
    );
  }

  /** Failed, timed-out and aborted runs; no successful run within the freshness window. */
  public monitorStateMachine(stateMachine: sfn.IStateMachine): void {
    const scope = this.alarmGroup(stateMachine);
    this.alarm(scope, 'ExecutionsFailed', stateMachine.metricFailed(FIVE_MINUTES), ANY_IN_FIVE_MINUTES, [
      'A batch run failed',
      'read the failure e-mail (error and cause) or the execution in the Step Functions console, fix, and re-run the date as batch-<date>-rerun-<n>',
    ]);
    this.alarm(scope, 'ExecutionsTimedOut', stateMachine.metricTimedOut(FIVE_MINUTES), ANY_IN_FIVE_MINUTES, [
      'A batch run hit the state machine timeout',
      'find the slow step in the execution history (usually the Glue job), then re-run the date as batch-<date>-rerun-<n>',
    ]);
    this.alarm(scope, 'ExecutionsAborted', stateMachine.metricAborted(FIVE_MINUTES), ANY_IN_FIVE_MINUTES, [
      'A batch run was stopped by hand',
      'confirm who stopped it and why; re-run the date as batch-<date>-rerun-<n> if it still has to load',
    ]);
    const hours = this.freshnessWindow.toHours();
    this.alarm(
      scope,
      'DataFreshness',
      stateMachine.metricSucceeded({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
      {
        // Every hourly datapoint of the window must show no success; no data (no runs) counts too.
        threshold: 1,
        evaluationPeriods: hours,
        datapointsToAlarm: hours,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      },
      [
        `No batch run succeeded in ${hours} hours: the warehouse is stale`,
        'check that the schedule rule and StartBatch ran (its logs), that _READY markers arrived, and for failed runs',
      ],
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Pipeline runs',
        left: [
          stateMachine.metricStarted({ period: Duration.hours(1), label: 'started' }),
          stateMachine.metricSucceeded({ period: Duration.hours(1), label: 'succeeded' }),
          stateMachine.metricFailed({ period: Duration.hours(1), label: 'failed' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Pipeline run duration (ms)',
        left: [
          stateMachine.metricTime({ statistic: cloudwatch.Stats.AVERAGE, label: 'average' }),
          stateMachine.metricTime({ statistic: cloudwatch.Stats.MAXIMUM, label: 'maximum' }),
        ],
        width: 12,
      }),
    );
  }

  /** Errors and throttles of one function. */
  public monitorFunction(fn: lambda.IFunction): void {
    const scope = this.alarmGroup(fn);
    this.alarm(scope, 'Errors', fn.metricErrors(FIVE_MINUTES), ANY_IN_FIVE_MINUTES, [
      `Lambda ${fn.node.path} raised errors`,
      "read the function's log group; a pipeline Task error also fails the run and is e-mailed with its cause",
    ]);
    this.alarm(scope, 'Throttles', fn.metricThrottles(FIVE_MINUTES), ANY_IN_FIVE_MINUTES, [
      `Lambda ${fn.node.path} was throttled`,
      'the pipeline retries throttling with backoff; if it persists, raise the account concurrency or lower validationConcurrency',
    ]);
  }

  /** Any message in a dead-letter queue. */
  public monitorDeadLetterQueue(queue: sqs.IQueue): void {
    const scope = this.alarmGroup(queue);
    this.alarm(
      scope,
      'Depth',
      queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      {
        ...ANY_IN_FIVE_MINUTES,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        threshold: 0,
      },
      [
        `Dead-letter queue ${queue.node.path} holds messages`,
        'read them (each names the event that could not be delivered), act on it (e.g. start the batch date by hand), then purge the queue',
      ],
    );
  }

  /** Publishes failed, timed-out and errored runs of the Glue job to the topic; graphs its duration. */
  public monitorGlueJob(job: IStarSchemaJob): void {
    const detail = (path: string) => events.EventField.fromPath(`$.detail.${path}`);
    this.eventRules.push(
      new events.Rule(this, `GlueJobFailure${this.eventRules.length}`, {
        description: 'Star-schema Glue job runs that ended FAILED, TIMEOUT or ERROR',
        eventPattern: failedRunsPattern(job.jobName),
        targets: [
          // A role publishes, so the topic key's policy names no service.
          new targets.SnsTopic(this.topic, {
            authorizeUsingRole: true,
            role: this.publisherRole(),
            message: events.RuleTargetInput.fromText(
              `Glue job ${detail('jobName')} run ${detail('jobRunId')} ended ${detail('state')}: ${detail('message')}. ` +
                `Runbook: ${RUNBOOK} (Glue job failed): read the run's error and driver log, fix, re-run the batch date.`,
            ),
          }),
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Glue job duration (ms)',
        left: [job.metricElapsedTime({ period: Duration.hours(1) })],
        width: 24,
      }),
    );
  }

  /**
   * Graphs a stream consumer's lag and throttling on the dashboard. The alarms on them belong
   * to the construct that owns the stream (StreamingIngestion), which sends them to this topic.
   */
  public graphStream(title: string, metrics: StreamGraphMetrics): void {
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${title}: iterator age (ms)`,
        left: [metrics.iteratorAge],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: `${title}: throttled records`,
        left: [metrics.throttled],
        width: 12,
      }),
    );
  }

  /** The role EventBridge rules publish to the topic with (the target grants it topic.grantPublish). */
  private publisherRole(): iam.IRole {
    this.eventPublisher ??= (() => {
      const role = new iam.Role(this, 'EventPublisherRole', {
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
        description: 'EventBridge rules of the pipeline monitoring: publish to its encrypted topic',
      });
      acknowledgeWildcards(role, [
        {
          kind: 'Action',
          value: 'kms:GenerateDataKey*',
          reason:
            "topic.grantPublish on the encrypted topic: SNS needs a data key from the topic's own key to store each message; no other key is named",
        },
      ]);
      return role;
    })();
    return this.eventPublisher;
  }

  /** The alarms of one watched resource, under an id derived from its path (stable across call order). */
  private alarmGroup(watched: Construct): Construct {
    return new Construct(this.alarmsScope, Names.uniqueId(watched));
  }

  private alarm(
    scope: Construct,
    id: string,
    metric: cloudwatch.IMetric,
    options: Omit<cloudwatch.CreateAlarmOptions, 'alarmDescription'>,
    [what, action]: [string, string],
  ): cloudwatch.Alarm {
    return this.addAlarm(
      new cloudwatch.Alarm(scope, id, {
        metric,
        ...options,
        alarmDescription: `${what}. Runbook (${RUNBOOK}): ${action}.`,
      }),
    );
  }
}

/**
 * CloudWatch publishes alarm actions to the encrypted topic as itself, so the key must let
 * cloudwatch.amazonaws.com use it; the conditions keep that to this account's alarms
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-sns-encryption,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
function allowAlarmsToUseKey(key: kms.IKey, scope: Construct): void {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: {
          'aws:SourceArn': stack.formatArn({
            service: 'cloudwatch',
            resource: 'alarm',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/** The validator's EMF metric per dataset, whatever other dimensions (e.g. service) it carries. */
function datasetSearch(namespace: string, metricName: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('Namespace="${namespace}" MetricName="${metricName}" ${DATASET_DIMENSION}', 'Sum', 3600)`,
    label: '',
    period: Duration.hours(1),
  });
}
