/**
 * Trigger of the batch pipeline: target of the daily schedule and of the raw zone's `_READY`
 * markers. Starts `batch-<date>`; a date that already has its execution is logged and left.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import { deployedContract } from '../contract/deployed';
import { METRICS } from '../contract/metrics';
import { requiredEnv } from './environment';
import { startBatch } from '../core/orchestration/start-batch';
import { startExecutionWith } from '../adapters/aws/step-functions';

const logger = new Logger();
const metrics = new Metrics();
const contract = deployedContract();
const startExecution = startExecutionWith(new SFNClient({}), requiredEnv('STATE_MACHINE_ARN'));

export async function handler(
  event: unknown,
  context: Context,
): Promise<{ batchDate: string; executionName: string; outcome: string }> {
  logger.addContext(context);
  const run = await startBatch(contract, event, startExecution);
  logger.setCorrelationId(run.batchDate);
  if (run.outcome === 'ALREADY_HANDLED') {
    logger.info('batch run already exists; nothing started', { ...run });
  } else {
    logger.info('batch run started', { ...run });
  }
  metrics.addDimension('trigger', run.trigger);
  metrics.addMetric(
    run.outcome === 'STARTED' ? METRICS.startBatch.runsStarted : METRICS.startBatch.triggersDeduplicated,
    MetricUnit.Count,
    1,
  );
  metrics.publishStoredMetrics();
  return { batchDate: run.batchDate, executionName: run.executionName, outcome: run.outcome };
}
