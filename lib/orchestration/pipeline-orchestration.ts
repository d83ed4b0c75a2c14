/**
 * PipelineOrchestration: the Step Functions batch pipeline (validate → crawl → check catalog →
 * star-schema job → check output → load → quality → marts → summary) and what starts it.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { IDataCatalog } from '../catalog/data-catalog-base';
import { IStarSchemaJob } from '../etl/star-schema-job-base';
import { IDataLake } from '../storage/data-lake';
import { IWarehouse, WarehouseTasks } from '../warehouse/warehouse-base';
import { acknowledgeWildcards } from '../common/nag';
import { BatchTriggers } from './batch-triggers';
import { allowLogsToUseKey, encryptedLogGroup } from '../common/log-encryption';
import { PipelineFunctions } from './pipeline-functions';
import { pipelineStates } from './pipeline-states';
import { validateProps } from '../common/props-validation';
import { crawlerPollCount, PIPELINE_ORCHESTRATION_RULES } from './props-validation';

export interface PipelineOrchestrationProps {
  /**
   * The data contract: the load states follow its dimensions and facts, its layout scopes the
   * functions' grants and names the ready marker, and the functions read it. It must be the
   * catalog's.
   * @default - the catalog's contract
   */
  readonly contract?: Contract;
  /** The raw-file validator (handlers/validate-raw.ts): `{bucket, key}` → `{source, outputs, report}`. */
  readonly validatorFunction: lambda.IFunction;
  /**
   * The lake: the raw zone is listed per batch and its `_READY` markers start runs (its bucket
   * must send EventBridge notifications); the curated zone holds the job's input and output
   * and the batch manifests.
   */
  readonly lake: IDataLake;
  /**
   * The catalog: the pipeline starts its validated crawler and compares the crawled tables of
   * its validated database with the contract.
   */
  readonly catalog: IDataCatalog;
  /** The star-schema job the pipeline runs with `--batch_date`, `--validated_root` and `--curated_root`. */
  readonly job: IStarSchemaJob;
  /** The warehouse whose task functions load a batch, check it and refresh the marts. */
  readonly warehouse: IWarehouse;
  /**
   * How long the pipeline waits for a job run; the job's own timeout plus a margin for
   * queueing, so the run's outcome, not the wait, decides.
   * @default - the job's timeout plus 30 minutes, or 2 hours when the job does not say
   */
  readonly glueJobTimeout?: Duration;
  /** Where success summaries and failures are published (PipelineMonitoring's topic). */
  readonly topic: sns.ITopic;
  /**
   * Encrypts the state machine's and the functions' log groups, and the trigger DLQ. An
   * imported key must already let CloudWatch Logs of this region use it.
   * @default a new customer managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * EventBridge schedule of the daily run (UTC), which loads the previous day.
   * @default PipelineOrchestration.DEFAULT_SCHEDULE, daily at 02:00 UTC
   */
  readonly schedule?: string;
  /**
   * Execution history sent to CloudWatch Logs: ERROR, or ALL to debug.
   * @default sfn.LogLevel.ERROR
   */
  readonly logLevel?: sfn.LogLevel;
  /**
   * Include states' input and output in the logs (reports and counts, never row data).
   * @default false
   */
  readonly includeExecutionData?: boolean;
  /**
   * Retention of the state machine's and the functions' logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Validator invocations running at once in ValidateFiles: 1 to 40.
   * @default 4
   */
  readonly validationConcurrency?: number;
  /**
   * Time between GetCrawler polls (and between starts while another crawl runs): 5 s or more.
   * @default Duration.seconds(30)
   */
  readonly crawlerPollInterval?: Duration;
  /**
   * How long the crawler step may take before CrawlerTimeout: at most 1,000 poll intervals.
   * @default Duration.minutes(30)
   */
  readonly crawlerTimeout?: Duration;
  /**
   * Longest run before Step Functions times it out.
   * @default Duration.hours(6)
   */
  readonly timeout?: Duration;
  /**
   * What happens to the log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

export class PipelineOrchestration extends Construct {
  /** The daily run at 02:00 UTC. */
  static readonly DEFAULT_SCHEDULE = 'cron(0 2 * * ? *)';

  /** The batch pipeline; start it with `{"batchDate": "YYYY-MM-DD"}` and name `batch-<date>`. */
  public readonly stateMachine: sfn.StateMachine;
  /** The pipeline's own Lambdas (plan, catalog check, output check, summary, trigger). */
  public readonly functions: PipelineFunctions;
  public readonly logGroup: logs.LogGroup;
  public readonly triggers: BatchTriggers;
  /** Trigger events EventBridge could not deliver; alarm on its depth. */
  public readonly triggerDeadLetterQueue: sqs.Queue;
  public readonly encryptionKey: kms.IKey;
  /** ARN of the crawler the pipeline starts. */
  public readonly crawlerArn: string;
  /** The contract the pipeline runs. */
  public readonly contract: Contract;

  constructor(scope: Construct, id: string, props: PipelineOrchestrationProps) {
    super(scope, id);
    const settings = {
      schedule: props.schedule ?? PipelineOrchestration.DEFAULT_SCHEDULE,
      validationConcurrency: props.validationConcurrency ?? 4,
      crawlerPollInterval: props.crawlerPollInterval ?? Duration.seconds(30),
      crawlerTimeout: props.crawlerTimeout ?? Duration.minutes(30),
    };
    this.contract = props.contract ?? props.catalog.contract;
    validateProps({ ...props, ...settings, contract: this.contract }, PIPELINE_ORCHESTRATION_RULES);
    // The rules above refused a warehouse without task functions.
    const tasks = props.warehouse.tasks as WarehouseTasks;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'Pipeline orchestration logs and trigger dead-letter queue',
        enableKeyRotation: true,
        removalPolicy,
      });
    allowLogsToUseKey(this.encryptionKey, this);

    this.functions = new PipelineFunctions(this, 'Functions', {
      contract: this.contract,
      lake: props.lake,
      catalog: props.catalog,
      logKey: this.encryptionKey,
      logRetention,
      removalPolicy,
    });

    this.crawlerArn = props.catalog.validatedCrawlerArn;
    const definition = pipelineStates(new Construct(this, 'States'), {
      planBatch: this.functions.planBatch,
      validator: props.validatorFunction,
      validateCatalog: this.functions.validateCatalog,
      checkCurated: this.functions.checkCurated,
      loader: tasks.load,
      qualityChecks: tasks.qualityChecks,
      refreshMarts: tasks.refreshMarts,
      summarizeRun: this.functions.summarizeRun,
      topic: props.topic,
      glueJobName: props.job.jobName,
      // The run's own limit decides; the margin covers a queued start.
      glueJobTimeout:
        props.glueJobTimeout ?? props.job.timeout?.plus(Duration.minutes(30)) ?? Duration.hours(2),
      curatedRoot: `s3://${props.lake.curatedBucket.bucketName}`,
      crawler: {
        crawlerName: props.catalog.validatedCrawlerName,
        crawlerArn: this.crawlerArn,
        pollInterval: settings.crawlerPollInterval,
        maxPolls: crawlerPollCount(settings.crawlerPollInterval, settings.crawlerTimeout),
      },
      validationConcurrency: settings.validationConcurrency,
      contract: this.contract,
    });

    this.logGroup = encryptedLogGroup(this, 'Logs', {
      key: this.encryptionKey,
      retention: logRetention,
      removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'Resource', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: props.timeout ?? Duration.hours(6),
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: props.logLevel ?? sfn.LogLevel.ERROR,
        includeExecutionData: props.includeExecutionData ?? false,
      },
    });
    if ((props.logLevel ?? sfn.LogLevel.ERROR) !== sfn.LogLevel.ALL) {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF1',
        reason:
          'ERROR level by default keeps failures in CloudWatch Logs without every transition; Step Functions keeps the full history of each execution for 90 days, and logLevel ALL is one prop away for debugging',
      });
    }
    // The Glue task grants the same run actions on the same job; the job says what running it takes.
    props.job.grantStartJobRun(this.stateMachine);
    // SnsPublish grants sns:Publish only; an encrypted topic also needs its key.
    props.topic.masterKey?.grant(this.stateMachine, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.acknowledgeStateMachineFindings(props.validatorFunction, tasks);

    this.triggerDeadLetterQueue = new sqs.Queue(this, 'TriggerDeadLetterQueue', {
      encryptionMasterKey: this.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    Validations.of(this.triggerDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the trigger rules (EventBridge target DLQ); its depth alarm is the last stop, a DLQ behind it would only defer that alarm',
    });
    this.triggers = new BatchTriggers(this, 'Triggers', {
      startBatch: this.functions.startBatch,
      rawBucket: props.lake.rawBucket,
      schedule: settings.schedule,
      readyMarker: this.contract.spec.layout.readyMarker,
      deadLetterQueue: this.triggerDeadLetterQueue,
    });
    this.allowRulesToUseKey(this.triggers.ruleArns);
    // EventBridge invokes StartBatch asynchronously: an invocation that fails Lambda's own
    // retries lands in the same queue as undeliverable events, so one alarm covers both.
    this.functions.startBatch.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.triggerDeadLetterQueue),
    });
    acknowledgeWildcards(this.functions.startBatch.role!, [
      ...['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map((action) => ({
        kind: 'Action' as const,
        value: action,
        reason:
          'queue.grantSendMessages for the on-failure destination: SQS encrypts the failed invocation record with the orchestration key; that key is the only resource',
      })),
    ]);
    this.functions.startBatch.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(this.functions.startBatch);
  }

  /**
   * Lets `grantee` start batch runs (e.g. a backfill tool); name them `batch-<date>` so a
   * date runs once.
   */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Batch runs that failed (Sum over 5 minutes by default). */
  public metricFailedExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  /** Batch runs that hit the state machine timeout (Sum over 5 minutes by default). */
  public metricTimedOutExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTimedOut(props);
  }

  /** Batch runs that succeeded (Sum over 5 minutes by default); the freshness alarm watches it. */
  public metricSucceededExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricSucceeded(props);
  }

  /**
   * EventBridge sends undeliverable trigger events to the dead-letter queue as itself, so the
   * queue's key must let events.amazonaws.com encrypt with it, for these rules only
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html#eb-dlq-perms).
   */
  private allowRulesToUseKey(ruleArns: readonly string[]): void {
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowTriggerRulesToEncryptDeadLetters',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
      }),
    );
  }

  /** The role's wildcards that Step Functions itself requires, each acknowledged on its own. */
  private acknowledgeStateMachineFindings(validator: lambda.IFunction, tasks: WarehouseTasks): void {
    const invoked = [
      this.functions.planBatch,
      validator,
      this.functions.validateCatalog,
      this.functions.checkCurated,
      tasks.load,
      tasks.qualityChecks,
      tasks.refreshMarts,
      this.functions.summarizeRun,
    ];
    acknowledgeWildcards(this.stateMachine.role, [
      {
        kind: 'Resource',
        value: '*',
        reason:
          'Log delivery (logs:*LogDelivery, DescribeLogGroups, resource policies) and X-Ray trace writes have no resource-level permissions; CDK grants exactly those actions',
      },
      ...[...new Set(invoked)].map((fn) => ({
        kind: 'Resource' as const,
        value: `${fn.functionArn}:*`,
        reason:
          'lambda:InvokeFunction on the versions and aliases of this one pipeline function (LambdaInvoke grant)',
      })),
    ]);
  }
}
