/**
 * Kinesis consumer (event source mapping with ReportBatchItemFailures): validates a batch of
 * the contract events the stream carries (EVENT_NAME, else the contract's only event), writes
 * accepted events to the raw zone and rejected ones to quarantine, and
 * reports as failed only the records whose object could not be written, so Kinesis retries
 * those and nothing is dropped. Invalid events are outcomes, not failures.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { deployedContract } from '../contract/deployed';
import { METRICS } from '../contract/metrics';
import { deliverBatch, EventValidator, planDelivery, StreamRecord, streamEventName } from '../core/streaming';
import { requiredEnv } from './environment';

const logger = new Logger();
const metrics = new Metrics();
const store = new S3ObjectStore();
const contract = deployedContract();
const validator = new EventValidator(contract, streamEventName(contract, process.env.EVENT_NAME));
const processor = new BatchProcessor(EventType.KinesisDataStreams);
const buckets = { rawBucket: requiredEnv('RAW_BUCKET'), quarantineBucket: requiredEnv('QUARANTINE_BUCKET') };

export async function handler(event: KinesisStreamEvent, context: Context) {
  logger.addContext(context);
  const plan = planDelivery(event.Records.map(streamRecord), validator);
  logger.setCorrelationId(plan.batchId);
  const delivery = deliverBatch(plan, store, buckets);
  try {
    const response = await processPartialResponse(
      event,
      (record: KinesisStreamRecord) => delivery.settle(record.kinesis.sequenceNumber),
      processor,
      { context },
    );
    recordOutcome(plan, response.batchItemFailures.length);
    return response;
  } catch (error) {
    // Every record failed (Powertools throws then): Kinesis retries the whole batch, then bisects it.
    recordOutcome(plan, event.Records.length);
    throw error;
  }
}

function recordOutcome(plan: ReturnType<typeof planDelivery>, failed: number): void {
  const rejected = Object.values(plan.rejectedByReason).reduce((sum, n) => sum + n, 0);
  const names = METRICS.streamConsumer;
  metrics.addMetric(names.eventsAccepted, MetricUnit.Count, plan.accepted);
  metrics.addMetric(names.eventsRejected, MetricUnit.Count, rejected);
  metrics.addMetric(names.eventsDuplicated, MetricUnit.Count, plan.duplicates);
  metrics.addMetric(names.eventsFailed, MetricUnit.Count, failed);
  metrics.publishStoredMetrics();
  const summary = {
    accepted: plan.accepted,
    rejectedByReason: plan.rejectedByReason,
    duplicates: plan.duplicates,
    failed,
    objects: plan.objects.map((object) => `${object.zone}:${object.key}`),
  };
  if (failed > 0) logger.warn('batch delivered in part; failed records will be retried', summary);
  else logger.info('batch delivered', summary);
}

function streamRecord(record: KinesisStreamRecord): StreamRecord {
  return {
    data: Buffer.from(record.kinesis.data, 'base64'),
    sequenceNumber: record.kinesis.sequenceNumber,
    // eventID is `<shard id>:<sequence number>`.
    shardId: record.eventID.split(':')[0],
    arrivedAtMs: record.kinesis.approximateArrivalTimestamp * 1000,
  };
}
