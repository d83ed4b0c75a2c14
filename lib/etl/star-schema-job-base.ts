/**
 * The star-schema job as its consumers see it: its name and ARN, the grant to run it and the
 * metrics operators alarm on. StarSchemaJob creates one; StarSchemaJob.fromJobAttributes
 * imports an existing one; both share StarSchemaJobBase.
 */
import {
  Duration,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_events as events,
  aws_iam as iam,
} from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { FAILED_RUN_STATES, failedRunsPattern } from './job-events';

/**
 * Starting a run and watching it to its end, as a Step Functions `.sync` Glue task does
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html).
 */
export const JOB_RUN_ACTIONS = [
  'glue:StartJobRun',
  'glue:GetJobRun',
  'glue:GetJobRuns',
  'glue:BatchStopJobRun',
] as const;

/** The Glue job that builds the gold star schema of a batch date (`--batch_date YYYY-MM-DD`). */
export interface IStarSchemaJob extends IConstruct {
  readonly jobName: string;
  readonly jobArn: string;
  /**
   * How long a run may take before Glue stops it; a caller that waits for a run waits this
   * long plus a margin. Undefined when an imported job does not say.
   */
  readonly timeout?: Duration;

  /** Start runs of the job, watch them and stop them (e.g. the orchestration's state machine). */
  grantStartJobRun(grantee: iam.IGrantable): iam.Grant;
  /** Runs that ended FAILED, TIMEOUT or ERROR (Sum over 5 minutes by default). */
  metricFailedRuns(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Failed Spark tasks per run, from Glue's job metrics (a rising count precedes failed runs). */
  metricFailedTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** How long runs take, in milliseconds (Glue's `glue.driver.aggregate.elapsedTime`). */
  metricElapsedTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** An existing star-schema job, for StarSchemaJob.fromJobAttributes. */
export interface StarSchemaJobAttributes {
  /** The Glue job's name (StarSchemaJob.jobName). */
  readonly jobName: string;
  /**
   * The job's own run timeout.
   * @default - unknown: callers that wait for a run use their own default
   */
  readonly timeout?: Duration;
}

/** What a created and an imported job share: the ARN, the grant and the metrics. */
export abstract class StarSchemaJobBase extends Construct implements IStarSchemaJob {
  public abstract readonly jobName: string;
  public abstract readonly timeout?: Duration;
  private failedRunsRule?: events.Rule;

  public get jobArn(): string {
    return Stack.of(this).formatArn({ service: 'glue', resource: 'job', resourceName: this.jobName });
  }

  public grantStartJobRun(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: [...JOB_RUN_ACTIONS], resourceArns: [this.jobArn] });
  }

  /**
   * Glue publishes no run-outcome metric, so this counts the matches of an EventBridge rule on
   * the job's failed runs (AWS/Events TriggeredRules by RuleName,
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html), created on
   * first use, as aws-cdk's Glue Job.metricFailure does.
   */
  public metricFailedRuns(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.failedRunsRule ??= new events.Rule(this, 'FailedRunsRule', {
      description: `Runs of ${this.node.path} that ended ${FAILED_RUN_STATES.join(', ')} (for metricFailedRuns)`,
      eventPattern: failedRunsPattern(this.jobName),
    });
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName: 'TriggeredRules',
      dimensionsMap: { RuleName: this.failedRunsRule.ruleName },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    }).attachTo(this.failedRunsRule);
  }

  public metricFailedTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.jobMetric('glue.driver.aggregate.numFailedTasks', cloudwatch.Stats.SUM, props);
  }

  public metricElapsedTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.jobMetric('glue.driver.aggregate.elapsedTime', cloudwatch.Stats.MAXIMUM, props);
  }

  /**
   * A job metric over all runs: dimensions JobName, JobRunId ALL and Type count
   * (https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html).
   */
  private jobMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions) {
    return new cloudwatch.Metric({
      namespace: 'Glue',
      metricName,
      dimensionsMap: { JobName: this.jobName, JobRunId: 'ALL', Type: 'count' },
      statistic,
      ...props,
    });
  }
}
