/**
 * The EventBridge events of a Glue job's failed runs: StarSchemaJob counts them
 * (metricFailedRuns) and PipelineMonitoring publishes them to its topic.
 */
import { aws_events as events } from 'aws-cdk-lib';

/**
 * Run states that end a run without success. Glue documents Glue Job State Change events for
 * SUCCEEDED, FAILED, TIMEOUT and STOPPED; ERROR is matched too, as the pipeline always has.
 */
export const FAILED_RUN_STATES = ['FAILED', 'TIMEOUT', 'ERROR'] as const;

/**
 * Glue Job State Change events of `jobName`'s runs that ended without success
 * (https://docs.aws.amazon.com/glue/latest/dg/automating-awsglue-with-cloudwatch-events.html).
 */
export function failedRunsPattern(jobName: string): events.EventPattern {
  return {
    source: ['aws.glue'],
    detailType: ['Glue Job State Change'],
    detail: { jobName: [jobName], state: [...FAILED_RUN_STATES] },
  };
}
