/**
 * Trigger of the batch pipeline: target of the daily schedule and of the raw zone's `_READY`
 * markers. Starts `batch-<date>`; a date that already has its execution is logged and left.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import { requiredEnv } from '../shared/orchestration/environment';
import { startBatch } from '../shared/orchestration/start-batch';
import { startExecutionWith } from './step-functions-client';

// Service name and namespace come from POWERTOOLS_* variables set by PipelineFunctions.
const logger = new Logger();
const metrics = new Metrics();
const startExecution = startExecutionWith(new SFNClient({}), requiredEnv('STATE_MACHINE_ARN'));

export async function handler(
  event: unknown,
): Promise<{ batchDate: string; executionName: string; outcome: string }> {
  const run = await startBatch(event, startExecution);
  logger.setCorrelationId(run.batchDate);
  if (run.outcome === 'ALREADY_HANDLED') {
    logger.info('batch run already exists; nothing started', { ...run });
  } else {
    logger.info('batch run started', { ...run });
  }
  metrics.addDimension('trigger', run.trigger);
  metrics.addMetric(
    run.outcome === 'STARTED' ? 'BatchRunsStarted' : 'BatchTriggersDeduplicated',
    MetricUnit.Count,
    1,
  );
  metrics.publishStoredMetrics();
  return { batchDate: run.batchDate, executionName: run.executionName, outcome: run.outcome };
}
