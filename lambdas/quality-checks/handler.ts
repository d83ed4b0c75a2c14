/**
 * Step Functions task: the warehouse quality gate for one batch. Input `{ batchDate }`;
 * output `{ batchDate, passed, checks: [{ name, failedRows }] }`, or QualityCheckFailedError
 * (catchable by name) when any check fails.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { dataApiExecutorFromEnvironment, requiredEnv } from '../shared/warehouse/environment';
import { QualityCheckFailedError, QualityReport } from '../shared/warehouse/quality-checks';
import { qualityChecksTask } from '../shared/warehouse/tasks';

const logger = new Logger({ serviceName: 'quality-checks' });
const metrics = new Metrics({ namespace: 'DataPlatform', serviceName: 'quality-checks' });
const executor = dataApiExecutorFromEnvironment();
const s3 = new S3Client({});
const curatedBucket = requiredEnv('CURATED_BUCKET');

async function readCuratedObject(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: curatedBucket, Key: key }));
  return object.Body!.transformToString();
}

export async function handler(event: {
  readonly batchDate: string;
}): Promise<QualityReport & { batchDate: string }> {
  logger.setCorrelationId(String(event?.batchDate));
  try {
    const report = await qualityChecksTask(executor, readCuratedObject, event);
    metrics.addMetric('WarehouseQualityChecksFailed', MetricUnit.Count, 0);
    logger.info('warehouse quality checks passed', { checks: report.checks });
    return report;
  } catch (error) {
    if (error instanceof QualityCheckFailedError) {
      metrics.addMetric('WarehouseQualityChecksFailed', MetricUnit.Count, error.failedChecks.length);
      logger.error('warehouse quality checks failed', { failed: error.failedChecks });
    }
    throw error;
  } finally {
    metrics.publishStoredMetrics();
  }
}
