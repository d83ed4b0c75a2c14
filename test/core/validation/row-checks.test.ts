import { validate, salesFile, salesRow } from '../../helpers/validation';

/** The reason and message of the only row of a one-row sales file. */
function rejectionOf(row: string): { reason: string; message: string } | undefined {
  const [rejected] = validate('sales', salesFile(row)).rejected;
  return rejected && { reason: rejected.reason, message: rejected.message };
}

describe('row checks (sales)', () => {
  test('accepts a valid row', () => {
    const { report, accepted } = validate('sales', salesFile(salesRow()));
    expect(report).toMatchObject({ status: 'PASSED', rows_in: 1, rows_accepted: 1, rows_rejected: 0 });
    expect(accepted.split('\n')[1]).toBe(salesRow());
  });

  test.each([
    ['a missing required value', { customer_id: '' }, 'MISSING_VALUE', /customer_id is required/],
    [
      'a value of only spaces, which trims to empty',
      { unit_price: '  \t ' },
      'MISSING_VALUE',
      /unit_price is required/,
    ],
    [
      'a negative int ("-3" is not digits only)',
      { quantity: '-3' },
      'INVALID_TYPE',
      /quantity "-3" is not an int/,
    ],
    ['an int with a sign', { sale_id: '+4' }, 'INVALID_TYPE', /sale_id "\+4" is not an int/],
    ['a decimal int', { product_id: '1.0' }, 'INVALID_TYPE', /product_id "1.0" is not an int/],
    ['a dec with three decimals', { unit_price: '1.234' }, 'INVALID_TYPE', /unit_price "1.234" is not a dec/],
    ['a dec with a comma', { unit_price: '1,5' }, 'MALFORMED_ROW', /expected 9 fields/],
    ['a dec in exponent notation', { tax_amount: '1e3' }, 'INVALID_TYPE', /tax_amount "1e3" is not a dec/],
    [
      'a date in another format',
      { sale_date: '01/03/2024' },
      'INVALID_TYPE',
      /sale_date "01\/03\/2024" is not a date/,
    ],
    [
      'a date that is not in the calendar',
      { sale_date: '2023-02-29' },
      'INVALID_TYPE',
      /not a real calendar date/,
    ],
    [
      'a zero id (ids start at 1)',
      { customer_id: '0' },
      'OUT_OF_RANGE',
      /customer_id "0" is below the minimum 1/,
    ],
    ['a zero quantity', { quantity: '0' }, 'OUT_OF_RANGE', /quantity "0" is below the minimum 1/],
    [
      'a quantity over the contract maximum',
      { quantity: '1000001' },
      'OUT_OF_RANGE',
      /above the maximum 1000000/,
    ],
    [
      'a negative amount',
      { discount: '-0.01' },
      'OUT_OF_RANGE',
      /discount "-0.01" is below the minimum 0.00/,
    ],
    ['an id beyond bigint', { sale_id: '9223372036854775808' }, 'OUT_OF_RANGE', /does not fit bigint/],
    [
      'a unit price beyond decimal(12,2)',
      { unit_price: '10000000000.00' },
      'OUT_OF_RANGE',
      /does not fit decimal\(12,2\)/,
    ],
    [
      'a discount larger than the gross amount',
      { discount: '20.01' },
      'RULE_VIOLATION',
      /discount must not exceed quantity x unit_price \(discount=20.01, quantity=2, unit_price=10.00\)/,
    ],
  ])('rejects %s', (_, overrides, reason, message) => {
    expect(rejectionOf(salesRow(overrides))).toEqual({ reason, message: expect.stringMatching(message) });
  });

  test.each([
    ['the largest bigint id', { sale_id: '9223372036854775807' }],
    ['the largest decimal(12,2) unit price', { unit_price: '9999999999.99' }],
    ['a discount equal to the gross amount', { discount: '20' }],
    ['leading zeros in ids', { customer_id: '007' }],
    ['a leap day', { sale_date: '2024-02-29' }],
    ['a dec with one decimal or none', { unit_price: '10.5', tax_amount: '3' }],
  ])('accepts %s', (_, overrides) => {
    expect(rejectionOf(salesRow(overrides))).toBeUndefined();
  });

  test('checks the rule exactly beyond double precision', () => {
    // 999999 x 9999999999.99 = 9999989999990000.01 (cents exceed 2^53): one cent over is a violation.
    const big = { quantity: '999999', unit_price: '9999999999.99' };
    expect(rejectionOf(salesRow({ ...big, discount: '9999989999990000.01' }))).toBeUndefined();
    expect(rejectionOf(salesRow({ ...big, discount: '9999989999990000.02' }))?.reason).toBe('RULE_VIOLATION');
  });

  test('gives a row that breaks several checks the code that comes first in the contract', () => {
    const row = salesRow({ quantity: '0', sale_date: 'soon', customer_id: '' });
    expect(rejectionOf(row)?.reason).toBe('MISSING_VALUE');
    expect(rejectionOf(salesRow({ quantity: '0', sale_date: 'soon' }))?.reason).toBe('INVALID_TYPE');
    expect(rejectionOf(salesRow({ quantity: '0', discount: '99' }))?.reason).toBe('OUT_OF_RANGE');
  });

  test('rejects a row with the wrong number of fields as MALFORMED_ROW', () => {
    expect(rejectionOf(`${salesRow()},extra`)).toEqual({
      reason: 'MALFORMED_ROW',
      message: 'expected 9 fields as in the header, got 10',
    });
  });

  test('rejects invalid UTF-8 as ENCODING, naming the column, after the field count', () => {
    const row = Buffer.from(salesRow({ tax_amount: 'X' }).replace('X', '\u0000'));
    row[row.indexOf(0)] = 0xff;
    const file = Buffer.concat([Buffer.from(salesFile().trimEnd() + '\n'), row, Buffer.from('\n')]);
    expect(validate('sales', file).rejected[0]).toMatchObject({
      reason: 'ENCODING',
      message: 'tax_amount is not valid UTF-8',
    });
  });

  test('keeps the first row of a key and rejects later ones as DUPLICATE_KEY', () => {
    const file = salesFile(
      salesRow({ sale_id: '7', quantity: '1' }),
      salesRow({ sale_id: '7', quantity: '2' }),
      salesRow({ sale_id: '007', quantity: '3' }),
    );
    const { accepted, rejected } = validate('sales', file);
    expect(accepted.split('\n')[1]).toBe(salesRow({ sale_id: '7', quantity: '1' }));
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'DUPLICATE_KEY'],
      [4, 'DUPLICATE_KEY'],
    ]);
    expect(rejected[0].message).toBe('sale_id 7 repeats a key accepted earlier in the file');
  });

  test('accepts a key whose first row was rejected for another reason', () => {
    const file = salesFile(salesRow({ sale_id: '7', quantity: '0' }), salesRow({ sale_id: '7' }));
    expect(validate('sales', file).rejected.map((r) => r.reason)).toEqual(['OUT_OF_RANGE']);
  });

  test('writes a rejected row as {line, reason, message, raw} with its original text', () => {
    const raw = ` 9 ,"2024-13-01",1,1,1,1,"1.00",,`;
    expect(validate('sales', salesFile(raw)).rejected).toEqual([
      { line: 2, reason: 'INVALID_TYPE', message: 'sale_date "2024-13-01" is not a real calendar date', raw },
    ]);
  });
});

describe('row checks (customers, products, locations)', () => {
  test.each([
    ['a malformed email', 'customers', '1,Ada,Lovelace,ada@example,London,,', 'INVALID_TYPE'],
    ['an email with a space', 'customers', '1,Ada,Lovelace,a da@example.com,,,', 'INVALID_TYPE'],
    [
      'a first name over varchar(128) in UTF-8 bytes',
      'customers',
      `1,${'é'.repeat(65)},L,,,,`,
      'OUT_OF_RANGE',
    ],
    ['a missing product name', 'products', '1,,Tools,,,1.00', 'MISSING_VALUE'],
    ['a negative unit price', 'products', '1,Saw,Tools,,,-1.00', 'OUT_OF_RANGE'],
    ['a missing region', 'locations', '1,Main St,,,,UK', 'MISSING_VALUE'],
  ] as const)('rejects %s', (_, dataset, row, reason) => {
    const header = {
      customers: 'customer_id,first_name,last_name,email,city,state,segment',
      products: 'product_id,product_name,category,subcategory,brand,unit_price',
      locations: 'location_id,store_name,city,state,region,country',
    }[dataset];
    expect(validate(dataset, `${header}\n${row}\n`).rejected.map((r) => r.reason)).toEqual([reason]);
  });

  test('accepts an optional empty email and a name of exactly 128 UTF-8 bytes', () => {
    const file = `customer_id,first_name,last_name,email\n1,${'é'.repeat(64)},Lovelace,\n2,Ada,L,ada@example.com\n`;
    expect(validate('customers', file).report).toMatchObject({ status: 'PASSED', rows_accepted: 2 });
  });
});
