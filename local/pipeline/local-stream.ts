import { readFile } from 'node:fs/promises';
import { LocalFolderObjectStore } from '../../adapters/local/folder-object-store';
import { Contract } from '../../contract';
import { deliverBatch, EventValidator, planDelivery, StreamRecord } from '../../core/streaming';
import { LOCAL_BUCKETS } from './local-state';

/** Records per consumer invocation, as the event source mapping's batch size. */
const BATCH_SIZE = 500;

/**
 * Stand-in for Kinesis and its event source mapping: the lines of an NDJSON file of one
 * contract event arrive as records on one shard during the batch's day, and the consumer's own
 * core validates them and writes accepted events to the raw zone and rejected ones to quarantine.
 */
export async function streamEventsLocally(
  contract: Contract,
  store: LocalFolderObjectStore,
  events: { readonly event: string; readonly file: string },
  batchDate: string,
): Promise<void> {
  const lines = (await readFile(events.file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
  const arrivedAtMs = Date.parse(`${batchDate}T12:00:00Z`);
  const records: StreamRecord[] = lines.map((line, i) => ({
    data: Buffer.from(line),
    shardId: 'shardId-000000000000',
    sequenceNumber: `${batchDate.replace(/-/g, '')}${String(i).padStart(12, '0')}`,
    arrivedAtMs,
  }));
  const validator = new EventValidator(contract, events.event);
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const batch = records.slice(start, start + BATCH_SIZE);
    const delivery = deliverBatch(planDelivery(batch, validator), store, {
      rawBucket: LOCAL_BUCKETS.raw,
      quarantineBucket: LOCAL_BUCKETS.quarantine,
    });
    for (const record of batch) await delivery.settle(record.sequenceNumber);
  }
}
