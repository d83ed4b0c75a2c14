import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultContract } from '../../contract';
import { generateBatches, writeBatchFolders } from '../../local/sample-data';
import { runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { localState } from '../../local/pipeline/local-state';
import { LakeQueryResult, LocalLake } from '../../local/query/local-lake';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';

// One local pipeline run (validator, local PySpark, PGlite) shared by every test: Spark makes it slow.
jest.setTimeout(15 * 60_000);

/** A value as text, numbers to the cent and beyond: `27` and `27.00` agree, `27.01` does not. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const number = /^(-?\d+)(?:\.(\d+))?$/.exec(String(value));
  if (!number) return String(value);
  return `${BigInt(number[1])}.${(number[2] ?? '').replace(/0+$/, '').padEnd(2, '0')}`;
}

function canonicalRows(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) => JSON.stringify(Object.entries(row).map(([column, value]) => [column, canonical(value)])))
    .sort();
}

function rowObjects({ columns, rows }: LakeQueryResult): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column.name, row[i]])));
}

describe('lake named queries on DuckDB agree with the warehouse marts on PGlite (one local PySpark pipeline run)', () => {
  // Two batches: the second re-sends sales of the first and updates dimension members (SCD1).
  const batches = generateBatches({ days: 2, salesPerDay: 400, eventsPerDay: 20, seed: 29 });
  let work: string;
  let lake: LocalLake;
  let warehouse: PgliteExecutor;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'lake-agreement-'));
    const input = path.join(work, 'input');
    const stateDir = path.join(work, 'state');
    await writeBatchFolders(input, batches);
    await runLocalPipeline({ input, out: path.join(work, 'out'), state: stateDir });
    const state = localState(stateDir);
    lake = await LocalLake.open(defaultContract(), stateDir);
    warehouse = await PgliteExecutor.create({ objectRoot: state.lakeRoot, dataDir: state.warehouseDir });
  });
  afterAll(async () => {
    lake?.close();
    await warehouse?.close();
    await rm(work, { recursive: true, force: true });
  });

  test('the gold fact holds re-sent sales: some sale_id is in two batch_date partitions', async () => {
    const { rows } = await lake.query(
      'select count(*) as fact_rows, count(distinct sale_id) as sales, count(distinct batch_date) as batches from sales_fact',
    );
    const [factRows, sales, batchCount] = rows[0].map(Number);
    expect(batchCount).toBe(2);
    expect(factRows).toBeGreaterThan(sales);
  });

  test.each(defaultContract().spec.lakeQueries.map((query) => [query.name, query.sql]))(
    '%s agrees to the cent with its mart, row for row and column for column',
    async (name, sql) => {
      const lakeResult = await lake.query(sql);
      const martRows = await warehouse.query({ sql: `select * from presentation.mv_${name}` });
      expect(martRows.length).toBeGreaterThan(0);
      expect(lakeResult.columns.map((column) => column.name)).toEqual(Object.keys(martRows[0]));
      expect(canonicalRows(rowObjects(lakeResult))).toEqual(canonicalRows(martRows));
    },
  );

  test('fails to agree when every partition counts: without the latest-batch filter a re-sent sale is summed twice', async () => {
    const query = defaultContract().spec.lakeQueries.find(
      (candidate) => candidate.name === 'sales_by_region_month',
    )!;
    const everyVersion = query.sql.replace('where version_rank = 1', 'where version_rank >= 1');
    expect(everyVersion).not.toBe(query.sql);
    const martRows = await warehouse.query({ sql: 'select * from presentation.mv_sales_by_region_month' });
    expect(canonicalRows(rowObjects(await lake.query(everyVersion)))).not.toEqual(canonicalRows(martRows));
  });
});
