import { defaultContract } from '../../../contract';
import { salesCsvLines, SALES_BREAKAGE_REASONS } from '../../../local/sample-data';
import { SALES_HEADER, salesFile, salesRow, validate } from '../../helpers/validation';

describe('file checks', () => {
  test('fails an empty file (0 bytes) as EMPTY_FILE', () => {
    const { report, accepted } = validate('sales', '');
    expect(report).toMatchObject({ status: 'FAILED', rows_in: 0, file_errors: [{ code: 'EMPTY_FILE' }] });
    expect(accepted).toBe('');
  });

  test('fails a file of only empty lines and a BOM as EMPTY_FILE (no header row)', () => {
    expect(validate('sales', '\ufeff\n\r\n\n').report.file_errors).toEqual([
      { code: 'EMPTY_FILE', message: 'the file has no header row, only empty lines' },
    ]);
  });

  test('passes a header without data rows, with 0 rows', () => {
    const { report, accepted } = validate('sales', `${SALES_HEADER}\n`);
    expect(report).toMatchObject({
      status: 'PASSED',
      rows_in: 0,
      rows_accepted: 0,
      rows_rejected: 0,
      file_errors: [],
    });
    expect(accepted).toBe(`${SALES_HEADER}\n`);
  });

  test('fails a header without a required column as MISSING_COLUMN, and checks no rows', () => {
    const header = SALES_HEADER.replace('quantity,', '');
    const { report } = validate('sales', `${header}\n1,2024-01-01,1,1,1,10.00,,\n`);
    expect(report).toMatchObject({
      status: 'FAILED',
      rows_in: 0,
      file_errors: [
        { code: 'MISSING_COLUMN', message: 'required column "quantity" is missing from the header' },
      ],
    });
  });

  test('fails a header that repeats a column as DUPLICATE_COLUMN', () => {
    const { report } = validate('sales', `${SALES_HEADER},quantity\n`);
    expect(report.file_errors).toEqual([
      { code: 'DUPLICATE_COLUMN', message: 'column "quantity" appears 2 times in the header' },
    ]);
  });

  test('fails an unreadable header as MISSING_COLUMN', () => {
    expect(validate('sales', `"${SALES_HEADER}\n1,2\n`).report.file_errors).toEqual([
      {
        code: 'MISSING_COLUMN',
        message: expect.stringMatching(/the header row is unreadable \(unterminated quote/),
      },
    ]);
  });

  test('reads columns in any order and lists unknown extra columns, writing contract order', () => {
    const file =
      'note,tax_amount,discount,unit_price,quantity,location_id,product_id,customer_id,sale_date,sale_id,store\n';
    const { report, accepted } = validate('sales', `${file}hi,0.80,1.50,10.00,2,30,20,10,2024-03-01,1,x\n`);
    expect(report).toMatchObject({ status: 'PASSED', extra_columns: ['note', 'store'] });
    expect(accepted).toBe(`${SALES_HEADER}\n${salesRow()}\n`);
  });

  test('accepts a header without an optional column and fills its default', () => {
    const header = SALES_HEADER.replace(',discount', '');
    const { accepted } = validate('sales', `${header}\n1,2024-03-01,10,20,30,2,10.00,0.80\n`);
    expect(accepted.split('\n')[1]).toBe(salesRow({ discount: '0' }));
  });

  test('normalizes accepted rows: trimmed values, defaults for empty optional values, minimal quoting', () => {
    const file = salesFile(' 1 ,"2024-03-01",\t10,20,30,2,"10.00", ,', '2,2024-03-02,10,20,30,1,5,,0');
    expect(validate('sales', file).accepted).toBe(
      `${SALES_HEADER}\n${salesRow({ discount: '0', tax_amount: '0' })}\n${salesRow({ sale_id: '2', sale_date: '2024-03-02', quantity: '1', unit_price: '5', discount: '0', tax_amount: '0' })}\n`,
    );
  });

  test('keeps quotes in accepted text that needs them', () => {
    const file =
      'customer_id,first_name,last_name,city\n1,"Ada ""The Countess""","Lovelace, A.",London\n2,Bob,Smith,"New\nYork"\n';
    expect(validate('customers', file).accepted).toBe(
      'customer_id,first_name,last_name,email,city,state,segment\n' +
        '1,"Ada ""The Countess""","Lovelace, A.",,London,,\n' +
        '2,Bob,Smith,,"New\nYork",,\n',
    );
  });

  test('reads a UTF-8 BOM and CRLF line endings, numbering rows by physical line', () => {
    const file = `\ufeff${SALES_HEADER}\r\n${salesRow()}\r\n\r\n"2","2024-03-01",10,20,30,0,"10.00",,\r\n`;
    const { report, rejected, accepted } = validate('sales', file);
    expect(report).toMatchObject({ rows_in: 2, rows_accepted: 1, rows_rejected: 1 });
    expect(rejected[0]).toMatchObject({ line: 4, reason: 'OUT_OF_RANGE' });
    expect(accepted).toBe(`${SALES_HEADER}\n${salesRow()}\n`);
  });

  test('ignores empty lines and does not count them as rows', () => {
    const { report } = validate('sales', `\n${SALES_HEADER}\n\n${salesRow()}\n\n\n`);
    expect(report).toMatchObject({ rows_in: 1, rows_accepted: 1 });
  });

  test('rejects an unterminated quote as MALFORMED_ROW', () => {
    const { rejected } = validate('sales', salesFile(salesRow(), '2,"2024-03-01,1,1,1,1,1,,'));
    expect(rejected).toEqual([
      expect.objectContaining({
        line: 3,
        reason: 'MALFORMED_ROW',
        message: expect.stringMatching(/unterminated quote/),
      }),
    ]);
  });

  test('rejects a row over 1 MiB as MALFORMED_ROW with the start of its text', () => {
    const rows = Array.from({ length: 30 }, (_, i) => salesRow({ sale_id: String(i + 1) }));
    const file = salesFile(...rows, `99,"${'x'.repeat(2 * 1024 * 1024)}",1,1,1,1,1,,`);
    const { report, rejected } = validate('sales', file, { chunkSize: 64 * 1024 });
    expect(report).toMatchObject({ status: 'PASSED', rows_in: 31, rows_rejected: 1 });
    expect(rejected[0]).toMatchObject({
      reason: 'MALFORMED_ROW',
      message: expect.stringMatching(/longer than the limit of 1048576 bytes/),
    });
    expect(rejected[0].raw).toHaveLength(1024);
  });

  test('fails a file whose rejected rows exceed the threshold (exactly 5% is not over)', () => {
    const threshold = defaultContract().dataset('sales').rejectThreshold;
    const good = Array.from({ length: 19 }, (_, i) => salesRow({ sale_id: String(i + 1) }));
    const atThreshold = validate('sales', salesFile(...good, salesRow({ sale_id: '99', quantity: '0' })));
    expect(atThreshold.report).toMatchObject({ status: 'PASSED', rows_rejected: 1 }); // 1/20 = 5%: not over
    const over = validate('sales', salesFile(...good.slice(1), salesRow({ sale_id: '99', quantity: '0' })));
    expect(over.report).toMatchObject({
      status: 'FAILED',
      rows_in: 19,
      rows_accepted: 18,
      rows_rejected: 1,
      file_errors: [
        {
          code: 'REJECT_THRESHOLD_EXCEEDED',
          message: `1 of 19 rows rejected (5.26%), over the sales threshold of ${threshold * 100}%`,
        },
      ],
    });
  });

  test('counts rejections per reason code in contract order', () => {
    const lines = [...salesCsvLines({ seed: 7, rows: 400, badRowRatio: 0.2 })].join('');
    const { report, rejected } = validate('sales', lines);
    expect(Object.keys(report.rejected_by_reason)).toEqual(defaultContract().spec.reasonCodes);
    expect(rejected.length).toBeGreaterThan(40);
    for (const row of rejected) expect(SALES_BREAKAGE_REASONS).toContain(row.reason);
    expect(report.rows_rejected).toBe(rejected.length);
  });
});
