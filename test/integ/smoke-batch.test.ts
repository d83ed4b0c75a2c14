import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { localState } from '../../local/pipeline/local-state';
import { PgliteExecutor } from '../../adapters/local/pglite-executor';
import {
  EXPECTED_ROW_COUNTS,
  readyMarkerKeys,
  ROW_COUNTS_SQL,
  SMOKE_BATCH_DATE,
  SMOKE_BATCH_DIR,
  smokeBatchObjects,
} from './smoke-batch';

// One local Spark run of the whole pipeline.
jest.setTimeout(10 * 60_000);

describe('the integration test smoke batch', () => {
  test('lands every contract dataset under <dataset>/ingest_date=<date>/ with one _READY marker each', () => {
    const objects = smokeBatchObjects();
    expect(objects.map((object) => object.key)).toEqual([
      `customers/ingest_date=${SMOKE_BATCH_DATE}/customers.csv`,
      `locations/ingest_date=${SMOKE_BATCH_DATE}/locations.csv`,
      `products/ingest_date=${SMOKE_BATCH_DATE}/products.csv`,
      `sales/ingest_date=${SMOKE_BATCH_DATE}/sales.csv`,
    ]);
    expect(readyMarkerKeys(objects)).toEqual([
      `customers/ingest_date=${SMOKE_BATCH_DATE}/_READY`,
      `locations/ingest_date=${SMOKE_BATCH_DATE}/_READY`,
      `products/ingest_date=${SMOKE_BATCH_DATE}/_READY`,
      `sales/ingest_date=${SMOKE_BATCH_DATE}/_READY`,
    ]);
  });

  test('yields the row counts the integration test asserts, through the local pipeline (local PySpark, PGlite)', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'smoke-'));
    try {
      const state = path.join(work, 'state');
      await runLocalPipeline({ input: SMOKE_BATCH_DIR, out: path.join(work, 'out'), state });
      const warehouse = await PgliteExecutor.create({
        objectRoot: work,
        dataDir: localState(state).warehouseDir,
      });
      try {
        const [row] = await warehouse.query<Record<string, string>>({ sql: ROW_COUNTS_SQL });
        const counts = Object.entries(row).map(([name, count]) => [name, Number(count)]);
        expect(counts).toEqual(EXPECTED_ROW_COUNTS);
      } finally {
        await warehouse.close();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
