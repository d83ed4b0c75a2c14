import { defaultContract } from '../../../contract';
import { EventValidator, EventVerdict } from '../../../core/streaming';
import { validate as validateCsv, salesFile, salesRow } from '../../helpers/validation';
import { saleEvent } from '../../helpers/streaming';

const validator = new EventValidator(defaultContract(), 'sale_event');
const check = (event: unknown): EventVerdict => validator.validate(Buffer.from(JSON.stringify(event)));

describe('EventValidator', () => {
  test('accepts a valid event and normalizes it: lowercase event_id, values as contract text, defaults filled', () => {
    const verdict = check(
      saleEvent({
        event_id: '7D9F4A52-3C1E-4B8A-9F0D-2A6B5C4E3D21',
        quantity: ' 2 ',
        tax_amount: null,
        discount: undefined,
      }),
    );
    expect(verdict).toEqual({
      accepted: true,
      eventId: '7d9f4a52-3c1e-4b8a-9f0d-2a6b5c4e3d21',
      line: JSON.stringify({
        event_id: '7d9f4a52-3c1e-4b8a-9f0d-2a6b5c4e3d21',
        event_type: 'sale',
        occurred_at: '2024-03-01T09:30:00+01:00',
        sale_id: '1',
        sale_date: '2024-03-01',
        customer_id: '10',
        product_id: '20',
        location_id: '30',
        quantity: '2',
        unit_price: '10.00',
        discount: '0',
        tax_amount: '0',
      }),
    });
  });

  test('writes the sales fields in contract order and drops fields the contract does not know', () => {
    const verdict = check({ note: 'ignored', ...saleEvent() });
    expect(verdict.accepted && Object.keys(JSON.parse(verdict.line))).toEqual([
      'event_id',
      'event_type',
      'occurred_at',
      ...defaultContract()
        .dataset('sales')
        .columns.map((column) => column.name),
    ]);
  });

  test('accepts a UTC timestamp written with Z and fractional seconds', () => {
    expect(check(saleEvent({ occurred_at: '2024-03-01T23:59:59.123456Z' })).accepted).toBe(true);
  });

  test.each([
    ['bytes that are not JSON', 'MALFORMED_ROW', Buffer.from('{"sale_id": 1,'), /^not valid JSON: /],
    ['an empty record', 'MALFORMED_ROW', Buffer.alloc(0), /^not valid JSON: /],
    ['a JSON array', 'MALFORMED_ROW', Buffer.from('[1, 2]'), /^expected a JSON object, got array$/],
    ['a JSON string', 'MALFORMED_ROW', Buffer.from('"sale"'), /^expected a JSON object, got string$/],
    ['JSON null', 'MALFORMED_ROW', Buffer.from('null'), /^expected a JSON object, got null$/],
    [
      'JSON that is not UTF-8',
      'ENCODING',
      Buffer.concat([
        Buffer.from(JSON.stringify(saleEvent()).slice(0, -1) + ',"x":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
      /^the event is not valid UTF-8$/,
    ],
  ])('rejects %s as %s', (_, reason, data, message) => {
    const verdict = validator.validate(data);
    expect(verdict).toMatchObject({ accepted: false, reason });
    expect(!verdict.accepted && verdict.message).toMatch(message);
  });

  test.each([
    ['a missing event_id', { event_id: undefined }, 'MISSING_VALUE', 'event_id is required but empty'],
    ['a blank event_id', { event_id: '  ' }, 'MISSING_VALUE', 'event_id is required but empty'],
    [
      'an event_id that is not a UUID',
      { event_id: 'order-17' },
      'INVALID_TYPE',
      'event_id "order-17" is not a UUID (8-4-4-4-12 hex digits)',
    ],
    ['a numeric event_id', { event_id: 17 }, 'INVALID_TYPE', 'event_id must be a JSON string (got number)'],
    ['a missing event_type', { event_type: null }, 'MISSING_VALUE', 'event_type is required but empty'],
    ['another event_type', { event_type: 'refund' }, 'INVALID_TYPE', 'event_type "refund" is not "sale"'],
    [
      'a missing occurred_at',
      { occurred_at: undefined },
      'MISSING_VALUE',
      'occurred_at is required but empty',
    ],
    [
      'an occurred_at without offset',
      { occurred_at: '2024-03-01T09:30:00' },
      'INVALID_TYPE',
      'occurred_at "2024-03-01T09:30:00" is not an ISO-8601 timestamp with offset (YYYY-MM-DDThh:mm:ss[.f]Z or +hh:mm)',
    ],
    [
      'an occurred_at on a day that does not exist',
      { occurred_at: '2023-02-29T10:00:00Z' },
      'INVALID_TYPE',
      'occurred_at "2023-02-29T10:00:00Z" is not a real calendar date and time',
    ],
    [
      'an occurred_at at hour 24',
      { occurred_at: '2024-03-01T24:00:00+01:00' },
      'INVALID_TYPE',
      'occurred_at "2024-03-01T24:00:00+01:00" is not a real calendar date and time',
    ],
    ['a missing sale_id', { sale_id: undefined }, 'MISSING_VALUE', 'sale_id is required but empty'],
    [
      'a sale_id that is not an int',
      { sale_id: 'S-1' },
      'INVALID_TYPE',
      'sale_id "S-1" is not an int (digits only)',
    ],
    [
      'a boolean unit_price',
      { unit_price: true },
      'INVALID_TYPE',
      'unit_price "true" is not a dec (digits, optional minus, at most 2 decimals)',
    ],
    [
      'a sale_date that is not a real date',
      { sale_date: '2024-02-30' },
      'INVALID_TYPE',
      'sale_date "2024-02-30" is not a real calendar date',
    ],
    ['a zero quantity', { quantity: 0 }, 'OUT_OF_RANGE', 'quantity "0" is below the minimum 1'],
    [
      'a unit_price with three decimals',
      { unit_price: 1.234 },
      'INVALID_TYPE',
      'unit_price "1.234" is not a dec (digits, optional minus, at most 2 decimals)',
    ],
    [
      'a sale_id beyond 2^53 sent as a JSON number',
      { sale_id: 2 ** 60 },
      'OUT_OF_RANGE',
      'sale_id 1152921504606847000 is a JSON number beyond 2^53, where digits are lost: send it as a string',
    ],
    [
      'a discount larger than the gross amount',
      { quantity: 1, unit_price: '5.00', discount: '5.01' },
      'RULE_VIOLATION',
      'discount_within_gross: discount must not exceed quantity x unit_price (discount=5.01, quantity=1, unit_price=5.00)',
    ],
  ])('rejects %s', (_, overrides, reason, message) => {
    expect(check(saleEvent(overrides))).toEqual({ accepted: false, reason, message });
  });

  test('accepts a sale_id beyond 2^53 sent as a string, as the CSV path does', () => {
    const verdict = check(saleEvent({ sale_id: '9007199254740993' }));
    expect(verdict.accepted && JSON.parse(verdict.line).sale_id).toBe('9007199254740993');
  });

  test('gives the reason listed first in the contract when an event breaks several rules', () => {
    // INVALID_TYPE (event_type) against MISSING_VALUE (customer_id): MISSING_VALUE comes first.
    expect(check(saleEvent({ event_type: 'refund', customer_id: undefined }))).toMatchObject({
      reason: 'MISSING_VALUE',
    });
    // INVALID_TYPE (occurred_at) against RULE_VIOLATION (discount): INVALID_TYPE comes first.
    expect(check(saleEvent({ occurred_at: 'yesterday', discount: '999' }))).toMatchObject({
      reason: 'INVALID_TYPE',
    });
  });

  test('never reports DUPLICATE_KEY: a repeated sale_id is deduplicated downstream, not rejected', () => {
    expect(check(saleEvent()).accepted).toBe(true);
    expect(check(saleEvent({ event_id: '11111111-2222-4333-8444-555555555555' })).accepted).toBe(true);
  });

  test('gives the same verdict and message as the batch validator gives the same values in a CSV row', () => {
    const values = {
      sale_id: '12',
      quantity: '3',
      unit_price: '2.00',
      discount: '6.50',
      sale_date: '2024-13-01',
    };
    const [csvRejection] = validateCsv('sales', salesFile(salesRow(values))).rejected;
    expect(check(saleEvent(values))).toEqual({
      accepted: false,
      reason: csvRejection.reason,
      message: csvRejection.message,
    });
  });

  test('quotes values holding commas or quotes so they stay one field', () => {
    expect(check(saleEvent({ sale_id: '1,2' }))).toEqual({
      accepted: false,
      reason: 'INVALID_TYPE',
      message: 'sale_id "1,2" is not an int (digits only)',
    });
    expect(check(saleEvent({ sale_id: '"1"' }))).toMatchObject({ reason: 'INVALID_TYPE' });
    expect(check(saleEvent()).accepted).toBe(true); // the validator's state is clean afterwards
  });
});
