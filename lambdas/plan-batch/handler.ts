/**
 * PlanBatch task: input `{batchDate}`, output the batch's raw objects and datasets
 * (see planBatch). Listing goes through the shared ObjectStore, S3 here.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3ObjectStore } from '../shared/object-store';
import { requiredEnv } from '../shared/orchestration/environment';
import { BatchPlan, planBatch } from '../shared/orchestration/plan-batch';

const logger = new Logger();
const metrics = new Metrics();
const store = new S3ObjectStore();
const rawBucket = requiredEnv('RAW_BUCKET');

export async function handler(event: { readonly batchDate?: unknown }): Promise<BatchPlan> {
  logger.setCorrelationId(String(event?.batchDate));
  const plan = await planBatch(event?.batchDate, rawBucket, (bucket, prefix) => store.list(bucket, prefix));
  logger.info('batch planned', { files: plan.rawObjects.length, datasets: plan.datasets });
  metrics.addMetric('BatchFilesPlanned', MetricUnit.Count, plan.rawObjects.length);
  metrics.publishStoredMetrics();
  return plan;
}
