import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import { defaultContract } from '../../../contract';
import { EmptyBatchError, planBatch } from '../../../core/orchestration/plan-batch';
import { testContract } from '../../helpers/contracts';

const contract = defaultContract();
const BUCKET = 'raw-bucket';

/** A folder store holding `keys`, which records every prefix it is asked to list. */
async function storeWith(keys: string[]) {
  const store = new LocalFolderObjectStore(await mkdtemp(path.join(tmpdir(), 'plan-batch-')));
  for (const key of keys.filter((key) => !key.endsWith('/'))) await store.write(BUCKET, key, 'x');
  const listed: string[] = [];
  const list = store.list.bind(store);
  store.list = async (bucket, prefix) => {
    listed.push(prefix);
    return list(bucket, prefix);
  };
  return { store, listed };
}

describe('planBatch (local folder store)', () => {
  test('lists every dataset of the batch date, skipping markers and other dates', async () => {
    const { store, listed } = await storeWith([
      'sales/ingest_date=2024-03-05/part-2.csv',
      'sales/ingest_date=2024-03-05/part-1.csv',
      'sales/ingest_date=2024-03-05/_READY',
      'sales/ingest_date=2024-03-04/part-1.csv',
      'customers/ingest_date=2024-03-05/customers.csv',
    ]);
    const plan = await planBatch(contract, '2024-03-05', store, BUCKET);

    expect(listed.sort()).toEqual([
      'customers/ingest_date=2024-03-05/',
      'locations/ingest_date=2024-03-05/',
      'products/ingest_date=2024-03-05/',
      'sales/ingest_date=2024-03-05/',
    ]);
    expect(plan).toEqual({
      batchDate: '2024-03-05',
      rawObjects: [
        { bucket: BUCKET, key: 'customers/ingest_date=2024-03-05/customers.csv', dataset: 'customers' },
        { bucket: BUCKET, key: 'sales/ingest_date=2024-03-05/part-1.csv', dataset: 'sales' },
        { bucket: BUCKET, key: 'sales/ingest_date=2024-03-05/part-2.csv', dataset: 'sales' },
      ],
      datasets: ['customers', 'sales'],
    });
  });

  test('fails on a batch with only markers, naming the prefixes it looked at', async () => {
    const { store } = await storeWith(['sales/ingest_date=2024-03-05/_READY']);
    await expect(planBatch(contract, '2024-03-05', store, BUCKET)).rejects.toThrow(EmptyBatchError);
    await expect(planBatch(contract, '2024-03-05', store, BUCKET)).rejects.toThrow(
      /batch 2024-03-05 has no raw files in s3:\/\/raw-bucket\/ under customers\/ingest_date=2024-03-05\/, .*sales\/ingest_date=2024-03-05\//,
    );
  });

  test('fails on an invalid batch date before listing anything', async () => {
    const { store, listed } = await storeWith([]);
    await expect(planBatch(contract, '2024-02-30', store, BUCKET)).rejects.toThrow(
      /real calendar date \(got "2024-02-30"\)/,
    );
    expect(listed).toEqual([]);
  });
});

describe('planBatch with another contract (local folder store)', () => {
  test("lists that contract's datasets under its own raw layout and skips its own ready marker", async () => {
    const minimal = testContract('minimal');
    const { store, listed } = await storeWith([
      'landing/items/2024-03-05/items.csv',
      'landing/items/2024-03-05/_DONE',
      'sales/ingest_date=2024-03-05/sales.csv',
    ]);
    const plan = await planBatch(minimal, '2024-03-05', store, BUCKET);
    expect(listed).toEqual(['landing/items/2024-03-05/']);
    expect(plan).toEqual({
      batchDate: '2024-03-05',
      rawObjects: [{ bucket: BUCKET, key: 'landing/items/2024-03-05/items.csv', dataset: 'items' }],
      datasets: ['items'],
    });
  });
});
