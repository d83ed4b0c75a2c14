import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import { Contract } from '../../../contract';
import { PgliteExecutor } from '../../../adapters/local/pglite-executor';
import { computeKpis } from '../../../local/pipeline/kpis';
import { LOCAL_BUCKETS } from '../../../local/pipeline/local-state';
import { testContract } from '../../helpers/contracts';

/** The readings contract with KPI queries of its own. */
function readingsWithKpis(kpis: { name: string; sql: string }[]): Contract {
  return Contract.fromSpec({ ...testContract('readings').spec, kpis });
}

describe('computeKpis (PGlite, local folder store)', () => {
  let work: string;
  let warehouse: PgliteExecutor;
  let store: LocalFolderObjectStore;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'kpis-'));
    warehouse = await PgliteExecutor.create({ objectRoot: work });
    store = new LocalFolderObjectStore(work);
    // The star tables of the readings contract, as far as the figures read them.
    for (const sql of [
      'create schema presentation',
      'create table presentation.sensor_dim (sensor_key bigint, sensor_code varchar(12), is_inferred boolean)',
      // Sensor c is a placeholder: a reading named it before it arrived.
      "insert into presentation.sensor_dim values (-1, 'Unknown', false), (1, 'a', false), (2, 'b', false), (3, 'c', true)",
      'create table presentation.day_dim (date_key integer, is_weekend boolean)',
      'insert into presentation.day_dim values (-1, false), (20240301, false)',
      `create table presentation.reading_fact (reading_key bigint, reading_id bigint, sensor_key bigint,
         date_key integer, temperature decimal(5,2), humidity smallint, battery decimal(4,1), heat_index decimal(8,2))`,
      `insert into presentation.reading_fact values (1, 10, 1, 20240301, 20.25, 40, 3.5, 24.25),
         (2, 11, -1, 20240301, -5.10, null, null, null), (3, 12, 2, -1, 1.005, 7, 0.1, 1.71)`,
    ])
      await warehouse.execute({ sql });
    const report = (rejected: Record<string, number>) => JSON.stringify({ rejected_by_reason: rejected });
    await store.write(
      LOCAL_BUCKETS.quarantine,
      'readings/ingest_date=2024-03-01/a.report.json',
      report({ MISSING_VALUE: 2, OUT_OF_RANGE: 0 }),
    );
    await store.write(
      LOCAL_BUCKETS.quarantine,
      'readings/ingest_date=2024-03-02/b.report.json',
      report({ MISSING_VALUE: 1 }),
    );
    await store.write(
      LOCAL_BUCKETS.quarantine,
      'sensors/ingest_date=2024-03-01/s.report.json',
      report({ INVALID_TYPE: 0 }),
    );
  });
  afterAll(async () => {
    await warehouse?.close();
    await rm(work, { recursive: true, force: true });
  });

  test("writes the contract's KPIs in its order, scalars and labelled values, then rejects and star-table figures", async () => {
    const contract = readingsWithKpis([
      {
        name: 'reading_count',
        sql: "select 'reading_count' as kpi, null as label, count(*) as value from presentation.reading_fact",
      },
      {
        name: 'temperature_by_sensor',
        sql: `select 'temperature_by_sensor' as kpi, sensor_key::varchar as label, sum(temperature) as value
              from presentation.reading_fact group by sensor_key order by sensor_key`,
      },
    ]);

    const kpis = await computeKpis(contract, warehouse, store);

    expect(JSON.stringify(kpis)).toBe(
      JSON.stringify({
        reading_count: 3,
        temperature_by_sensor: { '-1': -5.1, '1': 20.25, '2': 1.01 },
        rejected_by_dataset: { sensors: {}, readings: { MISSING_VALUE: 3 } },
        tables: {
          sensor_dim: { rows: 3, members: 3, inferred: 1 },
          day_dim: { rows: 1 },
          reading_fact: {
            rows: 3,
            sums: { temperature: 16.16, humidity: 47, battery: 3.6, heat_index: 25.96 },
            on_inferred: { sensor_key: 0 },
          },
        },
      }),
    );
  });

  test('fails on a KPI query without the kpi, label and value columns, naming it', async () => {
    const contract = readingsWithKpis([{ name: 'broken', sql: 'select 1 as n' }]);
    await expect(computeKpis(contract, warehouse, store)).rejects.toThrow(
      'KPI query broken must return the columns kpi, label and value',
    );
  });

  test('fails on a KPI named like a field the platform writes', async () => {
    const contract = readingsWithKpis([
      { name: 'clash', sql: "select 'tables' as kpi, null as label, 1 as value" },
    ]);
    await expect(computeKpis(contract, warehouse, store)).rejects.toThrow(
      /clash: tables is a field the platform writes/,
    );
  });

  test('fails on a KPI with values both with and without a label', async () => {
    const contract = readingsWithKpis([
      { name: 'mixed', sql: "select 'm' as kpi, null as label, 1 as value union all select 'm', 'x', 2" },
    ]);
    await expect(computeKpis(contract, warehouse, store)).rejects.toThrow(
      /mixed: m has values both with and without a label/,
    );
  });
});
