import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { defaultContract } from '../../../contract';
import { EventValidator, planDelivery, StreamRecord } from '../../../core/streaming';
import { saleEvent, eventId } from '../../helpers/streaming';
import { validate as validateCsv, salesFile } from '../../helpers/validation';

const contract = defaultContract();
const validator = new EventValidator(contract, 'sale_event');
const linesOf = (body: Buffer, zone: 'raw' | 'quarantine') =>
  (zone === 'raw' ? gunzipSync(body) : body).toString().trimEnd().split('\n');
const SALES_COLUMNS = contract.dataset('sales').columns.map((column) => column.name);
const REASONS = new Set(contract.spec.reasonCodes);

/** Values a producer might send for one field: plausible, borderline and plainly wrong. */
const fieldValue = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '10.00',
    '0',
    '-1',
    '2024-03-01',
    '2024-02-30',
    '',
    ' 7 ',
    '1e3',
    '99999999999999999999',
  ),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom(null, true, undefined),
  fc.jsonValue({ maxDepth: 1 }),
);

/** A sale event with some fields replaced or removed. */
const mutatedEvent = fc
  .dictionary(fc.constantFrom('event_id', 'event_type', 'occurred_at', ...SALES_COLUMNS), fieldValue, {
    maxKeys: 4,
  })
  .map((overrides) => saleEvent(overrides));

/** Bytes a broken producer might send: random, truncated or corrupted JSON. */
const eventBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? '')),
  mutatedEvent.map((event) => Buffer.from(JSON.stringify(event))),
  fc.tuple(mutatedEvent, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([event, at, byte]) => {
    const bytes = Buffer.from(JSON.stringify(event));
    bytes[at % bytes.length] = byte;
    return bytes;
  }),
);

describe('EventValidator (property)', () => {
  test('never throws, and every event is either accepted (a JSON line) or rejected with a contract reason', () => {
    fc.assert(
      fc.property(eventBytes, (data) => {
        const verdict = validator.validate(data);
        if (verdict.accepted) {
          expect(Object.keys(JSON.parse(verdict.line))).toEqual([
            'event_id',
            'event_type',
            'occurred_at',
            ...SALES_COLUMNS,
          ]);
        } else {
          expect(REASONS.has(verdict.reason)).toBe(true);
          expect(verdict.reason).not.toBe('DUPLICATE_KEY');
          expect(verdict.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('decides the sales fields exactly as the batch validator decides the same CSV row', () => {
    const csvSafe = fc.oneof(
      fc.constantFrom('1', '10.00', '0', '-1', '2024-03-01', '2024-02-30', '', ' 7 ', '1.005', '1000001'),
      fc.stringMatching(/^[0-9 .-]{0,8}$/),
    );
    const row = fc.record(
      Object.fromEntries(SALES_COLUMNS.map((name) => [name, csvSafe])) as Record<
        string,
        fc.Arbitrary<string>
      >,
    );
    fc.assert(
      fc.property(row, (values) => {
        const event = validator.validate(Buffer.from(JSON.stringify(saleEvent(values))));
        const csvLine = SALES_COLUMNS.map((name) => values[name]).join(',');
        const csv = validateCsv('sales', salesFile(csvLine));
        if (csv.report.rows_accepted === 1) {
          const accepted = csv.accepted.split('\n')[1].split(',');
          expect(event.accepted && SALES_COLUMNS.map((name) => JSON.parse(event.line)[name])).toEqual(
            accepted,
          );
        } else {
          const [rejection] = csv.rejected;
          expect(event).toEqual({ accepted: false, reason: rejection.reason, message: rejection.message });
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('conserves records in a batch plan: every record settles with exactly one object, and each line is one accepted or rejected record', () => {
    const record = fc.tuple(
      fc.oneof(
        eventBytes,
        fc
          .integer({ min: 0, max: 5 })
          .map((n) => Buffer.from(JSON.stringify(saleEvent({ event_id: eventId(n) })))),
      ),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (items) => {
        const records: StreamRecord[] = items.map(([data, day], i) => ({
          data,
          sequenceNumber: String(1000 + i),
          shardId: 'shardId-000000000001',
          arrivedAtMs: Date.UTC(2024, 2, 1 + day, 23, 59),
        }));
        const plan = planDelivery(records, validator);
        const rejected = Object.values(plan.rejectedByReason).reduce((sum, n) => sum + n, 0);
        expect(plan.accepted + rejected + plan.duplicates).toBe(records.length);
        const planned = plan.objects.flatMap((object) => object.sequenceNumbers);
        expect(new Set(planned).size).toBe(planned.length);
        expect(planned.sort()).toEqual(records.map((r) => r.sequenceNumber).sort());
        const lines = plan.objects.reduce((sum, object) => sum + linesOf(object.body, object.zone).length, 0);
        expect(lines).toBe(plan.accepted + rejected);
      }),
      { numRuns: 300 },
    );
  });
});
