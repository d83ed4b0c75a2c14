import fc from 'fast-check';
import { arbitraryDatasetContract } from '../../helpers/arbitrary-datasets';
import { validate } from '../../helpers/validation';

/** A field a producer might send: plausible, borderline or plainly wrong, CSV specials included. */
const field = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '10.5',
    '1.005',
    '2024-02-29',
    '2024-02-30',
    'a@b.co',
    'x',
    '',
    ' 7 ',
    '"q"',
    'é',
  ),
  fc.integer().map(String),
  fc.string({ maxLength: 8 }),
);

describe('the validator over arbitrary contracts (property)', () => {
  test('conserves rows per dataset: rows in = accepted + rejected = the rows it wrote', () => {
    fc.assert(
      fc.property(
        arbitraryDatasetContract,
        fc.nat(),
        fc.array(fc.array(field, { maxLength: 8 }), { maxLength: 20 }),
        (contract, pick, rows) => {
          const dataset = contract.datasetNames[pick % contract.datasetNames.length];
          const header = contract.dataset(dataset).columns.map((column) => column.name);
          const csv = [header, ...rows].map((values) => values.map(quoteIfNeeded).join(',')).join('\n');
          const { report, accepted, rejected } = validate(dataset, csv, { contract });
          const dataRows = rows.filter((values) => values.join('') !== '' || values.length > 1).length;
          expect(report.rows_in).toBe(dataRows);
          expect(report.rows_in).toBe(report.rows_accepted + report.rows_rejected);
          expect(rejected).toHaveLength(report.rows_rejected);
          expect(Object.values(report.rejected_by_reason).reduce((a, b) => a + b, 0)).toBe(
            report.rows_rejected,
          );
          expect(Object.keys(report.rejected_by_reason)).toEqual(contract.spec.reasonCodes);
          expect(accepted === '' ? 0 : accepted.trimEnd().split('\n').length - 1).toBeLessThanOrEqual(
            report.rows_accepted,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

function quoteIfNeeded(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
