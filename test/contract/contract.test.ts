/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit contract JSON documents freely */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  Contract,
  ContractError,
  contractProblems,
  defaultContract,
  defaultContractPath,
  FIELD_TYPES,
  FILE_ERROR_CODES,
  loadContract,
  parseContract,
  REASON_CODES,
} from '../../contract';

const SALES = defaultContractPath();
const salesDocument = (): Record<string, any> => JSON.parse(readFileSync(SALES, 'utf8'));
const problemsOf = (document: unknown): string[] =>
  contractProblems(JSON.stringify(document), dirname(SALES)).problems;

describe('the sales contract (the default)', () => {
  const contract = defaultContract();

  test('lists the four batch datasets, each with its key among its required columns', () => {
    expect(contract.datasetNames).toEqual(['customers', 'products', 'locations', 'sales']);
    for (const name of contract.datasetNames) {
      const spec = contract.dataset(name);
      expect(spec.columns.find((c) => c.name === spec.key)?.required).toBe(true);
    }
  });

  test('loads dimensions before the fact, and resolves each foreign key through a source column', () => {
    expect(contract.dimensions).toEqual(['customer_dim', 'product_dim', 'location_dim', 'date_dim']);
    expect(contract.facts).toEqual(['sales_fact']);
    expect(contract.table('sales_fact').foreignKeys).toEqual({
      customer_key: { references: 'customer_dim', via: 'customer_id', asOf: 'sale_date' },
      product_key: { references: 'product_dim', via: 'product_id' },
      location_key: { references: 'location_dim', via: 'location_id' },
      date_key: { references: 'date_dim', via: 'sale_date' },
    });
  });

  test("uses the format's reason codes in precedence order, and only its file errors and field types", () => {
    expect(contract.spec.reasonCodes).toEqual(REASON_CODES);
    expect([...contract.spec.fileErrorCodes].sort()).toEqual([...FILE_ERROR_CODES].sort());
    for (const name of contract.datasetNames)
      for (const column of contract.dataset(name).columns) expect(FIELD_TYPES).toContain(column.type);
  });

  test('carries its three marts and lake queries inline, read from the files beside it', () => {
    expect(contract.spec.marts.map((mart) => mart.name)).toEqual([
      'mv_sales_by_region_month',
      'mv_sales_by_category_month',
      'mv_customer_value',
    ]);
    expect(contract.spec.marts[2].sql).toBe(
      readFileSync(join(dirname(SALES), 'marts', 'mv_customer_value.sql'), 'utf8')
        .trim()
        .replace(/;$/, ''),
    );
    expect(contract.spec.lakeQueries).toHaveLength(3);
  });

  test('its normalized form is itself a valid contract that normalizes to the same thing', () => {
    const again = parseContract(JSON.stringify(contract), { baseDir: '/nonexistent' });
    expect(again.spec).toEqual(contract.spec);
  });

  test('fills layout templates and fails when a placeholder has no value', () => {
    expect(contract.layoutPath('validated', { dataset: 'sales', date: '2026-01-02' })).toBe(
      'silver/sales/ingest_date=2026-01-02/',
    );
    expect(() => contract.layoutPath('gold', { date: '2026-01-02' })).toThrow(/needs a value for \{table\}/);
    expect(contract.matchLayoutPath('raw', 'sales/ingest_date=2026-01-02/a.csv')).toEqual({
      dataset: 'sales',
      date: '2026-01-02',
      rest: 'a.csv',
    });
  });

  test('names what it has when asked for a dataset or table it does not', () => {
    expect(() => contract.dataset('orders')).toThrow(
      'unknown dataset "orders": the contract has customers, products',
    );
    expect(() => contract.table('orders_fact')).toThrow(/unknown star table "orders_fact"/);
  });
});

describe('the example contracts', () => {
  const examples = join(dirname(SALES), '..');

  test.each(readdirSync(examples))('examples/%s/contract.json passes contract check', (example) => {
    const { problems } = contractProblems(
      readFileSync(join(examples, example, 'contract.json'), 'utf8'),
      join(examples, example),
    );
    expect(problems).toEqual([]);
  });

  test('shipments plays the calendar twice, through the ship and delivery dates', () => {
    const shipments = loadContract(join(examples, 'shipments', 'contract.json'));
    expect(shipments.table('shipment_fact').foreignKeys).toEqual({
      carrier_key: { references: 'carrier_dim', via: 'carrier_id' },
      origin_warehouse_key: { references: 'warehouse_dim', via: 'origin_warehouse_id' },
      ship_date_key: { references: 'date_dim', via: 'ship_date' },
      delivery_date_key: { references: 'date_dim', via: 'delivery_date' },
    });
    expect(shipments.eventNames).toEqual([]);
  });
});

describe('compatibility with the first contract format', () => {
  test('the 1.0.0 file (no $schema, calendar by convention, no marts) means the same datasets and star schema, but for the history of customer_dim', () => {
    const file = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'contract-1.0.0.json'), 'utf8'));
    Object.assign(file.star.customer_dim, { history: 'scd2', tracked: ['segment', 'city', 'state'] });
    const legacy = parseContract(JSON.stringify(file));
    const current = defaultContract();
    const described = (datasets: Contract['spec']['datasets']) =>
      Object.values(datasets).map(({ description: _description, ...dataset }) => dataset);
    expect(described(legacy.spec.datasets)).toEqual(described(current.spec.datasets));
    // Physical design (DISTKEY) was in the hand-written DDL then, not in the contract.
    const logical = ({ distStyle: _style, distKey: _key, ...table }: Contract['spec']['star'][string]) =>
      table;
    expect(Object.values(legacy.spec.star).map(logical)).toEqual(
      Object.values(current.spec.star).map(logical),
    );
    expect(legacy.spec.loadOrder).toEqual(current.spec.loadOrder);
    expect(legacy.spec.events).toEqual(current.spec.events);
    expect(legacy.spec.marts).toEqual([]);
  });
});

describe('history defaults', () => {
  test('an scd2 dimension without tracked columns tracks every attribute: not its keys, batch_date or the platform columns', () => {
    const document = salesDocument();
    delete document.star.customer_dim.tracked;
    document.star.customer_dim.columns.push({ name: 'batch_date', type: 'date', nullable: false });
    const contract = parseContract(JSON.stringify(document), { baseDir: dirname(SALES) });
    expect(contract.table('customer_dim').tracked).toEqual([
      'full_name',
      'email',
      'city',
      'state',
      'segment',
    ]);
    expect(
      contract
        .table('customer_dim')
        .columns.map((column) => column.name)
        .slice(-5),
    ).toEqual(['batch_date', 'valid_from', 'valid_to', 'is_current', 'is_inferred']);
  });
});

describe('contract check', () => {
  test('a minimal contract gets every default: codes, layout, Unknown member, load order', () => {
    const contract = parseContract(
      JSON.stringify({
        version: '0.1.0',
        datasets: {
          readings: {
            description: 'sensor readings',
            key: 'reading_id',
            columns: [
              { name: 'reading_id', type: 'int', required: true, storage: 'bigint' },
              { name: 'read_on', type: 'date', required: true, storage: 'date' },
              { name: 'celsius', type: 'dec', required: true, storage: 'decimal(6,2)' },
            ],
          },
        },
        star: {
          reading_fact: {
            kind: 'fact',
            source: 'readings',
            surrogateKey: 'reading_key',
            naturalKey: 'reading_id',
            foreignKeys: { date_key: 'date_dim' },
            columns: [
              { name: 'reading_key', type: 'bigint', nullable: false },
              { name: 'reading_id', type: 'bigint', nullable: false },
              { name: 'date_key', type: 'integer', nullable: false },
              { name: 'celsius', type: 'decimal(6,2)', nullable: false },
            ],
          },
          date_dim: {
            kind: 'dimension',
            generated: 'calendar',
            surrogateKey: 'date_key',
            naturalKey: 'date_key',
            columns: [
              { name: 'date_key', type: 'integer', nullable: false },
              { name: 'date_value', type: 'date', nullable: false },
            ],
          },
        },
      }),
    );
    expect(contract.tableNames).toEqual(['date_dim', 'reading_fact']);
    expect(contract.table('reading_fact')).toMatchObject({
      foreignKeys: { date_key: { references: 'date_dim', via: 'read_on' } },
      distStyle: 'auto',
      sortKey: ['date_key'],
    });
    expect(contract.table('date_dim').distStyle).toBe('all');
    expect(contract.spec.unknownMember).toEqual({ key: -1, text: 'Unknown' });
    expect(contract.spec.reasonCodes).toEqual(REASON_CODES);
    expect(contract.dataset('readings').rejectThreshold).toBe(0.05);
  });

  test('schema problems name the property and what is allowed', () => {
    const document = salesDocument();
    document.star.product_dim.colour = 'blue';
    document.datasets.sales.columns[0].type = 'integer';
    delete document.version;
    expect(problemsOf(document)).toEqual([
      "contract: must have required property 'version'",
      'contract.datasets.sales.columns.0.type: must be one of int, dec, date, email, string',
      'contract.star.product_dim: unknown property "colour"',
    ]);
  });

  type Edit = (document: Record<string, any>) => void;
  const star = (document: Record<string, any>) => document.star;
  test.each<[string, Edit, string]>([
    [
      'a star column that is neither copied nor derived',
      (d) => star(d).customer_dim.columns.push({ name: 'loyalty_tier', type: 'varchar(16)', nullable: true }),
      'star.customer_dim.columns.loyalty_tier: not a column of customers; copy a column of that name or declare it derived (column origin rule)',
    ],
    [
      'a foreign key whose natural key the fact source lacks',
      (d) => {
        d.datasets.sales.columns = d.datasets.sales.columns.filter(
          (c: { name: string }) => c.name !== 'location_id',
        );
      },
      'star.sales_fact.foreignKeys.location_key: the fact\'s source sales has no column location_id to look the member up by (the natural key of location_dim); add it or set "via"',
    ],
    [
      'a copied column narrower than its source',
      (d) => (star(d).product_dim.columns[2].type = 'varchar(16)'),
      'star.product_dim.columns.product_name: varchar(16) cannot hold products.product_name (varchar(256))',
    ],
    [
      'a not-null copy of an optional source column',
      (d) => (star(d).customer_dim.columns[3].nullable = false),
      'star.customer_dim.columns.email: customers.email is optional without a default, so the column must be nullable',
    ],
    [
      'a derived column reading a column that does not exist',
      (d) => (star(d).sales_fact.columns[8].derived = { mul: ['quantity', 'list_price'] }),
      'star.sales_fact.columns.gross_amount.derived: list_price is neither a column of sales nor an earlier column of sales_fact',
    ],
    [
      'a concat declared as a number',
      (d) => (star(d).customer_dim.columns[2].type = 'bigint'),
      'star.customer_dim.columns.full_name: a concat yields text; declare it varchar(n)',
    ],
    [
      'a natural key that is not the source key',
      (d) => (star(d).customer_dim.naturalKey = 'email'),
      'star.customer_dim.naturalKey: must be customer_id, the key of customers, which the validator keeps unique',
    ],
    [
      'a foreign key to a fact',
      (d) => (star(d).sales_fact.foreignKeys.customer_key = 'sales_fact'),
      'star.sales_fact.foreignKeys.customer_key: sales_fact is not a dimension of the star',
    ],
    [
      'a load order with the fact first',
      (d) => (d.loadOrder = ['sales_fact', 'customer_dim', 'product_dim', 'location_dim', 'date_dim']),
      'loadOrder: customer_dim must load before sales_fact, which references it',
    ],
    [
      'a calendar foreign key from a source with two date columns',
      (d) =>
        d.datasets.sales.columns.push({ name: 'ship_date', type: 'date', required: false, storage: 'date' }),
      'star.sales_fact.foreignKeys.date_key: date_dim is a calendar dimension and sales has 2 date columns; name the one to use, e.g. { "references": "date_dim", "via": "<date column>" }',
    ],
    [
      'an scd2 foreign key from a source with two date columns',
      (d) =>
        d.datasets.sales.columns.push({ name: 'ship_date', type: 'date', required: false, storage: 'date' }),
      'star.sales_fact.foreignKeys.customer_key: customer_dim keeps history (scd2), so a date picks the version, and sales has 2 date columns; name the one to use, e.g. { "references": "customer_dim", "asOf": "<date column>" }',
    ],
    [
      'an asOf that is not a date column',
      (d) => (star(d).sales_fact.foreignKeys.customer_key = { references: 'customer_dim', asOf: 'quantity' }),
      'star.sales_fact.foreignKeys.customer_key.asOf: quantity must be a date column of sales (it picks the customer_dim version)',
    ],
    [
      'an asOf into an scd1 dimension',
      (d) => (star(d).sales_fact.foreignKeys.product_key = { references: 'product_dim', asOf: 'sale_date' }),
      'star.sales_fact.foreignKeys.product_key.asOf: product_dim keeps no history (scd1); remove asOf',
    ],
    [
      'a tracked column the dimension lacks',
      (d) => star(d).customer_dim.tracked.push('region'),
      'star.customer_dim.tracked: region is not one of its columns',
    ],
    [
      'a tracked key',
      (d) => star(d).customer_dim.tracked.push('customer_id'),
      'star.customer_dim.tracked: customer_id is a key or a platform column; track attributes only',
    ],
    [
      'an scd2 dimension that tracks no column',
      (d) => (star(d).customer_dim.tracked = []),
      'star.customer_dim.tracked: name at least one column',
    ],
    [
      'tracked columns on an scd1 dimension',
      (d) => (star(d).product_dim.tracked = ['brand']),
      'star.product_dim.tracked: only an scd2 dimension tracks columns; set "history": "scd2" or remove it',
    ],
    [
      'an scd2 dimension keyed by its natural key',
      (d) => {
        star(d).customer_dim.surrogateKey = 'customer_id';
        star(d).customer_dim.columns.shift();
      },
      'star.customer_dim.surrogateKey: an scd2 dimension keys each version, so it needs a surrogate key apart from customer_id',
    ],
    [
      'history on a fact',
      (d) => (star(d).sales_fact.history = 'scd2'),
      'star.sales_fact.history: only a sourced dimension keeps history; remove it',
    ],
    [
      'a platform column declared with another type',
      (d) => star(d).customer_dim.columns.push({ name: 'valid_to', type: 'varchar(10)', nullable: false }),
      'star.customer_dim.columns.valid_to: the platform fills it, as date not null',
    ],
    [
      'an unsupported warehouse type',
      (d) => (star(d).sales_fact.columns[6].type = 'float8'),
      'star.sales_fact.columns.quantity.type: "float8" is not a supported type: use smallint, integer, bigint, decimal(p,s), varchar(n), date or boolean',
    ],
    [
      'a column named after a Redshift reserved word',
      (d) => {
        d.datasets.customers.columns.push({
          name: 'user',
          type: 'string',
          required: false,
          storage: 'varchar(16)',
        });
        star(d).customer_dim.columns.push({ name: 'user', type: 'varchar(16)', nullable: true });
      },
      'star.customer_dim.columns.user: user is a Redshift reserved word, which the generated SQL cannot use as a name; rename it',
    ],
    [
      'a mart file that is not there',
      (d) => d.marts.push('marts/mv_missing.sql'),
      'marts: cannot read marts/mv_missing.sql',
    ],
  ])('refuses %s, saying what to change', (_, edit, problem) => {
    const document = salesDocument();
    edit(document);
    expect(problemsOf(document).join('\n')).toContain(problem);
  });

  test('ContractError lists every problem, one per line, under the file name', () => {
    const document = salesDocument();
    document.star.customer_dim.columns[2].type = 'bigint';
    document.star.product_dim.columns[2].type = 'varchar(16)';
    const error = (() => {
      try {
        parseContract(JSON.stringify(document), { baseDir: dirname(SALES), source: 'mine.json' });
      } catch (caught) {
        return caught as ContractError;
      }
      throw new Error('expected a ContractError');
    })();
    expect(error).toBeInstanceOf(ContractError);
    expect(error.problems).toHaveLength(2);
    expect(error.message.split('\n')[0]).toBe('mine.json is not a valid data contract:');
  });

  test('Contract.fromSpec trusts a deployed (normalized) contract as is', () => {
    const contract = Contract.fromSpec(defaultContract().spec);
    expect(contract.tableNames).toEqual(defaultContract().tableNames);
  });
});
