/**
 * The raw-file validator: streams one raw object through the data contract's checks and
 * writes accepted rows (curated silver/), rejected rows and the report (quarantine).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { deployedContract } from '../contract/deployed';
import { DATASET_DIMENSION, METRICS } from '../contract/metrics';
import { validateRawObject, ValidateRawObjectResult } from '../core/validation';
import { requiredEnv } from './environment';

/** Validates one raw object: `{bucket, key}` of the raw zone. */
export interface ValidateRawEvent {
  readonly bucket: string;
  readonly key: string;
}

const logger = new Logger();
const metrics = new Metrics();
const store = new S3ObjectStore();
const contract = deployedContract();
const buckets = {
  curatedBucket: requiredEnv('CURATED_BUCKET'),
  quarantineBucket: requiredEnv('QUARANTINE_BUCKET'),
};

/**
 * Returns the result for PASSED and FAILED files alike; the orchestration decides what a
 * FAILED file stops.
 */
export async function handler(event: ValidateRawEvent, context: Context): Promise<ValidateRawObjectResult> {
  logger.addContext(context);
  if (typeof event?.bucket !== 'string' || typeof event?.key !== 'string') {
    throw new TypeError('expected an event {bucket, key} naming one raw object');
  }
  logger.setCorrelationId(event.key);
  const result = await validateRawObject({
    contract,
    store,
    rawBucket: event.bucket,
    key: event.key,
    ...buckets,
  });
  const { report } = result;
  const names = METRICS.validateRaw;
  metrics.addDimension(DATASET_DIMENSION, report.dataset);
  // Rows of a FAILED file are not emitted, so they do not count as accepted.
  metrics.addMetric(
    names.rowsAccepted,
    MetricUnit.Count,
    report.status === 'PASSED' ? report.rows_accepted : 0,
  );
  metrics.addMetric(names.rowsRejected, MetricUnit.Count, report.rows_rejected);
  metrics.addMetric(names.filesFailed, MetricUnit.Count, report.status === 'FAILED' ? 1 : 0);
  metrics.publishStoredMetrics();
  logger.info('validated raw object', { report, outputs: result.outputs });
  return result;
}
