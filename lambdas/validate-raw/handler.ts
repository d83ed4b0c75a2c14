import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3ObjectStore } from '../shared/object-store';
import { validateRawObject, ValidateRawObjectResult } from '../shared/validation';

/** Validates one raw object: `{bucket, key}` of the raw zone. */
export interface ValidateRawEvent {
  readonly bucket: string;
  readonly key: string;
}

// Service name and metrics namespace come from POWERTOOLS_* variables set by RawFileValidator.
const logger = new Logger();
const metrics = new Metrics();
const store = new S3ObjectStore();

/**
 * Streams the object through the validator and writes accepted rows (curated silver/),
 * rejected rows and the report (quarantine). Returns the result for PASSED and FAILED files
 * alike; the orchestration decides what a FAILED file stops.
 */
export async function handler(event: ValidateRawEvent): Promise<ValidateRawObjectResult> {
  if (typeof event?.bucket !== 'string' || typeof event?.key !== 'string') {
    throw new TypeError('expected an event {bucket, key} naming one raw object');
  }
  logger.setCorrelationId(event.key);
  const result = await validateRawObject({
    store,
    rawBucket: event.bucket,
    key: event.key,
    curatedBucket: requiredEnv('CURATED_BUCKET'),
    quarantineBucket: requiredEnv('QUARANTINE_BUCKET'),
  });
  const { report } = result;
  // Rows of a FAILED file are not emitted, so they do not count as accepted.
  metrics.addDimension('dataset', report.dataset);
  metrics.addMetric('RowsAccepted', MetricUnit.Count, report.status === 'PASSED' ? report.rows_accepted : 0);
  metrics.addMetric('RowsRejected', MetricUnit.Count, report.rows_rejected);
  metrics.addMetric('FilesFailed', MetricUnit.Count, report.status === 'FAILED' ? 1 : 0);
  metrics.publishStoredMetrics();
  logger.info('validated raw object', { report, outputs: result.outputs });
  return result;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`environment variable ${name} is not set (the RawFileValidator construct sets it)`);
  return value;
}
