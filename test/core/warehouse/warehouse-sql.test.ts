/**
 * The warehouse SQL on a real PostgreSQL engine (PGlite), through the same modules the
 * Lambdas run: migrations, the load transaction (COPY from the Spark-written Parquet under
 * fixtures/objects), the quality checks and the marts. One database for the whole file, so
 * the describe blocks run in order and build on each other: migrate, load two batches, check,
 * refresh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultContract } from '../../../contract';
import { loadTables } from '../../../core/warehouse/load-plan';
import { parseManifest } from '../../../core/warehouse/manifest';
import { applyMigrations, MigrationChangedError, planMigrations } from '../../../core/warehouse/migrations';
import {
  assertQualityPassed,
  QualityCheckFailedError,
  runQualityChecks,
} from '../../../core/warehouse/quality-checks';
import { contractMarts, planMartBuilds, refreshMarts } from '../../../core/warehouse/refresh-marts';
import { readMigrations, SqlFile } from '../../../contract/sql-files';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';

const sales = defaultContract();
const OBJECT_ROOT = join(__dirname, 'fixtures', 'objects');
const BUCKET = 'curated';
const FIRST_BATCH = '2024-01-30';
const SECOND_BATCH = '2024-01-31';

let warehouse: PgliteExecutor;
const rowsOf = async (executor: PgliteExecutor, sql: string) =>
  (await executor.db.query<Record<string, unknown>>(sql)).rows;
const rows = (sql: string) => rowsOf(warehouse, sql);
const manifest = (batchDate: string) =>
  parseManifest(
    sales,
    readFileSync(join(OBJECT_ROOT, BUCKET, sales.layoutPath('manifest', { date: batchDate })), 'utf8'),
    batchDate,
  );
const load = (batchDate: string, tables: readonly string[] = sales.tableNames, executor = warehouse) =>
  loadTables(executor, sales, {
    tables,
    batchDate,
    curatedBucket: BUCKET,
    loadedAt: new Date('2024-02-01T06:00:00Z'),
  });
const migrationInput = () => ({ contract: sales, migrations: readMigrations(), appliedAt: new Date() });
const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      sales.tableNames.map(async (table) => [
        table,
        await rows(`select * from presentation.${table} order by 1`),
      ]),
    ),
  );

beforeAll(async () => {
  warehouse = await PgliteExecutor.create({ objectRoot: OBJECT_ROOT });
});
afterAll(async () => {
  await warehouse.close();
});

describe('schema migrations (PGlite)', () => {
  test('apply every platform migration in order and record each, then create the contract tables and record the contract; marts are left to the marts step', async () => {
    const applied = await applyMigrations(warehouse, migrationInput());

    const expected = readMigrations().map((file) => file.name);
    expect(applied).toEqual([...expected, `contract/${sales.version}`]);
    expect(applied[0]).toBe('0001_create_schema_staging');
    expect(
      (await rows('select version from public.schema_migrations order by version')).map((r) => r.version),
    ).toEqual([...expected].sort());
    expect(await rows('select revision, version from public.contract_versions')).toEqual([
      { revision: 1, version: sales.version },
    ]);
  });

  test('applying them twice changes nothing', async () => {
    const before = await rows('select * from public.schema_migrations order by version');
    const recorded = await rows('select * from public.contract_versions');

    expect(await applyMigrations(warehouse, migrationInput())).toEqual([]);
    expect(await rows('select * from public.schema_migrations order by version')).toEqual(before);
    expect(await rows('select * from public.contract_versions')).toEqual(recorded);
  });

  test('the marts step rebuilds only a mart whose definition changed', () => {
    const [mart, ...others] = contractMarts(sales);
    const applied = new Map(
      [...readMigrations(), ...contractMarts(sales)].map((file) => [file.name, file.checksum]),
    );
    const changed: SqlFile = { ...mart, checksum: 'f'.repeat(64) };

    const steps = planMartBuilds([changed, ...others], applied, new Date());

    expect(steps.map((step) => step.version)).toEqual([mart.name]);
    expect(steps[0].statements[0].sql).toMatch(
      new RegExp(`^drop materialized view if exists presentation.${mart.name}$`, 'm'),
    );
  });

  test('fails when a migration was edited after it was applied', () => {
    const migrations = readMigrations();
    const applied = migrations.map(({ name }) => ({ version: name, checksum: '0'.repeat(64) }));

    expect(() => planMigrations({ migrations, appliedAt: new Date() }, applied)).toThrow(
      MigrationChangedError,
    );
    expect(() => planMigrations({ migrations, appliedAt: new Date() }, applied)).toThrow(
      /0001_create_schema_staging.sql changed after it was applied/,
    );
  });

  test('fails when two migrations share a version number', () => {
    const [first] = readMigrations();
    const twin = { ...first, name: `${first.name.slice(0, 4)}_create_something_else` };
    expect(() => planMigrations({ migrations: [first, twin], appliedAt: new Date() }, [])).toThrow(
      /share version 0001/,
    );
  });
});

describe('DDL matches the data contract (PGlite)', () => {
  /** contract.json types as PostgreSQL's format_type spells them. */
  const postgresType = (type: string) =>
    type
      .replace(/^varchar\((\d+)\)$/, 'character varying($1)')
      .replace(/^decimal\((\d+),(\d+)\)$/, 'numeric($1,$2)');

  test.each(
    sales.tableNames.flatMap((table) => [['presentation', table] as const, ['staging', table] as const]),
  )('%s.%s has the contract columns, types, nullability and order', async (schema, table) => {
    const columns = await rows(`
        select attribute.attname as name, format_type(attribute.atttypid, attribute.atttypmod) as type,
               not attribute.attnotnull as nullable
        from pg_attribute as attribute
        where attribute.attrelid = '${schema}.${table}'::regclass and attribute.attnum > 0
          and not attribute.attisdropped
        order by attribute.attnum`);

    expect(columns).toEqual(
      sales.table(table).columns.map((column) => ({
        name: column.name,
        type: postgresType(column.type),
        nullable: column.nullable,
      })),
    );
  });

  test.each(sales.tableNames)(
    'presentation.%s declares its surrogate primary key and foreign keys',
    async (table) => {
      const spec = sales.table(table);
      const constraints = await rows(`
      select pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = 'presentation.${table}'::regclass and contype in ('p', 'f') order by contype desc, conname`);

      expect(constraints.map((row) => row.definition)).toEqual([
        `PRIMARY KEY (${spec.surrogateKey})`,
        ...Object.entries(spec.foreignKeys ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([column, { references: dimension }]) => {
            const key = sales.table(dimension).surrogateKey;
            return `FOREIGN KEY (${column}) REFERENCES presentation.${dimension}(${key})`;
          }),
      ]);
    },
  );
});

describe('load (PGlite)', () => {
  const CUSTOMER_VERSIONS = `select customer_key, customer_id, full_name, city, valid_from, valid_to, is_current
     from presentation.customer_dim order by customer_key`;
  const version = (
    key: number,
    id: number,
    name: string,
    city: string | null,
    validFrom: string,
    validTo: string,
    current: boolean,
  ) => ({
    customer_key: key,
    customer_id: id,
    full_name: name,
    city,
    valid_from: validFrom,
    valid_to: validTo,
    is_current: current,
  });
  let firstBatchCustomers: Record<string, unknown>[];

  test('the first batch inserts every row and stages what the manifest counts', async () => {
    const loaded = await load(FIRST_BATCH);
    firstBatchCustomers = await rows(CUSTOMER_VERSIONS);

    expect(Object.fromEntries(loaded.map((table) => [table.table, table.stagedRows]))).toEqual(
      manifest(FIRST_BATCH).rowCounts,
    );
    for (const table of sales.tableNames) {
      expect(await rows(`select count(*)::int as n from presentation.${table}`)).toEqual([
        { n: manifest(FIRST_BATCH).rowCounts[table] },
      ]);
      expect(await rows(`select count(*)::int as n from staging.${table}`)).toEqual([{ n: 0 }]);
    }
    expect(await rows('select * from presentation.sales_fact where sale_id = 1')).toEqual([
      {
        sale_key: 9001,
        sale_id: 1,
        customer_key: 1001,
        product_key: 2001,
        location_key: 3001,
        date_key: 20240130,
        quantity: 2,
        unit_price: '2.50',
        gross_amount: '5.00',
        discount: '0.50',
        tax_amount: '0.40',
        net_amount: '4.50',
        batch_date: FIRST_BATCH,
      },
    ]);
  });

  test('re-running a batch leaves every table unchanged', async () => {
    const before = await snapshot();
    const auditBefore = await rows('select * from staging.load_audit order by star_table');

    await load(FIRST_BATCH);

    expect(await snapshot()).toEqual(before);
    expect(await rows('select * from staging.load_audit order by star_table')).toEqual(auditBefore);
  });

  test('the next batch overwrites changed SCD1 rows and adds new members; customer_dim (SCD2) closes the version whose tracked city changed and opens another, and updates an untracked name in place', async () => {
    await load(SECOND_BATCH);

    expect(await rows(CUSTOMER_VERSIONS)).toEqual([
      version(-1, -1, 'Unknown', null, '1900-01-01', '9999-12-31', true),
      version(1001, 1, 'Ada King', 'London', '1900-01-01', '9999-12-31', true),
      version(1002, 2, 'Alan Turing', 'Manchester', '1900-01-01', SECOND_BATCH, false),
      version(1003, 3, 'Grace Hopper', 'Arlington', '1900-01-01', '9999-12-31', true),
      version(1102, 2, 'Alan Turing', 'Wilmslow', SECOND_BATCH, '9999-12-31', true),
    ]);
    expect(
      await rows('select batch_date, count(*)::int as n from presentation.sales_fact group by 1 order by 1'),
    ).toEqual([
      { batch_date: FIRST_BATCH, n: 3 },
      { batch_date: SECOND_BATCH, n: 2 },
    ]);
    expect(await rows('select date_key from presentation.date_dim order by 1')).toEqual([
      { date_key: 20240130 },
      { date_key: 20240131 },
    ]);
  });

  test('re-running the next batch changes nothing: its versions match on their surrogate keys', async () => {
    const before = await snapshot();

    await load(SECOND_BATCH);

    expect(await snapshot()).toEqual(before);
  });

  test('a replay of the first batch deletes the versions it lacks and reopens the version the next batch closed', async () => {
    const replayed = await warehouse.clone();
    try {
      await load(FIRST_BATCH, ['customer_dim'], replayed);

      expect(await rowsOf(replayed, CUSTOMER_VERSIONS)).toEqual(firstBatchCustomers);
      expect(await rowsOf(replayed, CUSTOMER_VERSIONS)).toContainEqual(
        version(1002, 2, 'Alan Turing', 'Manchester', '1900-01-01', '9999-12-31', true),
      );
    } finally {
      await replayed.close();
    }
  });

  test('fails and rolls back the table load when its partition is missing', async () => {
    const before = await snapshot();

    await expect(load('2024-02-29', ['customer_dim'])).rejects.toMatchObject({
      name: 'StatementFailedError',
      message: expect.stringMatching(
        /COPY found no Parquet files at s3:\/\/curated\/gold\/customer_dim\/batch_date=2024-02-29\//,
      ),
    });
    expect(await snapshot()).toEqual(before);
    expect(await rows("select * from staging.load_audit where batch_date = '2024-02-29'")).toEqual([]);
  });
});

/** What breaks, the SQL that breaks it, and the checks that must then fail. */
type Breakage = [description: string, breakage: string, failedChecks: string[]];

describe('quality checks (PGlite)', () => {
  /** Breaks the warehouse inside a transaction that is rolled back after the checks ran. */
  async function checksAfter(breakage: string) {
    await warehouse.db.exec('begin');
    try {
      await warehouse.db.exec(breakage);
      return await runQualityChecks(warehouse, sales, manifest(SECOND_BATCH));
    } finally {
      await warehouse.db.exec('rollback');
    }
  }
  const failedNames = (report: Awaited<ReturnType<typeof checksAfter>>) =>
    report.checks.filter((check) => check.failedRows > 0).map((check) => check.name);
  // PostgreSQL enforces the keys Redshift only declares; dropping one lets the test insert
  // what Redshift would accept.
  const dropKey = (table: string, constraint: string) =>
    `alter table presentation.${table} drop constraint ${constraint} cascade;`;
  const copyOfSale = (saleKey: number, saleId: number) =>
    `insert into presentation.sales_fact select ${saleKey}, ${saleId}, customer_key, product_key, location_key,
       date_key, quantity, unit_price, gross_amount, discount, tax_amount, net_amount, batch_date
     from presentation.sales_fact where sale_key = 9004;`;

  test('every check passes on clean data', async () => {
    const report = await runQualityChecks(warehouse, sales, manifest(SECOND_BATCH));

    expect(report.passed).toBe(true);
    expect(report.checks.map((check) => check.name)).toEqual([
      'customer_dim.staged_rows_match_manifest',
      'customer_dim.unique_customer_key',
      'customer_dim.one_current_version_per_customer_id',
      'customer_dim.versions_do_not_overlap',
      ...['product_dim', 'location_dim'].flatMap((table) => {
        const { surrogateKey, naturalKey } = sales.table(table);
        return [
          `${table}.staged_rows_match_manifest`,
          `${table}.unique_${surrogateKey}`,
          `${table}.unique_${naturalKey}`,
        ];
      }),
      'date_dim.staged_rows_match_manifest',
      'date_dim.unique_date_key',
      'sales_fact.staged_rows_match_manifest',
      'sales_fact.unique_sale_key',
      'sales_fact.unique_sale_id',
      'sales_fact.customer_key_resolves_in_customer_dim',
      'sales_fact.product_key_resolves_in_product_dim',
      'sales_fact.location_key_resolves_in_location_dim',
      'sales_fact.date_key_resolves_in_date_dim',
      'sales_fact.customer_key_version_valid_at_sale_date',
      ...sales.table('sales_fact').nonNegative.map((column) => `sales_fact.${column}_not_negative`),
      'sales_fact.gross_amount_equals_quantity_times_unit_price',
      'sales_fact.net_amount_equals_gross_amount_minus_discount',
    ]);
    expect(() => assertQualityPassed(SECOND_BATCH, report)).not.toThrow();
  });

  test("every check passes on the first batch's facts, one of them keyed to the customer version the next batch closed, which was valid on its date", async () => {
    expect(await rows('select customer_key from presentation.sales_fact where sale_id = 2')).toEqual([
      { customer_key: 1002 },
    ]);

    expect((await runQualityChecks(warehouse, sales, manifest(FIRST_BATCH))).passed).toBe(true);
  });

  const pk = (table: string) => dropKey(table, `${table}_pkey`);
  const fk = (column: string) => dropKey('sales_fact', `sales_fact_${column}_fkey`);
  const saleUpdate = (assignments: string) =>
    `update presentation.sales_fact set ${assignments} where sale_key = 9005;`;

  const breakages: Breakage[] = [
    [
      'loaded rows differ from the manifest',
      "update staging.load_audit set staged_rows = staged_rows - 1 where star_table = 'sales_fact' and batch_date = '2024-01-31';",
      ['sales_fact.staged_rows_match_manifest'],
    ],
    [
      'a table was not loaded for the batch',
      "delete from staging.load_audit where star_table = 'date_dim' and batch_date = '2024-01-31';",
      ['date_dim.staged_rows_match_manifest'],
    ],
    [
      'a dimension surrogate key repeats',
      `${pk('customer_dim')} insert into presentation.customer_dim (customer_key, customer_id, full_name, valid_from, valid_to, is_current, is_inferred)
         values (1001, 99, 'Twin', '1900-01-01', '9999-12-31', true, false);`,
      ['customer_dim.unique_customer_key'],
    ],
    [
      'a dimension natural key repeats',
      "insert into presentation.product_dim values (2999, 10, 'Widget again', 'Tools', null, null, 1.00, false);",
      ['product_dim.unique_product_id'],
    ],
    [
      'a date repeats',
      `${pk('date_dim')} insert into presentation.date_dim select * from presentation.date_dim where date_key = 20240131;`,
      ['date_dim.unique_date_key'],
    ],
    [
      'a fact surrogate key repeats',
      `${pk('sales_fact')} ${copyOfSale(9004, 99)}`,
      ['sales_fact.unique_sale_key'],
    ],
    ['a sale id repeats', copyOfSale(9999, 4), ['sales_fact.unique_sale_id']],
    ...Object.entries(sales.table('sales_fact').foreignKeys).map(
      ([column, { references: dimension }]): Breakage => [
        `${column} has no ${dimension} row`,
        `${fk(column)} ${saleUpdate(`${column} = 424242`)}`,
        [`sales_fact.${column}_resolves_in_${dimension}`],
      ],
    ),
    // A changed factor no longer gives the stored gross amount, so its derivation fails too.
    [
      'quantity is negative',
      saleUpdate('quantity = -1'),
      ['sales_fact.quantity_not_negative', 'sales_fact.gross_amount_equals_quantity_times_unit_price'],
    ],
    [
      'unit_price is negative',
      saleUpdate('unit_price = -1'),
      ['sales_fact.unit_price_not_negative', 'sales_fact.gross_amount_equals_quantity_times_unit_price'],
    ],
    ['tax_amount is negative', saleUpdate('tax_amount = -1'), ['sales_fact.tax_amount_not_negative']],
    [
      'discount is negative',
      saleUpdate('discount = -1, net_amount = gross_amount + 1'),
      ['sales_fact.discount_not_negative'],
    ],
    [
      'net_amount is negative',
      saleUpdate('discount = gross_amount + 1, net_amount = -1'),
      ['sales_fact.net_amount_not_negative'],
    ],
    [
      'gross_amount is negative (and so net_amount)',
      saleUpdate('gross_amount = -1, net_amount = -1'),
      [
        'sales_fact.gross_amount_not_negative',
        'sales_fact.net_amount_not_negative',
        'sales_fact.gross_amount_equals_quantity_times_unit_price',
      ],
    ],
    [
      'net_amount is not gross_amount - discount',
      saleUpdate('net_amount = net_amount + 0.01'),
      ['sales_fact.net_amount_equals_gross_amount_minus_discount'],
    ],
    [
      'gross_amount is not quantity x unit_price (and net_amount follows it)',
      saleUpdate('gross_amount = gross_amount + 1, net_amount = net_amount + 1'),
      ['sales_fact.gross_amount_equals_quantity_times_unit_price'],
    ],
  ];
  test.each(breakages)('fails when %s', async (_, breakage, expected) => {
    const report = await checksAfter(breakage);

    expect(report.passed).toBe(false);
    expect(failedNames(report)).toEqual(expected);
  });

  const customerUpdate = (customerKey: number, assignments: string) =>
    `update presentation.customer_dim set ${assignments} where customer_key = ${customerKey};`;
  /** Customer 2's versions: 1002 (1900-01-01 to 2024-01-31, closed) and 1102 (from 2024-01-31, current). */
  const versionBreakages: [description: string, breakage: string, failedRows: Record<string, number>][] = [
    [
      'two versions of a member overlap (the closed one ends after the next begins)',
      customerUpdate(1002, "valid_to = '2024-02-15'"),
      { 'customer_dim.versions_do_not_overlap': 1 },
    ],
    [
      'a member has two current versions (the closed one reopened, so it overlaps the next too)',
      customerUpdate(1002, "valid_to = '9999-12-31', is_current = true"),
      { 'customer_dim.one_current_version_per_customer_id': 1, 'customer_dim.versions_do_not_overlap': 1 },
    ],
    [
      'a member has no current version (its last one closed)',
      customerUpdate(1102, "valid_to = '2024-02-10', is_current = false"),
      { 'customer_dim.one_current_version_per_customer_id': 1 },
    ],
    [
      'a version ends when it starts',
      customerUpdate(1002, "valid_from = '2024-01-31'"),
      { 'customer_dim.versions_do_not_overlap': 1 },
    ],
    [
      'a current version has an end',
      customerUpdate(1102, "valid_to = '2024-03-01'"),
      { 'customer_dim.versions_do_not_overlap': 1 },
    ],
    [
      "the batch's two sales are keyed to a customer version that ended before their date",
      `update presentation.sales_fact set customer_key = 1002 where batch_date = '${SECOND_BATCH}';`,
      { 'sales_fact.customer_key_version_valid_at_sale_date': 2 },
    ],
  ];
  test.each(versionBreakages)('fails when %s, counting the rows at fault', async (_, breakage, expected) => {
    const report = await checksAfter(breakage);

    expect(
      Object.fromEntries(report.checks.filter((c) => c.failedRows > 0).map((c) => [c.name, c.failedRows])),
    ).toEqual(expected);
  });

  test("a sale dated by the calendar's Unknown member (no date) picks no version, so no version is checked against it", async () => {
    const report = await checksAfter(
      `insert into presentation.date_dim values (-1, '1900-01-01', 0, 0, 0, 0, 0, false);
       ${saleUpdate('date_key = -1, customer_key = 1102')}`,
    );

    expect(failedNames(report)).toEqual([]);
  });

  test('the Unknown member (-1) resolves', async () => {
    const report = await checksAfter(
      `${saleUpdate('customer_key = -1, product_key = -1, location_key = -1')}`,
    );
    expect(report.passed).toBe(true);
  });

  test('throws QualityCheckFailedError naming each failed check', async () => {
    const report = await checksAfter(saleUpdate('net_amount = net_amount + 1'));

    expect(() => assertQualityPassed(SECOND_BATCH, report)).toThrow(QualityCheckFailedError);
    expect(() => assertQualityPassed(SECOND_BATCH, report)).toThrow(
      'batch 2024-01-31 failed 1 quality check(s): sales_fact.net_amount_equals_gross_amount_minus_discount (1 rows)',
    );
  });
});

describe('marts (PGlite)', () => {
  const marts = contractMarts(sales).map((mart) => mart.name);

  beforeAll(async () => {
    // The first run builds every mart, as the refresh identity that then owns them.
    expect(await refreshMarts(warehouse, sales, new Date())).toEqual({ built: marts, refreshed: [] });
  });

  test('a second run refreshes every mart and builds none', async () => {
    expect(await refreshMarts(warehouse, sales, new Date())).toEqual({ built: [], refreshed: marts });
    const recorded = await rows("select version from public.schema_migrations where version like 'mv_%'");
    expect(recorded.map((row) => row.version).sort()).toEqual([...marts].sort());
  });

  test('mv_sales_by_region_month sums sales per region and month', async () => {
    expect(await rows('select * from presentation.mv_sales_by_region_month order by region')).toEqual([
      row('North', 3, 7, '17.50', '1.50', '16.00'),
      row('South', 2, 4, '40.00', '3.00', '37.00'),
    ]);
    function row(
      region: string,
      saleCount: number,
      units: number,
      gross: string,
      discount: string,
      net: string,
    ) {
      return {
        region,
        sale_count: saleCount,
        units_sold: units,
        gross_revenue: gross,
        discount_total: discount,
        net_revenue: net,
        sales_year: 2024,
        sales_month: 1,
      };
    }
  });

  test('mv_sales_by_category_month sums sales per category and month', async () => {
    expect(
      await rows(
        'select category, sale_count, net_revenue, sales_month from presentation.mv_sales_by_category_month order by 1',
      ),
    ).toEqual([
      { category: 'Electronics', sale_count: 2, net_revenue: '37.00', sales_month: 1 },
      { category: 'Tools', sale_count: 3, net_revenue: '16.00', sales_month: 1 },
    ]);
  });

  test('mv_customer_value gives net revenue, sales and first and last purchase per customer, over its versions, under its current name', async () => {
    // Customer 2's sale is keyed to the version the second batch closed: it still counts for customer 2.
    expect(await rows('select * from presentation.mv_customer_value order by customer_id')).toEqual([
      value(-1, 'Unknown', 1, '9.00', FIRST_BATCH, FIRST_BATCH),
      value(1, 'Ada King', 2, '7.00', FIRST_BATCH, SECOND_BATCH),
      value(2, 'Alan Turing', 1, '10.00', FIRST_BATCH, FIRST_BATCH),
      value(3, 'Grace Hopper', 1, '27.00', SECOND_BATCH, SECOND_BATCH),
    ]);
    function value(id: number, name: string, sales: number, netRevenue: string, first: string, last: string) {
      return {
        customer_id: id,
        full_name: name,
        is_inferred: false,
        sale_count: sales,
        net_revenue: netRevenue,
        first_purchase_date: first,
        last_purchase_date: last,
      };
    }
  });
});
