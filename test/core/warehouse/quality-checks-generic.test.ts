/**
 * The quality checks for a contract other than the sales example (PGlite): two facts, one
 * dimension referenced by both, a calendar that one fact references twice (role-playing dates),
 * a fact that records its batch and one that does not. The dimension keeps history (SCD2):
 * one fact picks its version by a date it resolves through the calendar, the other by a date
 * it keeps itself.
 */
import { parseContract } from '../../../contract';
import { readMigrations } from '../../../contract/sql-files';
import { applyMigrations } from '../../../core/warehouse/migrations';
import { buildQualityChecks, runQualityChecks } from '../../../core/warehouse/quality-checks';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';

const document = {
  version: '1.0.0',
  datasets: {
    carriers: {
      description: 'carriers',
      key: 'carrier_id',
      columns: [
        { name: 'carrier_id', type: 'int', required: true, storage: 'bigint' },
        { name: 'carrier_name', type: 'string', required: true, storage: 'varchar(64)' },
      ],
    },
    shipments: {
      description: 'shipments',
      key: 'shipment_id',
      columns: [
        { name: 'shipment_id', type: 'int', required: true, storage: 'bigint' },
        { name: 'carrier_id', type: 'int', required: true, storage: 'bigint' },
        { name: 'shipped_on', type: 'date', required: true, storage: 'date' },
        { name: 'delivered_on', type: 'date', required: true, storage: 'date' },
        { name: 'weight_kg', type: 'dec', required: true, storage: 'decimal(10,2)' },
        { name: 'rate', type: 'dec', required: true, storage: 'decimal(10,2)' },
      ],
    },
    claims: {
      description: 'claims',
      key: 'claim_id',
      columns: [
        { name: 'claim_id', type: 'int', required: true, storage: 'bigint' },
        { name: 'carrier_id', type: 'int', required: true, storage: 'bigint' },
        { name: 'claimed_on', type: 'date', required: true, storage: 'date' },
        { name: 'refund', type: 'dec', required: true, storage: 'decimal(10,2)' },
      ],
    },
  },
  star: {
    carrier_dim: {
      kind: 'dimension',
      source: 'carriers',
      surrogateKey: 'carrier_key',
      naturalKey: 'carrier_id',
      history: 'scd2',
      columns: [
        { name: 'carrier_key', type: 'bigint', nullable: false },
        { name: 'carrier_id', type: 'bigint', nullable: false },
        { name: 'carrier_name', type: 'varchar(64)', nullable: false },
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
    shipment_fact: {
      kind: 'fact',
      source: 'shipments',
      surrogateKey: 'shipment_key',
      naturalKey: 'shipment_id',
      foreignKeys: {
        carrier_key: { references: 'carrier_dim', asOf: 'shipped_on' },
        ship_date_key: { references: 'date_dim', via: 'shipped_on' },
        delivery_date_key: { references: 'date_dim', via: 'delivered_on' },
      },
      nonNegative: ['weight_kg'],
      columns: [
        { name: 'shipment_key', type: 'bigint', nullable: false },
        { name: 'shipment_id', type: 'bigint', nullable: false },
        { name: 'carrier_key', type: 'bigint', nullable: false },
        { name: 'ship_date_key', type: 'integer', nullable: false },
        { name: 'delivery_date_key', type: 'integer', nullable: false },
        { name: 'weight_kg', type: 'decimal(10,2)', nullable: false },
        { name: 'rate', type: 'decimal(10,2)', nullable: false },
        { name: 'cost', type: 'decimal(22,4)', nullable: false, derived: { mul: ['weight_kg', 'rate'] } },
        { name: 'batch_date', type: 'date', nullable: false },
      ],
    },
    claim_fact: {
      kind: 'fact',
      source: 'claims',
      surrogateKey: 'claim_key',
      naturalKey: 'claim_id',
      foreignKeys: { carrier_key: 'carrier_dim' },
      nonNegative: ['refund'],
      columns: [
        { name: 'claim_key', type: 'bigint', nullable: false },
        { name: 'claim_id', type: 'bigint', nullable: false },
        { name: 'carrier_key', type: 'bigint', nullable: false },
        { name: 'claimed_on', type: 'date', nullable: false },
        { name: 'refund', type: 'decimal(10,2)', nullable: false },
      ],
    },
  },
};
const shipping = parseContract(JSON.stringify(document));

const BATCH = '2024-03-02';
const manifest = {
  batchDate: BATCH,
  rowCounts: { carrier_dim: 3, date_dim: 3, shipment_fact: 1, claim_fact: 1 },
};
let warehouse: PgliteExecutor;

beforeAll(async () => {
  warehouse = await PgliteExecutor.create({ objectRoot: '/nonexistent' });
  await applyMigrations(warehouse, {
    contract: shipping,
    migrations: readMigrations(),
    appliedAt: new Date(),
  });
  await warehouse.db.exec(`
    -- Carrier 1 was renamed on 2024-03-02: version 10 closed, version 11 opened.
    insert into presentation.carrier_dim values
      (-1, -1, 'Unknown', '1900-01-01', '9999-12-31', true, false),
      (10, 1, 'Swift', '1900-01-01', '2024-03-02', false, false),
      (11, 1, 'Swift Freight', '2024-03-02', '9999-12-31', true, false);
    insert into presentation.date_dim values (-1, '1900-01-01'), (20240301, '2024-03-01'), (20240302, '2024-03-02');
    insert into presentation.shipment_fact values
      (100, 1, 10, 20240301, 20240302, 2.00, 1.50, 3.0000, '${BATCH}'),
      -- An earlier batch's row: the batch's checks leave it alone.
      (101, 2, 99, 20240301, 19990101, -1.00, 1.00, 5.0000, '2024-03-01');
    insert into presentation.claim_fact values (200, 1, 11, '2024-03-02', 4.00);
    insert into staging.load_audit
    select cast('${BATCH}' as date), t, n, now()
    from (values ('carrier_dim', 3), ('date_dim', 3), ('shipment_fact', 1), ('claim_fact', 1)) as counts (t, n);`);
});
afterAll(async () => {
  await warehouse.close();
});

/** Runs the checks with `breakage` applied in a transaction that is rolled back after. */
async function failedChecksAfter(breakage: string): Promise<string[]> {
  await warehouse.db.exec('begin');
  try {
    await warehouse.db.exec(breakage);
    const report = await runQualityChecks(warehouse, shipping, manifest);
    return report.checks.filter((check) => check.failedRows > 0).map((check) => check.name);
  } finally {
    await warehouse.db.exec('rollback');
  }
}

describe('quality checks of any contract (PGlite)', () => {
  test('cover every table in load order: each foreign key (both roles of the calendar), non-negative and derived column', () => {
    expect(buildQualityChecks(shipping, manifest).map((check) => check.name)).toEqual([
      'carrier_dim.staged_rows_match_manifest',
      'carrier_dim.unique_carrier_key',
      'carrier_dim.one_current_version_per_carrier_id',
      'carrier_dim.versions_do_not_overlap',
      'date_dim.staged_rows_match_manifest',
      'date_dim.unique_date_key',
      'shipment_fact.staged_rows_match_manifest',
      'shipment_fact.unique_shipment_key',
      'shipment_fact.unique_shipment_id',
      'shipment_fact.carrier_key_resolves_in_carrier_dim',
      'shipment_fact.ship_date_key_resolves_in_date_dim',
      'shipment_fact.delivery_date_key_resolves_in_date_dim',
      'shipment_fact.carrier_key_version_valid_at_shipped_on',
      'shipment_fact.weight_kg_not_negative',
      'shipment_fact.cost_equals_weight_kg_times_rate',
      'claim_fact.staged_rows_match_manifest',
      'claim_fact.unique_claim_key',
      'claim_fact.unique_claim_id',
      'claim_fact.carrier_key_resolves_in_carrier_dim',
      'claim_fact.carrier_key_version_valid_at_claimed_on',
      'claim_fact.refund_not_negative',
    ]);
  });

  test('skip the version check of a key whose as-of date the warehouse keeps nowhere (neither in the fact nor through a calendar key)', () => {
    const withoutDate = parseContract(
      JSON.stringify({
        ...document,
        star: {
          ...document.star,
          claim_fact: {
            ...document.star.claim_fact,
            columns: document.star.claim_fact.columns.filter((column) => column.name !== 'claimed_on'),
          },
        },
      }),
    );

    const names = buildQualityChecks(withoutDate, manifest).map((check) => check.name);

    expect(names).toContain('claim_fact.carrier_key_resolves_in_carrier_dim');
    expect(names.filter((name) => name.includes('_version_valid_at_'))).toEqual([
      'shipment_fact.carrier_key_version_valid_at_shipped_on',
    ]);
  });

  test("pass on clean data, leaving another batch's rows of a fact that records its batch alone", async () => {
    expect(await failedChecksAfter('select 1')).toEqual([]);
  });

  test.each([
    [
      'a delivery date is not in the calendar',
      "update presentation.shipment_fact set delivery_date_key = 20240401 where batch_date = '2024-03-02'",
      ['shipment_fact.delivery_date_key_resolves_in_date_dim'],
    ],
    [
      'a derived cost differs from weight x rate',
      "update presentation.shipment_fact set cost = 1 where batch_date = '2024-03-02'",
      ['shipment_fact.cost_equals_weight_kg_times_rate'],
    ],
    // claim_fact has no batch_date, so its checks look at every row.
    [
      'any claim has a negative refund',
      "insert into presentation.claim_fact values (201, 2, 11, '2024-03-02', -4.00)",
      ['claim_fact.refund_not_negative'],
    ],
    [
      'any claim names an unknown carrier',
      "insert into presentation.claim_fact values (201, 2, 77, '2024-03-02', 4.00)",
      ['claim_fact.carrier_key_resolves_in_carrier_dim'],
    ],
    // The version is picked by the ship date (2024-03-01), not by the delivery date (2024-03-02).
    [
      'a shipment names the carrier version that began after it shipped',
      "update presentation.shipment_fact set carrier_key = 11 where batch_date = '2024-03-02'",
      ['shipment_fact.carrier_key_version_valid_at_shipped_on'],
    ],
    [
      'a claim names the carrier version that ended on the day it was claimed',
      'update presentation.claim_fact set carrier_key = 10',
      ['claim_fact.carrier_key_version_valid_at_claimed_on'],
    ],
    [
      'a carrier has two current versions (so they overlap too)',
      "update presentation.carrier_dim set valid_to = '9999-12-31', is_current = true where carrier_key = 10",
      ['carrier_dim.one_current_version_per_carrier_id', 'carrier_dim.versions_do_not_overlap'],
    ],
  ])('fail when %s', async (_, breakage, expected) => {
    expect(await failedChecksAfter(breakage)).toEqual(expected);
  });
});
