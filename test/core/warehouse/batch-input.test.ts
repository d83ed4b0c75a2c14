import fc from 'fast-check';
import { defaultContract } from '../../../contract';
import { parseBatchDate, parseStarTables } from '../../../core/warehouse/batch-input';

const sales = defaultContract();

describe('parseBatchDate', () => {
  test('accepts exactly the real calendar dates written YYYY-MM-DD', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          const text = date.toISOString().slice(0, 10);
          expect(parseBatchDate(text)).toBe(text);
        },
      ),
    );
    for (const bad of [
      '2024-02-30',
      '2024-13-01',
      '24-01-01',
      '2024-01-01T00:00:00Z',
      "2024-01-01'",
      20240101,
      null,
    ]) {
      expect(() => parseBatchDate(bad)).toThrow(/batchDate must be a calendar date YYYY-MM-DD/);
    }
  });

  test('rejects arbitrary input without throwing anything but its own error', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parseBatchDate(value);
        } catch (error) {
          expect((error as Error).name).toBe('InvalidWarehouseInputError');
        }
      }),
    );
  });
});

describe('parseStarTables', () => {
  test('returns the named tables in contract load order', () => {
    expect(parseStarTables(sales, { tables: ['sales_fact', 'date_dim', 'customer_dim'] })).toEqual([
      'customer_dim',
      'date_dim',
      'sales_fact',
    ]);
    expect(parseStarTables(sales, { table: 'product_dim' })).toEqual(['product_dim']);
  });

  test('fails on a table outside the contract or on no table at all', () => {
    expect(() => parseStarTables(sales, { table: 'users; drop table x' })).toThrow(
      /unknown star table "users; drop table x"/,
    );
    expect(() => parseStarTables(sales, { tables: [] })).toThrow(
      /give "table" or a non-empty "tables" array/,
    );
    expect(() => parseStarTables(sales, {})).toThrow(/give "table" or a non-empty "tables" array/);
  });
});
