/**
 * `npm run bench:stream`: 100,000 sale events (deterministic; about 1 in 25 invalid and 1 in 50
 * a redelivery) through the stream consumer's core, in batches of the construct's default
 * size: each event is validated, serialized as NDJSON, and each batch gzipped or written as
 * quarantine NDJSON, exactly as the Lambda plans its objects (S3 writes excluded). A
 * benchmark, not a test: it prints figures and asserts nothing. BENCH_EVENTS sets the count.
 */
import { defaultContract } from '../contract';
import { EventValidator, planDelivery, StreamRecord } from '../core/streaming';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH_SIZE = 500; // StreamingIngestion's default batchSize
const INVALID = ['{"event_id": truncated', '{"event_type":"sale"}', '[1,2,3]'];

function eventBytes(n: number): Buffer {
  if (n % 25 === 7) return Buffer.from(INVALID[n % INVALID.length]);
  const id = n % 50 === 11 ? n - 1 : n; // a redelivery of the previous event
  const quantity = 1 + (id % 9);
  const event = {
    event_id: `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
    event_type: 'sale',
    occurred_at: `2024-03-01T${String(id % 24).padStart(2, '0')}:15:00+01:00`,
    sale_id: id + 1,
    sale_date: '2024-03-01',
    customer_id: 1 + (id % 5000),
    product_id: 1 + (id % 300),
    location_id: 1 + (id % 40),
    quantity,
    unit_price: `${1 + (id % 200)}.99`,
    discount: id % 3 === 0 ? '1.00' : '0',
    tax_amount: '0.50',
  };
  return Buffer.from(JSON.stringify(event));
}

function main(): void {
  const records: StreamRecord[] = Array.from({ length: EVENTS }, (_, n) => ({
    data: eventBytes(n),
    sequenceNumber: String(49_590_000_000_000 + n),
    shardId: 'shardId-000000000000',
    arrivedAtMs: Date.UTC(2024, 2, 1, 10) + n,
  }));
  const inputBytes = records.reduce((sum, record) => sum + record.data.length, 0);
  const validator = new EventValidator(defaultContract(), 'sale_event');

  const started = process.hrtime.bigint();
  let accepted = 0;
  let rejected = 0;
  let duplicates = 0;
  let outputBytes = 0;
  for (let at = 0; at < records.length; at += BATCH_SIZE) {
    const plan = planDelivery(records.slice(at, at + BATCH_SIZE), validator);
    accepted += plan.accepted;
    duplicates += plan.duplicates;
    rejected += Object.values(plan.rejectedByReason).reduce((sum, n) => sum + n, 0);
    outputBytes += plan.objects.reduce((sum, object) => sum + object.body.length, 0);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  console.log(
    `input: ${EVENTS} events, ${(inputBytes / 1024 / 1024).toFixed(1)} MB, batches of ${BATCH_SIZE}`,
  );
  console.log(
    `outcome: ${accepted} accepted, ${rejected} rejected, ${duplicates} repeats of an event_id in the batch`,
  );
  console.log(
    `output: ${(outputBytes / 1024 / 1024).toFixed(1)} MB (raw gzipped NDJSON + quarantine NDJSON)`,
  );
  console.log(
    `validation + serialization + gzip: ${Math.round(EVENTS / seconds).toLocaleString('en-US')} events/s (${seconds.toFixed(2)} s)`,
  );
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main();
