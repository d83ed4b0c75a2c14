import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import {
  InvalidObjectKeyError,
  parseRawObjectKey,
  validateRawObject,
  ValidationFailedError,
} from '../../../core/validation';
import { defaultContract } from '../../../contract';
import { SALES_HEADER, salesFile, salesRow } from '../../helpers/validation';

const RAW_KEY = 'sales/ingest_date=2024-03-01/store-7.csv';
const contract = defaultContract();
const buckets = { contract, rawBucket: 'raw', curatedBucket: 'curated', quarantineBucket: 'quarantine' };

describe('validateRawObject (local folder store)', () => {
  let root: string;
  let store: LocalFolderObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'validate-raw-'));
    store = new LocalFolderObjectStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const read = (bucket: string, key: string) => readFile(path.join(root, bucket, key), 'utf8');

  test('writes accepted rows to silver/, rejected rows and the report to quarantine, by the lake layout', async () => {
    await store.write(
      'raw',
      RAW_KEY,
      salesFile(...Array.from({ length: 20 }, (_, i) => salesRow({ sale_id: `${i}` }))),
    );

    const result = await validateRawObject({ store, key: RAW_KEY, ...buckets });

    expect(result.outputs).toEqual({
      accepted: { bucket: 'curated', key: 'silver/sales/ingest_date=2024-03-01/store-7.csv' },
      rejected: { bucket: 'quarantine', key: 'sales/ingest_date=2024-03-01/store-7.rejected.ndjson' },
      report: { bucket: 'quarantine', key: 'sales/ingest_date=2024-03-01/store-7.report.json' },
    });
    expect(result.report).toMatchObject({ status: 'PASSED', rows_accepted: 19, rows_rejected: 1 });
    expect((await read('curated', result.outputs.accepted.key)).split('\n')).toHaveLength(21);
    expect(JSON.parse(await read('quarantine', result.outputs.rejected.key))).toMatchObject({
      line: 2,
      reason: 'OUT_OF_RANGE',
    });
    expect(JSON.parse(await read('quarantine', result.outputs.report.key))).toEqual(result.report);
    expect(await store.list('raw', 'sales/')).toEqual([RAW_KEY]);
  });

  test('writes only the header as accepted output when the file FAILS, and still writes the rest', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      salesRow({ sale_id: `${i + 1}`, quantity: i % 10 ? '1' : '0' }),
    );
    await store.write('raw', RAW_KEY, salesFile(...rows));

    const { report, outputs } = await validateRawObject({ store, key: RAW_KEY, ...buckets });

    expect(report).toMatchObject({ status: 'FAILED', rows_rejected: 10_000 });
    expect(await read('curated', outputs.accepted.key)).toBe(`${SALES_HEADER}\n`);
    expect((await read('quarantine', outputs.rejected.key)).trimEnd().split('\n')).toHaveLength(10_000);
    expect(await store.list('curated', '')).toEqual([outputs.accepted.key]); // no partial files left
  });

  test('overwrites the same outputs when run again on the same object', async () => {
    await store.write('raw', RAW_KEY, salesFile(salesRow(), salesRow()));
    const first = await validateRawObject({ store, key: RAW_KEY, ...buckets });
    const firstOutputs = await Promise.all(Object.values(first.outputs).map((o) => read(o.bucket, o.key)));

    const second = await validateRawObject({ store, key: RAW_KEY, ...buckets });

    expect(second).toEqual(first);
    expect(await Promise.all(Object.values(second.outputs).map((o) => read(o.bucket, o.key)))).toEqual(
      firstOutputs,
    );
    expect([...(await store.list('curated', '')), ...(await store.list('quarantine', ''))]).toHaveLength(3);
  });

  test('fails a key outside the raw layout with InvalidObjectKeyError', async () => {
    for (const key of [
      'sales/2024-03-01/a.csv',
      'orders/ingest_date=2024-03-01/a.csv',
      'sales/ingest_date=2024-03-01/a.txt',
    ]) {
      await expect(validateRawObject({ store, key, ...buckets })).rejects.toThrow(InvalidObjectKeyError);
    }
    expect(() => parseRawObjectKey(contract, 'sales/ingest_date=2024-3-1/a.csv')).toThrow(
      /raw object key "sales\/ingest_date=2024-3-1\/a.csv" does not match <dataset>\/ingest_date=YYYY-MM-DD\/<name>.csv/,
    );
  });

  test('fails when the raw object does not exist', async () => {
    await expect(validateRawObject({ store, key: RAW_KEY, ...buckets })).rejects.toThrow(/does not exist/);
  });

  test('names the object and the file errors in ValidationFailedError, for orchestrators that stop on FAILED', async () => {
    await store.write('raw', RAW_KEY, '');
    const { source, report } = await validateRawObject({ store, key: RAW_KEY, ...buckets });
    const error = new ValidationFailedError(source, report);
    expect(error.name).toBe('ValidationFailedError');
    expect(error.message).toBe(
      `s3://raw/${RAW_KEY} (sales) FAILED validation: EMPTY_FILE: the file is empty (0 bytes)`,
    );
  });
});
