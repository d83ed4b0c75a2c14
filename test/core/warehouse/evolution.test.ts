/**
 * Contract evolution on a real PostgreSQL engine (PGlite): a warehouse that runs the sales
 * contract and holds two loaded batches and built marts is migrated to a changed contract.
 * Each additive change kind must keep every existing value and fill the new ones as the
 * contract's rules say; a breaking change must leave the warehouse exactly as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BreakingContractChangeError,
  Contract,
  ContractSpec,
  defaultContract,
  parseContract,
} from '../../../contract';
import { readMigrations } from '../../../contract/sql-files';
import { recordedContract } from '../../../core/warehouse/contract-versions';
import { planContractMigration, UnsupportedContractChangeError } from '../../../core/warehouse/evolution';
import { loadTables } from '../../../core/warehouse/load-plan';
import { parseManifest } from '../../../core/warehouse/manifest';
import { applyMigrations } from '../../../core/warehouse/migrations';
import { runQualityChecks } from '../../../core/warehouse/quality-checks';
import { refreshMarts } from '../../../core/warehouse/refresh-marts';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';
import { beforeHistory } from './before-history';
import { dumpWarehouse } from './warehouse-dump';

const sales = defaultContract();
const OBJECT_ROOT = join(__dirname, 'fixtures', 'objects');

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
type Spec = Mutable<ContractSpec>;

/** The sales contract with `change` applied, as version `version`, checked like any contract. */
function evolve(version: string, change: (spec: Spec) => void): Contract {
  const spec = JSON.parse(JSON.stringify(sales)) as Spec;
  spec.version = version;
  change(spec);
  return parseContract(JSON.stringify(spec), { source: `contract ${version}` });
}

const addLoyaltyTier = (spec: Spec) => {
  spec.datasets.customers.columns.push({
    name: 'loyalty_tier',
    type: 'string',
    required: false,
    storage: 'varchar(32)',
  });
  spec.star.customer_dim.columns.push({ name: 'loyalty_tier', type: 'varchar(32)', nullable: true });
};
const addChannelDimension = (spec: Spec) => {
  spec.datasets.channels = {
    description: 'Sales channels',
    key: 'channel_id',
    rejectThreshold: 0.05,
    rules: [],
    columns: [
      { name: 'channel_id', type: 'int', required: true, min: 1, storage: 'bigint' },
      { name: 'channel_name', type: 'string', required: true, storage: 'varchar(64)' },
    ],
  };
  spec.star.channel_dim = {
    kind: 'dimension',
    source: 'channels',
    surrogateKey: 'channel_key',
    naturalKey: 'channel_id',
    foreignKeys: {},
    nonNegative: [],
    distStyle: 'all',
    sortKey: [],
    columns: [
      { name: 'channel_key', type: 'bigint', nullable: false },
      { name: 'channel_id', type: 'bigint', nullable: false },
      { name: 'channel_name', type: 'varchar(64)', nullable: false },
    ],
  };
  spec.loadOrder.splice(spec.loadOrder.indexOf('sales_fact'), 0, 'channel_dim');
  spec.datasets.sales.columns.push({ name: 'channel_id', type: 'int', required: false, storage: 'bigint' });
  spec.star.sales_fact.foreignKeys.channel_key = { references: 'channel_dim', via: 'channel_id' };
  // In the middle of the fact, where ALTER TABLE cannot put it: staging must still follow the contract.
  const at = spec.star.sales_fact.columns.findIndex((column) => column.name === 'date_key') + 1;
  spec.star.sales_fact.columns.splice(at, 0, { name: 'channel_key', type: 'bigint', nullable: false });
};
const widenRegion = (spec: Spec) => {
  spec.star.location_dim.columns.find((column) => column.name === 'region')!.type = 'varchar(128)';
};
const widenTaxAmount = (spec: Spec) => {
  spec.star.sales_fact.columns.find((column) => column.name === 'tax_amount')!.type = 'decimal(20,2)';
};

let warehouse: PgliteExecutor;
const rows = async (sql: string) => (await warehouse.db.query<Record<string, unknown>>(sql)).rows;
const migrate = (contract: Contract) =>
  applyMigrations(warehouse, { contract, migrations: readMigrations(), appliedAt: new Date('2024-02-02') });
const columnsOf = async (table: string) =>
  rows(`select attname as name, format_type(atttypid, atttypmod) as type, attnotnull as not_null
        from pg_attribute where attrelid = '${table}'::regclass and attnum > 0 and not attisdropped
        order by attnum`);
const recordedMarts = async () =>
  (await rows("select version from public.schema_migrations where version like 'mv_%' order by 1")).map(
    (row) => row.version,
  );

describe('a warehouse on the sales contract, holding two batches and built marts', () => {
  /** A warehouse on the sales contract with both fixture batches loaded and the marts built: each test starts from a copy. */
  let prepared: PgliteExecutor;
  beforeAll(async () => {
    prepared = await PgliteExecutor.create({ objectRoot: OBJECT_ROOT });
    await applyMigrations(prepared, {
      contract: sales,
      migrations: readMigrations(),
      appliedAt: new Date('2024-02-01'),
    });
    for (const batchDate of ['2024-01-30', '2024-01-31'])
      await loadTables(prepared, sales, {
        tables: sales.tableNames,
        batchDate,
        curatedBucket: 'curated',
        loadedAt: new Date('2024-02-01'),
      });
    await refreshMarts(prepared, sales, new Date('2024-02-01'));
  });
  afterAll(async () => {
    await prepared.close();
  });
  beforeEach(async () => {
    warehouse = await prepared.clone();
  });
  afterEach(async () => {
    await warehouse.close();
  });

  describe('additive contract changes (PGlite)', () => {
    test('a new nullable column is NULL on existing rows; the staging twin gets it too', async () => {
      const before = await rows('select * from presentation.customer_dim order by customer_key');
      const v2 = evolve('1.2.0', addLoyaltyTier);

      expect(await migrate(v2)).toEqual([
        'contract/1.2.0/customer_dim.loyalty_tier/column-added',
        'contract/1.2.0',
      ]);

      expect(await rows('select * from presentation.customer_dim order by customer_key')).toEqual(
        before.map((row) => ({ ...row, loyalty_tier: null })),
      );
      expect((await columnsOf('staging.customer_dim')).map((column) => column.name)).toEqual(
        v2.table('customer_dim').columns.map((column) => column.name),
      );
    });

    test('a new foreign key (to a new dimension) gives existing fact rows the Unknown member', async () => {
      const before = await rows('select * from presentation.sales_fact order by sale_key');
      const v2 = evolve('1.2.0', addChannelDimension);

      expect(await migrate(v2)).toEqual([
        'contract/1.2.0/channel_dim/table-added',
        'contract/1.2.0/sales_fact.channel_key/foreign-key-added',
        'contract/1.2.0',
      ]);

      expect(await rows('select * from presentation.sales_fact order by sale_key')).toEqual(
        before.map((row) => ({ ...row, channel_key: -1 })),
      );
      expect((await columnsOf('presentation.sales_fact')).at(-1)).toEqual({
        name: 'channel_key',
        type: 'bigint',
        not_null: true,
      });
      expect(
        await rows(
          "select pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = 'presentation.sales_fact'::regclass and contype = 'f' and pg_get_constraintdef(oid) like '%channel%'",
        ),
        // NOT VALID: the local twin of Redshift's informational key (redshift-to-postgres.ts).
      ).toEqual([
        {
          definition: 'FOREIGN KEY (channel_key) REFERENCES presentation.channel_dim(channel_key) NOT VALID',
        },
      ]);
      // COPY maps Parquet columns by position: staging follows the contract, not presentation.
      expect((await columnsOf('staging.sales_fact')).map((column) => column.name)).toEqual(
        v2.table('sales_fact').columns.map((column) => column.name),
      );
      expect(await rows('select count(*)::int as n from presentation.channel_dim')).toEqual([{ n: 0 }]);
    });

    test('a widened varchar keeps its values; the marts reading the table are dropped, then rebuilt by the marts step', async () => {
      const before = await rows('select location_key, region from presentation.location_dim order by 1');
      const mart = await rows('select * from presentation.mv_sales_by_region_month order by region');
      const v2 = evolve('1.2.0', widenRegion);

      expect(await migrate(v2)).toEqual([
        'contract/1.2.0/location_dim.region/column-widened',
        'contract/1.2.0',
      ]);

      expect(await rows('select location_key, region from presentation.location_dim order by 1')).toEqual(
        before,
      );
      expect(
        (await columnsOf('presentation.location_dim')).find((column) => column.name === 'region'),
      ).toEqual({
        name: 'region',
        type: 'character varying(128)',
        not_null: true,
      });
      expect(await recordedMarts()).toEqual(['mv_customer_value', 'mv_sales_by_category_month']);
      expect(
        await rows(
          "select count(*)::int as n from pg_matviews where matviewname = 'mv_sales_by_region_month'",
        ),
      ).toEqual([{ n: 0 }]);

      expect((await refreshMarts(warehouse, v2, new Date())).built).toEqual(['mv_sales_by_region_month']);
      expect(await rows('select * from presentation.mv_sales_by_region_month order by region')).toEqual(mart);
    });

    test('a widened decimal keeps its values and NOT NULL, through a copy of the column', async () => {
      const before = await rows('select sale_key, tax_amount from presentation.sales_fact order by 1');
      const v2 = evolve('1.2.0', widenTaxAmount);

      expect(await migrate(v2)).toEqual([
        'contract/1.2.0/sales_fact.tax_amount/column-widened',
        'contract/1.2.0',
      ]);

      expect(await rows('select sale_key, tax_amount from presentation.sales_fact order by 1')).toEqual(
        before,
      );
      expect(
        (await columnsOf('presentation.sales_fact')).find((column) => column.name === 'tax_amount'),
      ).toEqual({
        name: 'tax_amount',
        type: 'numeric(20,2)',
        not_null: true,
      });
      expect((await columnsOf('staging.sales_fact')).map((column) => column.name)).toEqual(
        v2.table('sales_fact').columns.map((column) => column.name),
      );
    });

    test('every kind at once, then the same contract again: the second run changes nothing', async () => {
      const v2 = evolve('2.0.0', (spec) =>
        [addLoyaltyTier, addChannelDimension, widenRegion, widenTaxAmount].forEach((f) => f(spec)),
      );

      const applied = await migrate(v2);
      const after = await dumpWarehouse(warehouse.db);

      expect(applied).toHaveLength(6);
      expect(await recordedContract(warehouse)).toEqual(v2);
      expect(await migrate(v2)).toEqual([]);
      expect(await dumpWarehouse(warehouse.db)).toEqual(after);
    });
  });

  test('a migration interrupted before it recorded the contract completes on the next run, without repeating a step', async () => {
    const v2 = evolve('2.0.0', (spec) => [addLoyaltyTier, widenTaxAmount].forEach((change) => change(spec)));
    const { runTransaction } = warehouse;
    let interrupted = false;
    // The engine is real; only the last transaction (recording the contract) fails, once.
    warehouse.runTransaction = async (statements) => {
      if (!interrupted && statements.some((s) => /insert into public\.contract_versions/.test(s.sql))) {
        interrupted = true;
        throw new Error('connection lost');
      }
      return runTransaction.call(warehouse, statements);
    };

    await expect(migrate(v2)).rejects.toThrow('connection lost');
    expect(await recordedContract(warehouse)).toEqual(sales);
    expect(await migrate(v2)).toEqual(['contract/2.0.0']);

    expect(await recordedContract(warehouse)).toEqual(v2);
    expect(
      await rows(
        "select count(*)::int as n from public.schema_migrations where version like 'contract/2.0.0/%'",
      ),
    ).toEqual([{ n: 2 }]);
    expect((await columnsOf('presentation.customer_dim')).map((column) => column.name)).toContain(
      'loyalty_tier',
    );
  });

  describe('breaking contract changes (PGlite)', () => {
    // customer_dim tracks segment (SCD2): a dropped column is no longer tracked either.
    const dropSegment = (spec: Spec) => {
      spec.star.customer_dim.columns = spec.star.customer_dim.columns.filter(
        (column) => column.name !== 'segment',
      );
      spec.star.customer_dim.tracked = spec.star.customer_dim.tracked?.filter(
        (column) => column !== 'segment',
      );
    };

    test('fails with one line per breaking change, before anything is written', async () => {
      const before = await dumpWarehouse(warehouse.db);
      const v3 = evolve('3.0.0', (spec) => {
        dropSegment(spec);
        addLoyaltyTier(spec);
        spec.star.sales_fact.distKey = 'product_key';
      });

      const refused = migrate(v3);

      await expect(refused).rejects.toThrow(BreakingContractChangeError);
      await expect(refused).rejects.toThrow(
        'contract 3.0.0 has breaking changes from 1.1.0; write a migration that resolves each, or revert it:\n' +
          '  breaking  customer_dim.segment: column dropped\n' +
          '  breaking  sales_fact: physical design (distStyle, distKey, sortKey) changed; write a migration that alters the table',
      );
      expect(await dumpWarehouse(warehouse.db)).toEqual(before);
      expect(await recordedContract(warehouse)).toEqual(sales);
    });

    test('fails, before writing anything, on a hand-written migration longer than one Data API transaction', async () => {
      const before = await dumpWarehouse(warehouse.db);
      const v2 = evolve('2.0.0', (spec) => {
        dropSegment(spec);
        spec.migrations.push({
          name: 'drop_customer_segment',
          sql: [
            ...Array(39).fill('select 1'),
            'alter table presentation.customer_dim drop column segment',
          ].join(';\n'),
          resolves: ['customer_dim.segment'],
        });
      });

      await expect(migrate(v2)).rejects.toThrow(
        'migration/drop_customer_segment needs 42 statements in one transaction, and the Data API runs at most 40: split it',
      );
      expect(await dumpWarehouse(warehouse.db)).toEqual(before);
    });

    test('a hand-written migration that resolves it runs once, recorded; marts are rebuilt by the next marts step', async () => {
      const v2 = evolve('2.0.0', (spec) => {
        dropSegment(spec);
        spec.migrations.push({
          name: 'drop_customer_segment',
          sql: 'alter table presentation.customer_dim drop column segment',
          resolves: ['customer_dim.segment'],
        });
      });

      expect(await migrate(v2)).toEqual(['migration/drop_customer_segment', 'contract/2.0.0']);

      expect((await columnsOf('presentation.customer_dim')).map((column) => column.name)).toEqual(
        v2.table('customer_dim').columns.map((column) => column.name),
      );
      expect((await columnsOf('staging.customer_dim')).map((column) => column.name)).toEqual(
        v2.table('customer_dim').columns.map((column) => column.name),
      );
      expect(await recordedMarts()).toEqual([]);
      expect((await refreshMarts(warehouse, v2, new Date())).built).toHaveLength(3);
      expect(await migrate(v2)).toEqual([]);
    });

    test('on a new warehouse the hand-written migrations count as applied: the tables already have their shape', async () => {
      const v2 = evolve('2.0.0', (spec) => {
        dropSegment(spec);
        spec.migrations.push({
          name: 'drop_customer_segment',
          sql: 'alter table presentation.customer_dim drop column segment',
          resolves: ['customer_dim.segment'],
        });
      });
      const fresh = await PgliteExecutor.create({ objectRoot: OBJECT_ROOT });
      try {
        expect(
          await applyMigrations(fresh, { contract: v2, migrations: readMigrations(), appliedAt: new Date() }),
        ).toEqual([...readMigrations().map((file) => file.name), 'contract/2.0.0']);
        expect(
          (
            await fresh.db.query(
              "select version from public.schema_migrations where version like 'migration/%'",
            )
          ).rows,
        ).toEqual([{ version: 'migration/drop_customer_segment' }]);
      } finally {
        await fresh.close();
      }
    });
  });
});

describe('a warehouse recorded before dimensions kept history (sales 1.0.0), holding the first batch in every table', () => {
  const legacy = beforeHistory(sales);
  const FIRST_BATCH = '2024-01-30';
  const load = (executor: PgliteExecutor, batchDate: string) =>
    loadTables(executor, sales, {
      tables: sales.tableNames,
      batchDate,
      curatedBucket: 'curated',
      loadedAt: new Date('2024-02-01'),
    });
  const manifest = (batchDate: string) =>
    parseManifest(
      sales,
      readFileSync(join(OBJECT_ROOT, 'curated', sales.layoutPath('manifest', { date: batchDate })), 'utf8'),
      batchDate,
    );
  const tableRows = async (executor: PgliteExecutor, table: string) =>
    (await executor.db.query<Record<string, unknown>>(`select * from ${table} order by 1, 2`)).rows;

  /** The first batch as a 1.1.0 warehouse holds it, loaded from the fixtures: what the migration must arrive at. */
  let reference: PgliteExecutor;
  beforeAll(async () => {
    reference = await PgliteExecutor.create({ objectRoot: OBJECT_ROOT });
    await applyMigrations(reference, {
      contract: sales,
      migrations: readMigrations(),
      appliedAt: new Date(),
    });
    await load(reference, FIRST_BATCH);
  });
  afterAll(async () => {
    await reference.close();
  });
  beforeEach(async () => {
    // The old warehouse: the 1.0.0 tables, holding the reference rows' 1.0.0 columns and the load audit.
    warehouse = await PgliteExecutor.create({ objectRoot: OBJECT_ROOT });
    await applyMigrations(warehouse, {
      contract: legacy,
      migrations: readMigrations(),
      appliedAt: new Date(),
    });
    const copy = async (table: string, columns: readonly string[]) => {
      for (const row of await tableRows(reference, table))
        await warehouse.db.query(
          `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
          columns.map((column) => row[column]),
        );
    };
    for (const table of legacy.tableNames)
      await copy(
        `presentation.${table}`,
        legacy.table(table).columns.map((column) => column.name),
      );
    await copy('staging.load_audit', ['batch_date', 'star_table', 'staged_rows', 'loaded_at']);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  test('migrates to the 1.1.0 sales contract: the platform columns are added with DEFAULTs, existing rows become first versions (and no placeholders), the quality checks pass, and migrating again changes nothing', async () => {
    expect(await recordedContract(warehouse)).toEqual(legacy);
    expect((await columnsOf('presentation.customer_dim')).map((column) => column.name)).not.toContain(
      'valid_from',
    );

    expect(await migrate(sales)).toEqual([
      'contract/1.1.0/customer_dim.valid_from/column-added',
      'contract/1.1.0/customer_dim.valid_to/column-added',
      'contract/1.1.0/customer_dim.is_current/column-added',
      'contract/1.1.0/customer_dim.is_inferred/column-added',
      'contract/1.1.0/product_dim.is_inferred/column-added',
      'contract/1.1.0/location_dim.is_inferred/column-added',
      'contract/1.1.0',
    ]);

    const defaults = await rows(
      `select a.attname as name, pg_get_expr(d.adbin, d.adrelid) as default_value, a.attnotnull as not_null
       from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
       where a.attrelid = 'presentation.customer_dim'::regclass order by a.attnum`,
    );
    expect(defaults).toEqual([
      { name: 'valid_from', default_value: "'1900-01-01'::date", not_null: true },
      { name: 'valid_to', default_value: "'9999-12-31'::date", not_null: true },
      { name: 'is_current', default_value: 'true', not_null: true },
      { name: 'is_inferred', default_value: 'false', not_null: true },
    ]);
    for (const table of sales.tableNames)
      expect(await tableRows(warehouse, `presentation.${table}`)).toEqual(
        await tableRows(reference, `presentation.${table}`),
      );
    expect(
      await rows(
        "select count(*)::int as n from presentation.customer_dim where valid_from = '1900-01-01' and valid_to = '9999-12-31' and is_current and not is_inferred",
      ),
    ).toEqual([{ n: 3 }]);
    expect((await runQualityChecks(warehouse, sales, manifest(FIRST_BATCH))).passed).toBe(true);

    const migrated = await dumpWarehouse(warehouse.db);
    expect(await migrate(sales)).toEqual([]);
    expect(await dumpWarehouse(warehouse.db)).toEqual(migrated);
  });

  test('the next batch then loads on the migrated tables as on new ones: versions, keys and quality checks alike', async () => {
    const next = await reference.clone();
    try {
      await migrate(sales);
      await Promise.all([load(warehouse, '2024-01-31'), load(next, '2024-01-31')]);

      for (const table of sales.tableNames)
        expect(await tableRows(warehouse, `presentation.${table}`)).toEqual(
          await tableRows(next, `presentation.${table}`),
        );
    } finally {
      await next.close();
    }
    expect((await runQualityChecks(warehouse, sales, manifest('2024-01-31'))).passed).toBe(true);
  });
});

describe('evolution plan', () => {
  test('keeps every transaction within the 40 statements the Data API runs in one, however many tables', () => {
    const wide = evolve('1.2.0', (spec) => {
      for (let i = 0; i < 30; i++) {
        spec.datasets[`extra${i}`] = {
          description: `extra ${i}`,
          key: `extra${i}_id`,
          rejectThreshold: 0.05,
          rules: [],
          columns: [{ name: `extra${i}_id`, type: 'int', required: true, storage: 'bigint' }],
        };
        spec.star[`extra${i}_dim`] = {
          kind: 'dimension',
          source: `extra${i}`,
          surrogateKey: `extra${i}_key`,
          naturalKey: `extra${i}_id`,
          foreignKeys: {},
          nonNegative: [],
          distStyle: 'all',
          sortKey: [],
          columns: [
            { name: `extra${i}_key`, type: 'bigint', nullable: false },
            { name: `extra${i}_id`, type: 'bigint', nullable: false },
          ],
        };
        spec.loadOrder.unshift(`extra${i}_dim`);
      }
    });

    for (const recorded of [undefined, { revision: 1, contract: sales }]) {
      const plan = planContractMigration({ recorded, contract: wide, appliedAt: new Date() });
      // A step's transaction also holds its schema_migrations record: two statements.
      const sizes = [
        ...plan.steps.map((step) => step.statements.length + 2),
        ...plan.complete.map((t) => t.length),
      ];
      expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
    }
  });

  test('fails to plan a widening Redshift cannot carry out in place (a decimal in the sort key)', () => {
    const sortedByTax = evolve('1.1.1', (spec) => {
      spec.star.sales_fact.sortKey = ['date_key', 'tax_amount'];
    });
    const widened = evolve('1.2.0', (spec) => {
      spec.star.sales_fact.sortKey = ['date_key', 'tax_amount'];
      widenTaxAmount(spec);
    });

    expect(() =>
      planContractMigration({
        recorded: { revision: 1, contract: sortedByTax },
        contract: widened,
        appliedAt: new Date(),
      }),
    ).toThrow(UnsupportedContractChangeError);
    expect(() =>
      planContractMigration({
        recorded: { revision: 1, contract: sortedByTax },
        contract: widened,
        appliedAt: new Date(),
      }),
    ).toThrow(
      /sales_fact.tax_amount is a distribution or sort key of sales_fact.+write a migration that resolves sales_fact.tax_amount/,
    );
  });
});
