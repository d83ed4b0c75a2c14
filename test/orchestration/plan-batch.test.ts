import { EmptyBatchError, planBatch } from '../../lambdas/shared/orchestration/plan-batch';

/** An in-memory listing standing in for S3 ListObjectsV2. */
function lister(keys: string[]) {
  const calls: string[] = [];
  const list = async (_bucket: string, prefix: string) => {
    calls.push(prefix);
    return keys.filter((key) => key.startsWith(prefix));
  };
  return { list, calls };
}

describe('planBatch (in-memory listing)', () => {
  test('lists every dataset of the batch date, skipping markers, folders and other dates', async () => {
    const { list, calls } = lister([
      'sales/ingest_date=2024-03-05/part-2.csv',
      'sales/ingest_date=2024-03-05/part-1.csv',
      'sales/ingest_date=2024-03-05/_READY',
      'sales/ingest_date=2024-03-05/',
      'sales/ingest_date=2024-03-04/part-1.csv',
      'customers/ingest_date=2024-03-05/customers.csv',
    ]);
    const plan = await planBatch('2024-03-05', 'raw-bucket', list);

    expect(calls.sort()).toEqual([
      'customers/ingest_date=2024-03-05/',
      'locations/ingest_date=2024-03-05/',
      'products/ingest_date=2024-03-05/',
      'sales/ingest_date=2024-03-05/',
    ]);
    expect(plan).toEqual({
      batchDate: '2024-03-05',
      rawObjects: [
        { bucket: 'raw-bucket', key: 'customers/ingest_date=2024-03-05/customers.csv', dataset: 'customers' },
        { bucket: 'raw-bucket', key: 'sales/ingest_date=2024-03-05/part-1.csv', dataset: 'sales' },
        { bucket: 'raw-bucket', key: 'sales/ingest_date=2024-03-05/part-2.csv', dataset: 'sales' },
      ],
      datasets: ['customers', 'sales'],
    });
  });

  test('fails on a batch with only markers, naming the prefixes it looked at', async () => {
    const { list } = lister(['sales/ingest_date=2024-03-05/_READY']);
    const planning = planBatch('2024-03-05', 'raw-bucket', list);
    await expect(planning).rejects.toThrow(EmptyBatchError);
    await expect(planBatch('2024-03-05', 'raw-bucket', list)).rejects.toThrow(
      /batch 2024-03-05 has no raw files in s3:\/\/raw-bucket\/ under customers\/ingest_date=2024-03-05\/, .*sales\/ingest_date=2024-03-05\//,
    );
  });

  test('fails on an invalid batch date before listing anything', async () => {
    const { list, calls } = lister([]);
    await expect(planBatch('2024-02-30', 'raw-bucket', list)).rejects.toThrow(
      /real calendar date \(got "2024-02-30"\)/,
    );
    expect(calls).toEqual([]);
  });
});
