import { defaultContract } from '../../../contract';
import { buildLoadPlan } from '../../../core/warehouse/load-plan';

const sales = defaultContract();
const plan = (table: string) =>
  buildLoadPlan(sales, { table, batchDate: '2024-01-31', curatedBucket: 'curated', loadedAt: new Date(0) });

/** Every `schema.table` a statement names. */
const tablesIn = (sql: string) => [...sql.matchAll(/\b(staging|presentation)\.([a-z_]+)/g)].map((m) => m[0]);

describe('load plan', () => {
  test.each(sales.tableNames)(
    'the data transaction of %s touches only its own staging and presentation tables, so parallel loads cannot conflict',
    (table) => {
      const touched = new Set(plan(table).load.flatMap((statement) => tablesIn(statement.sql)));
      expect([...touched].sort()).toEqual([`presentation.${table}`, `staging.${table}`]);
    },
  );

  test('the audit transaction takes the load_audit lock before it writes the audit row', () => {
    const audit = plan('customer_dim').audit.map((statement) => statement.sql);
    expect(audit[0]).toMatch(/^lock staging\.load_audit$/m);
    expect(audit.slice(1).join('\n')).toMatch(
      /delete from staging\.load_audit[\s\S]*insert into staging\.load_audit/,
    );
    expect(audit.at(-1)).toMatch(/^delete from staging\.customer_dim$/m);
  });
});
