import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultContract } from '../../contract';
import { generateBatches, writeBatchFolders } from '../../local/sample-data';
import { BatchFailedError, runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { localState } from '../../local/pipeline/local-state';
import { BatchInputError } from '../../local/pipeline/batch-folders';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';
import { expectedKpis } from './kpi-oracle';

// The whole platform on this machine: validator, local PySpark, PGlite, the synthesized state
// machine on the local interpreter. Each run starts Spark once per batch, hence the timeout.
jest.setTimeout(15 * 60_000);

/** Money compared to the cent, everything else exactly. */
function roundedToCents<T>(kpis: T): T {
  return JSON.parse(JSON.stringify(kpis), (_key, value) =>
    typeof value === 'number' ? Math.round(value * 100) / 100 : value,
  );
}

describe('local pipeline end to end (local PySpark, PGlite, local Step Functions interpreter)', () => {
  const batches = generateBatches({ days: 2, salesPerDay: 1500, eventsPerDay: 50, seed: 11 });
  let work: string;
  let input: string;
  let state: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'e2e-'));
    input = path.join(work, 'input');
    state = path.join(work, 'state');
    await writeBatchFolders(input, batches);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('computes every KPI as the pipeline rules give it for two batches with updates, orphans, rejects and streamed events', async () => {
    const result = await runLocalPipeline({ input, out: path.join(work, 'out1'), state });
    const expected = expectedKpis(defaultContract(), batches);
    expect(roundedToCents(result.kpis)).toEqual(roundedToCents(expected));
    const written = JSON.parse(await readFile(path.join(work, 'out1', 'kpis.json'), 'utf8'));
    expect(written).toEqual(result.kpis);
    expect(Object.keys(expected.revenue_by_region)).toContain('(inferred)');
    expect(expected.tables.customer_dim.rows).toBeGreaterThan(expected.tables.customer_dim.members);
    const quality = JSON.parse(
      await readFile(path.join(work, 'out1', batches[1].date, 'quality.json'), 'utf8'),
    );
    expect(quality).toMatchObject({ passed: true });
  });

  test('re-running the same batches into the same state leaves the KPIs identical', async () => {
    await runLocalPipeline({ input, out: path.join(work, 'out2'), state });
    const first = await readFile(path.join(work, 'out1', 'kpis.json'), 'utf8');
    expect(await readFile(path.join(work, 'out2', 'kpis.json'), 'utf8')).toBe(first);
  });

  test('replaying the last batch alone (--from) leaves the KPIs identical; a replay that stops before it is refused untouched', async () => {
    const [first, second] = batches.map((batch) => batch.date);
    await runLocalPipeline({ input, out: path.join(work, 'out-replay'), state, from: second });
    const clean = await readFile(path.join(work, 'out1', 'kpis.json'), 'utf8');
    expect(await readFile(path.join(work, 'out-replay', 'kpis.json'), 'utf8')).toBe(clean);

    const early = runLocalPipeline({ input, out: path.join(work, 'out-early'), state, to: first });
    await expect(early).rejects.toThrow(BatchInputError);
    await expect(early).rejects.toThrow(
      `the state holds batches after ${first} (${second}): a replay must run through ${second} so their changes stay on top; drop --to, or include those batches`,
    );
    await expect(readFile(path.join(work, 'out-early', 'kpis.json'))).rejects.toThrow(/ENOENT/);
  });

  test('fails a batch with a FAILED file, naming batch, step and reason, and keeps earlier batches loaded', async () => {
    const bad = path.join(work, 'bad');
    const third = generateBatches({ days: 3, salesPerDay: 1500, eventsPerDay: 50, seed: 11 })[2];
    await writeBatchFolders(bad, [third]);
    // A sales file without its quantity column fails as a whole: MISSING_COLUMN.
    const sales = third.files.sales.toString('latin1').replace('quantity,', 'qty,');
    await writeFile(path.join(bad, third.date, 'sales.csv'), Buffer.from(sales, 'latin1'));

    const run = runLocalPipeline({ input: bad, out: path.join(work, 'out3'), state });
    await expect(run).rejects.toThrow(BatchFailedError);
    await expect(run).rejects.toThrow(
      new RegExp(`batch ${third.date} failed at ValidationFailed: ValidationFailed: .*MISSING_COLUMN`),
    );

    const warehouse = await PgliteExecutor.create({
      objectRoot: work,
      dataDir: localState(state).warehouseDir,
    });
    try {
      const [{ count }] = await warehouse.query<{ count: string }>({
        sql: 'select count(*) as count from presentation.sales_fact',
      });
      expect(Number(count)).toBe(expectedKpis(defaultContract(), batches).sales_count);
    } finally {
      await warehouse.close();
    }
  });
});
