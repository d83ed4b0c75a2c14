import { batchRecords, OutgoingRecord, RECORD_MAX_BYTES } from '../../../core/streaming/record-batches';
import { partitionKeyOf } from '../../../core/streaming/ndjson-records';

async function collect(records: OutgoingRecord[], maxRecords?: number, maxBytes?: number) {
  const out = [];
  for await (const item of batchRecords(records, maxRecords, maxBytes)) out.push(item);
  return out;
}

const record = (bytes: number, key = 'k'): OutgoingRecord => ({
  data: Buffer.alloc(bytes, 97),
  partitionKey: key,
});

describe('batchRecords', () => {
  test('splits at 500 records and keeps order', async () => {
    const records = Array.from({ length: 1201 }, (_, i) => record(10, String(i)));
    const batches = (await collect(records)).map((item) => ('batch' in item ? item.batch : []));
    expect(batches.map((b) => b.length)).toEqual([500, 500, 201]);
    expect(batches.flat().map((r) => r.partitionKey)).toEqual(records.map((r) => r.partitionKey));
  });

  test('splits before a batch would exceed the byte limit, counting partition keys', async () => {
    const batches = await collect([record(60, 'abcd'), record(33, 'abcd'), record(50, 'abcd')], 500, 100);
    expect(batches.map((item) => ('batch' in item ? item.batch.length : -1))).toEqual([1, 2]);
  });

  test('returns a record over 1 MiB as oversized instead of dropping it', async () => {
    const items = await collect([record(5), record(RECORD_MAX_BYTES), record(5)]);
    expect(items.filter((item) => 'oversized' in item)).toHaveLength(1);
    expect(
      items.filter((item) => 'batch' in item).flatMap((item) => ('batch' in item ? item.batch : [])),
    ).toHaveLength(2);
  });
});

describe('partitionKeyOf', () => {
  test('uses the key field of a JSON event', () => {
    expect(partitionKeyOf('{"event_id":"3f1c","event_type":"sale"}', 'event_id')).toBe('3f1c');
    expect(partitionKeyOf('{"order_event":"9a","event_id":"3f1c"}', 'order_event')).toBe('9a');
  });

  test.each(['not json', '{"event_type":"sale"}', '[1,2]', 'null', '{"event_id":42}'])(
    'hashes a line without a usable key field: %s',
    (line) => {
      expect(partitionKeyOf(line, 'event_id')).toMatch(/^[0-9a-f]{64}$/);
      expect(partitionKeyOf(line, 'event_id')).toBe(partitionKeyOf(line, 'event_id'));
    },
  );
});
