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

  test('an SCD2 dimension (customer_dim) deletes the versions staging lacks, then merges its versions on the surrogate key, updating every other column', () => {
    const [empty, copy, undo, merge] = plan('customer_dim').load.map((statement) => statement.sql);

    expect(empty).toMatch(/^delete from staging\.customer_dim$/m);
    expect(copy).toMatch(/^copy staging\.customer_dim$/m);
    expect(undo).toMatch(
      /^delete from presentation\.customer_dim\nwhere customer_key not in \(\n\s+select staged\.customer_key\n\s+from staging\.customer_dim as staged\n\)$/m,
    );
    expect(merge).toMatch(/on presentation\.customer_dim\.customer_key = staged\.customer_key$/m);
    const others = sales
      .table('customer_dim')
      .columns.map((column) => column.name)
      .filter((column) => column !== 'customer_key');
    expect(merge).toContain(
      `update set ${others.map((column) => `${column} = staged.${column}`).join(', ')}`,
    );
  });

  test.each(['product_dim', 'date_dim', 'sales_fact'])(
    '%s (SCD1, calendar or fact) merges on its natural key and deletes nothing from presentation',
    (table) => {
      const statements = plan(table).load.map((statement) => statement.sql);
      const { naturalKey } = sales.table(table);

      expect(statements).toHaveLength(3);
      expect(statements.join('\n')).not.toMatch(/delete from presentation/);
      expect(statements[2]).toMatch(
        new RegExp(`on presentation\\.${table}\\.${naturalKey} = staged\\.${naturalKey}$`, 'm'),
      );
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
