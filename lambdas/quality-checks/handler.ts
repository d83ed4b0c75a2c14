/**
 * Step Functions task: the warehouse quality gate for one batch. Input `{ batchDate }`;
 * output `{ batchDate, passed, checks: [{ name, failedRows }] }`, or QualityCheckFailedError
 * (catchable by name) when any check fails.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { layoutPath } from '../../lib/contracts';
import { parseBatchDate } from '../shared/warehouse/batch-input';
import { dataApiExecutorFromEnvironment, requiredEnv } from '../shared/warehouse/environment';
import { parseManifest } from '../shared/warehouse/manifest';
import { assertQualityPassed, QualityReport, runQualityChecks } from '../shared/warehouse/quality-checks';

const logger = new Logger({ serviceName: 'quality-checks' });
const metrics = new Metrics({ namespace: 'DataPlatform', serviceName: 'quality-checks' });
const executor = dataApiExecutorFromEnvironment();
const s3 = new S3Client({});
const curatedBucket = requiredEnv('CURATED_BUCKET');

export interface QualityChecksEvent {
  readonly batchDate: string;
}

export async function handler(event: QualityChecksEvent): Promise<QualityReport & { batchDate: string }> {
  const batchDate = parseBatchDate(event?.batchDate);
  logger.setCorrelationId(batchDate);
  try {
    const manifestKey = layoutPath('manifest', { date: batchDate });
    const object = await s3.send(new GetObjectCommand({ Bucket: curatedBucket, Key: manifestKey }));
    const manifest = parseManifest(await object.Body!.transformToString(), batchDate);
    const report = await runQualityChecks(executor, manifest);
    const failed = report.checks.filter((check) => check.failedRows > 0);
    metrics.addMetric('WarehouseQualityChecksFailed', MetricUnit.Count, failed.length);
    logger.info('warehouse quality checks ran', { passed: report.passed, failed });
    assertQualityPassed(batchDate, report);
    return { batchDate, ...report };
  } finally {
    metrics.publishStoredMetrics();
  }
}
