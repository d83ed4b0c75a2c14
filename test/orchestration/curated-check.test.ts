import { STAR_TABLE_NAMES } from '../../lib/contracts';
import { checkCuratedOutput, CuratedOutputError } from '../../lambdas/shared/orchestration/curated-check';
import { validationResult } from './local-stand-ins';

const DATE = '2024-03-05';
const manifest = (tables: Record<string, number>) => JSON.stringify({ batch_date: DATE, tables, inputs: [] });
const counts = (overrides: Record<string, number> = {}) => ({
  ...Object.fromEntries(STAR_TABLE_NAMES.map((table) => [table, 5])),
  ...overrides,
});
/** An in-memory manifest store standing in for the curated bucket. */
const reader = (text: string | undefined) => async () => text;
const validation = ['sales', 'customers'].map((dataset) =>
  validationResult(`${dataset}/ingest_date=${DATE}/${dataset}.csv`),
);

describe('checkCuratedOutput (in-memory manifest)', () => {
  test('returns the row counts of a complete manifest', async () => {
    await expect(
      checkCuratedOutput({ batchDate: DATE, validation }, 'curated', reader(manifest(counts()))),
    ).resolves.toEqual({
      batchDate: DATE,
      manifest: `s3://curated/gold/_manifests/batch_date=${DATE}/manifest.json`,
      tables: counts(),
    });
  });

  test('accepts zero rows for a table whose source brought no rows', async () => {
    await expect(
      checkCuratedOutput(
        { batchDate: DATE, validation },
        'curated',
        reader(manifest(counts({ product_dim: 0 }))),
      ),
    ).resolves.toMatchObject({ tables: { product_dim: 0 } });
  });

  test('fails when the manifest is missing', async () => {
    await expect(
      checkCuratedOutput({ batchDate: DATE, validation }, 'curated', reader(undefined)),
    ).rejects.toThrow(
      new CuratedOutputError(
        `manifest s3://curated/gold/_manifests/batch_date=${DATE}/manifest.json is missing: the star-schema job published no output`,
      ),
    );
  });

  test('fails when a table is empty although its source had accepted rows', async () => {
    await expect(
      checkCuratedOutput(
        { batchDate: DATE, validation },
        'curated',
        reader(manifest(counts({ sales_fact: 0, date_dim: 0 }))),
      ),
    ).rejects.toThrow(
      /date_dim has 0 rows but sales had 10 accepted rows; sales_fact has 0 rows but sales had 10 accepted rows/,
    );
  });

  test('fails on a manifest of another date or without counts', async () => {
    const other = JSON.stringify({ batch_date: '2024-03-04', tables: counts() });
    await expect(checkCuratedOutput({ batchDate: DATE, validation }, 'c', reader(other))).rejects.toThrow(
      /manifest s3:\/\/c\/.* is unusable: manifest batch_date is "2024-03-04", expected "2024-03-05"/,
    );
    await expect(
      checkCuratedOutput({ batchDate: DATE, validation }, 'c', reader('not json')),
    ).rejects.toThrow(CuratedOutputError);
  });
});
