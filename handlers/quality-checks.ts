/**
 * Step Functions task: the warehouse quality gate for one batch. Input `{ batchDate }`;
 * output `{ batchDate, passed, checks: [{ name, failedRows }] }`, or QualityCheckFailedError
 * (catchable by name) when any check fails.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { deployedContract } from '../contract';
import { METRICS } from '../contract/metrics';
import { QualityCheckFailedError, QualityReport } from '../core/warehouse/quality-checks';
import { qualityChecksTask } from '../core/warehouse/tasks';
import { requiredEnv } from './environment';
import { dataApiExecutorFromEnvironment } from './warehouse-environment';

const logger = new Logger();
const metrics = new Metrics();
const executor = dataApiExecutorFromEnvironment();
const store = new S3ObjectStore();
const contract = deployedContract();
const curatedBucket = requiredEnv('CURATED_BUCKET');

export async function handler(
  event: { readonly batchDate: string },
  context: Context,
): Promise<QualityReport & { batchDate: string }> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  try {
    const report = await qualityChecksTask(executor, store, contract, curatedBucket, event);
    metrics.addMetric(METRICS.qualityChecks.checksFailed, MetricUnit.Count, 0);
    logger.info('warehouse quality checks passed', { checks: report.checks });
    return report;
  } catch (error) {
    if (error instanceof QualityCheckFailedError) {
      metrics.addMetric(METRICS.qualityChecks.checksFailed, MetricUnit.Count, error.failedChecks.length);
      logger.error('warehouse quality checks failed', { failed: error.failedChecks });
    }
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
