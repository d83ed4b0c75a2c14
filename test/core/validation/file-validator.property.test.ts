import fc from 'fast-check';
import { defaultContract } from '../../../contract';
import { SALES_HEADER, validate } from '../../helpers/validation';

/** Bytes that look like CSV often: separators, quotes, CR/LF, spaces, digits, UTF-8 and invalid bytes. */
const csvishBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        '"',
        '\n',
        '\r\n',
        '\r',
        ' ',
        '\t',
        '""',
        '0',
        '1',
        '-',
        '.',
        '2024-02-29',
        'é',
        'x',
      ),
      fc.constantFrom(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xff]), Buffer.from([0xc3])),
      fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes)),
    ),
    { maxLength: 80 },
  )
  .map((parts) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part))));

/** A sales header, then CSV-ish rows: most reach the row checks. */
const salesish = fc
  .array(
    fc.oneof(
      fc.constantFrom('1,2024-01-31,1,1,1,2,10.00,,0', '2,2024-02-30,1,1,1,0,1,5,'),
      csvishBytes.map(String),
    ),
    {
      maxLength: 12,
    },
  )
  .map((rows) => Buffer.from(`${SALES_HEADER}\n${rows.join('\n')}`));

const anyInput = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  csvishBytes,
  salesish,
);
const cuts = fc.array(fc.nat({ max: 400 }), { maxLength: 8 });
const datasets = fc.constantFrom(...defaultContract().datasetNames);
const maxRowBytes = fc.constantFrom(undefined, 8, 24);

describe('the validator over arbitrary bytes', () => {
  test('never throws and conserves rows: rows_in = accepted + rejected = the rows it wrote', () => {
    fc.assert(
      fc.property(datasets, anyInput, cuts, maxRowBytes, (dataset, input, at, max) => {
        const { report, accepted, rejected } = validate(dataset, input, { cuts: at, maxRowBytes: max });
        expect(report.rows_in).toBe(report.rows_accepted + report.rows_rejected);
        expect(rejected).toHaveLength(report.rows_rejected);
        expect(Object.values(report.rejected_by_reason).reduce((a, b) => a + b, 0)).toBe(
          report.rows_rejected,
        );
        const acceptedLines = accepted === '' ? 0 : countRecords(accepted) - 1;
        expect(acceptedLines).toBe(report.rows_accepted);
      }),
      { numRuns: 1500 },
    );
  });

  test('gives the same report and outputs wherever the input is split into chunks', () => {
    fc.assert(
      fc.property(datasets, anyInput, cuts, maxRowBytes, (dataset, input, at, max) => {
        expect(validate(dataset, input, { cuts: at, maxRowBytes: max })).toEqual(
          validate(dataset, input, { maxRowBytes: max }),
        );
      }),
      { numRuns: 1500 },
    );
  });

  test('gives the same result byte by byte as in one chunk on sales-like files', () => {
    fc.assert(
      fc.property(salesish, maxRowBytes, (input, max) => {
        expect(validate('sales', input, { chunkSize: 1, maxRowBytes: max })).toEqual(
          validate('sales', input, { maxRowBytes: max }),
        );
      }),
      { numRuns: 300 },
    );
  });
});

/** Records in the accepted CSV (quoted newlines do not end a record). */
function countRecords(csv: string): number {
  let records = 0;
  let quoted = false;
  for (const char of csv) {
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) records++;
  }
  return records;
}
