import { defaultContract } from '../../contract';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { goldColumns, goldTableLayout } from '../../contract/lake-layout';
import { LOCAL_BUCKETS } from '../../local/pipeline/local-state';
import { cli } from '../helpers/cli';
import { testContractPath } from '../helpers/contracts';

/** The gold Parquet the warehouse tests load (written by PySpark, test/core/warehouse/fixtures/generate_gold.py). */
const FIXTURE_GOLD = path.join(
  __dirname,
  '..',
  'core',
  'warehouse',
  'fixtures',
  'objects',
  'curated',
  'gold',
);

/** Every file under `dir` with its size and modification time: what "nothing written" compares. */
async function listing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.map(async (entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const info = await stat(file);
      return `${path.relative(dir, file)} ${info.size} ${info.mtimeMs}`;
    }),
  ).then((lines) => lines.sort());
}

describe('cli query (DuckDB over a local state holding the gold fixture)', () => {
  let state: string;
  beforeAll(async () => {
    state = await mkdtemp(path.join(os.tmpdir(), 'cli-query-'));
    await cp(FIXTURE_GOLD, path.join(state, 'lake', LOCAL_BUCKETS.curated, 'gold'), { recursive: true });
  });
  afterAll(() => rm(state, { recursive: true, force: true }));

  const query = (...args: string[]) => cli('query', '--state', state, ...args);

  test('--format json prints a JSON array with one object per row, keyed by column name, decimals exact', async () => {
    const result = await query(
      '--sql',
      'select sale_id, batch_date, net_amount from sales_fact where sale_id in (1, 4) order by sale_id',
      '--format',
      'json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out.join('\n'))).toEqual([
      { sale_id: 1, batch_date: '2024-01-30', net_amount: 4.5 },
      { sale_id: 4, batch_date: '2024-01-31', net_amount: 27 },
    ]);
    expect(result.out.join('\n')).toContain('"net_amount": 4.50');
  });

  test('--format json prints an empty array when no row matches', async () => {
    const result = await query(
      '--sql',
      'select sale_id from sales_fact where sale_id < 0',
      '--format',
      'json',
    );
    expect(result.out).toEqual(['[]']);
  });

  test('--format csv prints a header and quotes fields holding commas or quotes', async () => {
    const result = await query(
      '--sql',
      `select 'a,b' as label, 'say "hi"' as quote, 2 as n`,
      '--format',
      'csv',
    );
    expect(result.out).toEqual(['label,quote,n', '"a,b","say ""hi""",2']);
  });

  test('--format table (the default) aligns columns, numbers to the right, and counts the rows', async () => {
    const result = await query(
      '--sql',
      'select sale_id, net_amount from sales_fact where sale_id in (1, 4) order by 1',
    );
    expect(result.out).toEqual([
      'sale_id  net_amount',
      '-------  ----------',
      '      1        4.50',
      '      4       27.00',
      '(2 rows)',
    ]);
  });

  test('registers each gold table under its catalog name, with the catalog columns and the batch_date partition', async () => {
    for (const table of defaultContract().tableNames) {
      const result = await query(
        '--sql',
        `select column_name from information_schema.columns where table_name = '${table}' order by column_name`,
        '--format',
        'csv',
      );
      const expected = [
        ...goldColumns(defaultContract(), table).map((column) => column.name),
        goldTableLayout(defaultContract(), table).partitionKey,
      ];
      expect(result.out.slice(1)).toEqual([...expected].sort());
    }
  });

  test('--named runs a query of sql/lake', async () => {
    const result = await query('--named', 'customer_value', '--format', 'csv');
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe(
      'customer_id,full_name,is_inferred,sale_count,net_revenue,first_purchase_date,last_purchase_date',
    );
  });

  test('fails with exit 1 and the parser message on bad SQL, writing nothing to the state', async () => {
    const before = await listing(state);
    const result = await query('--sql', 'selec 1');
    expect(result.code).toBe(1);
    expect(result.err).toEqual([expect.stringMatching(/^query failed: .*syntax error at or near "selec"/s)]);
    expect(await listing(state)).toEqual(before);
  });

  test('fails with exit 1 on a statement other than SELECT: the twin is read-only', async () => {
    const before = await listing(state);
    const result = await query('--sql', `copy (select 1) to '${path.join(state, 'out.csv')}'`);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([expect.stringMatching(/only SELECT runs on the lake twin.*\(got COPY\)/)]);
    expect(await listing(state)).toEqual(before);
  });

  test('fails with exit 1 on more than one statement', async () => {
    const result = await query('--sql', 'select 1; select 2');
    expect(result.code).toBe(1);
    expect(result.err).toEqual([expect.stringMatching(/give exactly one SQL statement \(got 2\)/)]);
  });

  test('fails with exit 1 when the state holds no gold tables, saying to run the local pipeline first', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-query-empty-'));
    try {
      const result = await cli('query', '--state', empty, '--sql', 'select 1');
      expect(result.code).toBe(1);
      expect(result.err[0]).toMatch(
        /no gold Parquet for customer_dim, .*run the local pipeline with --state/,
      );
      expect(await readdir(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('reads the gold tables and named queries of the contract --contract names', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-query-empty-'));
    try {
      const args = ['--contract', testContractPath('shipments'), '--state', empty];
      const result = await cli('query', ...args, '--sql', 'select 1');
      expect(result.code).toBe(1);
      expect(result.err[0]).toMatch(
        /^no gold Parquet for carrier_dim, warehouse_dim, calendar_dim, shipment_fact under /,
      );
      expect((await cli('query', ...args, '--named', 'customer_value')).err).toEqual([
        expect.stringMatching(/\(the contract has no lake queries to name \(got customer_value\)\)$/),
      ]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test.each([
    [['query', '--sql', 'select 1'], /--state is required/],
    [
      ['query', '--state', '/no/such/folder', '--sql', 'select 1'],
      /--state \/no\/such\/folder is not a folder/,
    ],
    [
      ['query', '--state', '.', '--sql', 'select 1', '--named', 'customer_value'],
      /give exactly one of --sql and --named/,
    ],
    [['query', '--state', '.'], /give exactly one of --sql and --named/],
    [
      ['query', '--state', '.', '--named', 'nope'],
      /--named must be one of sales_by_region_month, sales_by_category_month, customer_value \(got nope\)/,
    ],
    [
      ['query', '--state', '.', '--sql', 'select 1', '--format', 'xml'],
      /--format must be one of table, csv, json \(got xml\)/,
    ],
  ])('fails with exit code 2 and a one-line usage message for %j', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([expect.stringMatching(message)]);
  });
});
