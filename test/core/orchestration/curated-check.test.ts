import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import { defaultContract } from '../../../contract';
import { checkCuratedOutput, CuratedOutputError } from '../../../core/orchestration/curated-check';
import { validationResult } from '../../local/orchestration/local-stand-ins';

const contract = defaultContract();
const DATE = '2024-03-05';
const manifest = (tables: Record<string, number>) => JSON.stringify({ batch_date: DATE, tables, inputs: [] });
const counts = (overrides: Record<string, number> = {}) => ({
  ...Object.fromEntries(contract.tableNames.map((table) => [table, 5])),
  ...overrides,
});
/** A folder store standing in for the curated bucket, holding `text` as the batch's manifest. */
async function curated(text: string | undefined, bucket = 'curated') {
  const store = new LocalFolderObjectStore(await mkdtemp(path.join(tmpdir(), 'curated-check-')));
  if (text !== undefined) await store.write(bucket, contract.layoutPath('manifest', { date: DATE }), text);
  return store;
}
const validation = ['sales', 'customers'].map((dataset) =>
  validationResult(`${dataset}/ingest_date=${DATE}/${dataset}.csv`),
);

describe('checkCuratedOutput (local folder store)', () => {
  test('returns the row counts of a complete manifest', async () => {
    await expect(
      checkCuratedOutput(
        contract,
        { batchDate: DATE, validation },
        await curated(manifest(counts())),
        'curated',
      ),
    ).resolves.toEqual({
      batchDate: DATE,
      manifest: `s3://curated/gold/_manifests/batch_date=${DATE}/manifest.json`,
      tables: counts(),
    });
  });

  test('accepts zero rows for a table whose source brought no rows', async () => {
    const store = await curated(manifest(counts({ product_dim: 0 })));
    await expect(
      checkCuratedOutput(contract, { batchDate: DATE, validation }, store, 'curated'),
    ).resolves.toMatchObject({
      tables: { product_dim: 0 },
    });
  });

  test('fails when the manifest is missing', async () => {
    await expect(
      checkCuratedOutput(contract, { batchDate: DATE, validation }, await curated(undefined), 'curated'),
    ).rejects.toThrow(
      new CuratedOutputError(
        `manifest s3://curated/gold/_manifests/batch_date=${DATE}/manifest.json is missing: the star-schema job published no output`,
      ),
    );
  });

  test('fails when a table is empty although its source had accepted rows', async () => {
    const store = await curated(manifest(counts({ sales_fact: 0, date_dim: 0 })));
    await expect(
      checkCuratedOutput(contract, { batchDate: DATE, validation }, store, 'curated'),
    ).rejects.toThrow(
      /date_dim has 0 rows but sales had 10 accepted rows; sales_fact has 0 rows but sales had 10 accepted rows/,
    );
  });

  test('fails on a manifest of another date or without counts', async () => {
    const other = JSON.stringify({ batch_date: '2024-03-04', tables: counts() });
    await expect(
      checkCuratedOutput(contract, { batchDate: DATE, validation }, await curated(other, 'c'), 'c'),
    ).rejects.toThrow(
      /manifest s3:\/\/c\/.* is unusable: manifest batch_date is "2024-03-04", expected "2024-03-05"/,
    );
    await expect(
      checkCuratedOutput(contract, { batchDate: DATE, validation }, await curated('not json', 'c'), 'c'),
    ).rejects.toThrow(CuratedOutputError);
  });
});
