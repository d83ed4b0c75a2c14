import { defaultContract } from '../../../contract';
import { generateBatches } from '../../../local/sample-data';

const sales = defaultContract();

describe('sample data generator', () => {
  const batches = generateBatches({ days: 2, salesPerDay: 2000, seed: 7 });

  test('is deterministic for a seed and changes with the seed', () => {
    const again = generateBatches({ days: 2, salesPerDay: 2000, seed: 7 });
    expect(again.map((b) => b.files)).toEqual(batches.map((b) => b.files));
    expect(generateBatches({ days: 1, salesPerDay: 2000, seed: 8 })[0].files.sales).not.toEqual(
      batches[0].files.sales,
    );
  });

  test('dates consecutive batches from the start date', () => {
    expect(batches.map((b) => b.date)).toEqual(['2026-01-15', '2026-01-16']);
  });

  test('puts every reason code in the sales file and keeps every file under its reject threshold', () => {
    for (const batch of batches) {
      expect(Object.keys(batch.rejected.sales).sort()).toEqual([...sales.spec.reasonCodes].sort());
      for (const dataset of sales.datasetNames) {
        const rejected = Object.values(batch.rejected[dataset]).reduce((a, b) => a + (b ?? 0), 0);
        const rowsIn = rejected + batch.accepted[dataset].length;
        expect(rejected / rowsIn).toBeLessThan(sales.dataset(dataset).rejectThreshold);
      }
    }
  });

  test('includes orphan sales, SCD1 updates and sales re-sent from the previous batch', () => {
    const [first, second] = batches;
    const customerIds = new Set(first.accepted.customers.map((c) => c.customer_id));
    expect(first.accepted.sales.some((s) => !customerIds.has(s.customer_id))).toBe(true);
    const updated = second.accepted.customers.filter((c) => customerIds.has(c.customer_id));
    expect(updated.length).toBeGreaterThan(0);
    const firstSaleIds = new Set(first.accepted.sales.map((s) => s.sale_id));
    expect(second.accepted.sales.filter((s) => firstSaleIds.has(s.sale_id))).toHaveLength(3);
  });

  test('writes a header and CRLF-terminated lines, with one invalid UTF-8 byte per ENCODING reject', () => {
    const text = batches[0].files.sales.toString('latin1');
    expect(text.split('\r\n')[0]).toBe(
      sales
        .dataset('sales')
        .columns.map((c) => c.name)
        .join(','),
    );
    expect(batches[0].files.sales.filter((byte) => byte === 0xff).length).toBe(
      batches[0].rejected.sales.ENCODING,
    );
  });
});
