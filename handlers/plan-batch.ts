/**
 * PlanBatch task: input `{batchDate}`, output the batch's raw objects and datasets
 * (see planBatch). Listing goes through the ObjectStore port, S3 here.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { deployedContract } from '../contract/deployed';
import { METRICS } from '../contract/metrics';
import { BatchPlan, planBatch } from '../core/orchestration/plan-batch';
import { requiredEnv } from './environment';

const logger = new Logger();
const metrics = new Metrics();
const store = new S3ObjectStore();
const contract = deployedContract();
const rawBucket = requiredEnv('RAW_BUCKET');

export async function handler(event: { readonly batchDate?: unknown }, context: Context): Promise<BatchPlan> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  const plan = await planBatch(contract, event?.batchDate, store, rawBucket);
  logger.info('batch planned', { files: plan.rawObjects.length, datasets: plan.datasets });
  metrics.addMetric(METRICS.planBatch.filesPlanned, MetricUnit.Count, plan.rawObjects.length);
  metrics.publishStoredMetrics();
  return plan;
}
