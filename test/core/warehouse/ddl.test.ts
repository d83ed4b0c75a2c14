import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultContract } from '../../../contract';
import {
  addColumnSql,
  columnType,
  createStagingTwinSql,
  createTableSql,
  schemaDdl,
  widenDecimalSql,
} from '../../../core/warehouse/ddl';
import { splitStatements } from '../../../core/warehouse/sql-statements';
import { beforeHistory } from './before-history';

const sales = defaultContract();

/** The statement without comments, case or layout: what Redshift parses. */
const tokens = (sql: string) =>
  sql
    .replace(/--[^\n]*/g, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),])\s*/g, '$1')
    .trim();

describe('DDL generated from the contract', () => {
  test('the sales tables, as the contract had them before dimensions kept history, are exactly the hand-written ones they replace: columns, keys, DISTSTYLE ALL dimensions, DISTKEY customer_key, SORTKEY date_key', () => {
    const handWritten = splitStatements(
      readFileSync(join(__dirname, 'fixtures', 'sales-ddl-before-contracts.sql'), 'utf8'),
    );
    const before = beforeHistory(sales);

    expect(before.tableNames.map((table) => tokens(createTableSql(before, table)))).toEqual(
      handWritten.map(tokens),
    );
  });

  test('sourced dimensions end with the platform columns: customer_dim (SCD2) its validity and both flags, the SCD1 ones is_inferred; the calendar and the fact are unchanged', () => {
    const before = beforeHistory(sales);
    const withColumns = (table: string, columns: string) =>
      tokens(createTableSql(before, table)).replace(',primary key', `,${columns},primary key`);

    expect(tokens(createTableSql(sales, 'customer_dim'))).toBe(
      withColumns(
        'customer_dim',
        'valid_from date not null,valid_to date not null,is_current boolean not null,is_inferred boolean not null',
      ),
    );
    for (const table of ['product_dim', 'location_dim'])
      expect(tokens(createTableSql(sales, table))).toBe(withColumns(table, 'is_inferred boolean not null'));
    for (const table of ['date_dim', 'sales_fact'])
      expect(createTableSql(sales, table)).toBe(createTableSql(before, table));
  });

  test.each(sales.tableNames)(
    'the staging twin of %s is its presentation table without keys, as LIKE made it',
    (table) => {
      const presentation = createTableSql(sales, table)
        .split('\n')
        .filter((line) => !/^\s*(primary|foreign) key/.test(line))
        .join('\n')
        .replace(/,(\n\))/, '$1')
        .replace('presentation.', 'staging.');

      expect(tokens(createStagingTwinSql(sales, table))).toBe(tokens(presentation));
    },
  );

  test('every physical-design clause carries a comment with its reason', () => {
    const fact = createTableSql(sales, 'sales_fact');
    expect(fact).toMatch(/-- DISTKEY customer_key: .+\ndistkey \(customer_key\)/);
    expect(fact).toMatch(/-- SORTKEY date_key: .+\nsortkey \(date_key\)$/);
    expect(createTableSql(sales, 'customer_dim')).toMatch(/-- DISTSTYLE ALL: .+\ndiststyle all$/);
  });

  test('creates dimensions before the facts that reference them, then the staging twins', () => {
    const created = schemaDdl(sales).map((sql) => /create table if not exists (\w+\.\w+)/.exec(sql)![1]);

    expect(created).toEqual([
      ...sales.tableNames.map((table) => `presentation.${table}`),
      ...sales.tableNames.map((table) => `staging.${table}`),
    ]);
  });

  test('spells every contract type as Redshift does', () => {
    expect(
      ['smallint', 'integer', 'bigint', 'decimal(18,2)', 'varchar(64)', 'date', 'boolean'].map(columnType),
    ).toEqual(['smallint', 'integer', 'bigint', 'decimal(18, 2)', 'varchar(64)', 'date', 'boolean']);
  });

  test('a NOT NULL platform column is added with the value existing rows get as its DEFAULT: a date or a flag', () => {
    expect(
      addColumnSql('customer_dim', { name: 'valid_to', type: 'date', nullable: false }, '9999-12-31'),
    ).toBe(
      "alter table presentation.customer_dim add column valid_to date default cast('9999-12-31' as date) not null",
    );
    expect(
      addColumnSql('product_dim', { name: 'is_inferred', type: 'boolean', nullable: false }, false),
    ).toBe('alter table presentation.product_dim add column is_inferred boolean default false not null');
  });

  test('fails to add a column whose text fill is not a date (a DEFAULT must not carry arbitrary text)', () => {
    expect(() =>
      addColumnSql(
        'customer_dim',
        { name: 'valid_to', type: 'date', nullable: false },
        "9999'; drop table x",
      ),
    ).toThrow(/a column fill must be a date \(got 9999'; drop table x\)/);
  });

  test('a NOT NULL decimal is widened through a new column filled by a DEFAULT the copy overwrites', () => {
    expect(
      widenDecimalSql('sales_fact', { name: 'discount', type: 'decimal(20,2)', nullable: false }),
    ).toEqual([
      'alter table presentation.sales_fact add column discount__widened decimal(20, 2) default 0 not null',
      'update presentation.sales_fact set discount__widened = discount',
      'alter table presentation.sales_fact drop column discount',
      'alter table presentation.sales_fact rename column discount__widened to discount',
    ]);
  });
});
