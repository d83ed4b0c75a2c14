import {
  CreateBucketCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store';
import type * as HandlerModule from '../../handlers/validate-raw';
import { testContractPath } from '../helpers/contracts';
import { lambdaContext, validateRawEvent } from '../helpers/events';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../helpers/moto';
import { SALES_HEADER, salesFile, salesRow } from '../helpers/validation';

const RAW = 'lake-raw';
const CURATED = 'lake-curated';
const QUARANTINE = 'lake-quarantine';
const KEY = 'sales/ingest_date=2024-03-01/store-7.csv';
const CONTEXT = lambdaContext('validate-raw');

describe('validate-raw handler (moto S3)', () => {
  let moto: MotoServer;
  let restoreEnvironment: () => void;
  let s3: S3Client;
  let handler: typeof HandlerModule.handler;

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useDummyAwsEnvironment({
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      CURATED_BUCKET: CURATED,
      QUARANTINE_BUCKET: QUARANTINE,
      POWERTOOLS_SERVICE_NAME: 'validate-raw',
      POWERTOOLS_METRICS_NAMESPACE: 'DataPlatformTest',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true', // keeps EMF off stdout; metrics are still collected
    });
    s3 = new S3ObjectStore({ endpoint: moto.endpoint }).client;
    for (const bucket of [RAW, CURATED, QUARANTINE])
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // The handler creates its clients at module scope: import it once the environment points at moto.
    ({ handler } = jest.requireActual<typeof HandlerModule>('../../handlers/validate-raw'));
  });

  afterAll(async () => {
    s3?.destroy();
    restoreEnvironment?.();
    await moto?.stop();
  });

  const readText = async (bucket: string, key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

  test('streams a raw object through the validator and writes its outputs to the curated and quarantine buckets', async () => {
    // Prepare
    const rows = Array.from({ length: 40 }, (_, i) => salesRow({ sale_id: `${i + 1}` }));
    rows.push(salesRow({ sale_id: '41', sale_date: '2024-02-30' }));
    await s3.send(new PutObjectCommand({ Bucket: RAW, Key: KEY, Body: salesFile(...rows) }));
    const addMetric = jest.spyOn(Metrics.prototype, 'addMetric');
    const publish = jest.spyOn(Metrics.prototype, 'publishStoredMetrics');

    // Act
    const result = await handler(validateRawEvent(RAW, KEY), CONTEXT);

    // Assess
    expect(result.report).toMatchObject({
      dataset: 'sales',
      status: 'PASSED',
      rows_in: 41,
      rows_accepted: 40,
      rows_rejected: 1,
    });
    const accepted = await readText(CURATED, 'silver/sales/ingest_date=2024-03-01/store-7.csv');
    expect(accepted.split('\n')[0]).toBe(SALES_HEADER);
    expect(accepted.trimEnd().split('\n')).toHaveLength(41);
    const rejected = await readText(QUARANTINE, 'sales/ingest_date=2024-03-01/store-7.rejected.ndjson');
    expect(JSON.parse(rejected)).toMatchObject({ line: 42, reason: 'INVALID_TYPE', raw: rows[40] });
    expect(
      JSON.parse(await readText(QUARANTINE, 'sales/ingest_date=2024-03-01/store-7.report.json')),
    ).toEqual(result.report);
    expect(await readText(RAW, KEY)).toBe(salesFile(...rows)); // the raw object is never modified
    expect(addMetric).toHaveBeenCalledWith('RowsAccepted', 'Count', 40);
    expect(addMetric).toHaveBeenCalledWith('RowsRejected', 'Count', 1);
    expect(publish).toHaveBeenCalled();
  });

  test('writes a header-only accepted object when the file FAILS, aborting the upload of its rows', async () => {
    // Prepare: 10% rejected, and over 5 MiB of accepted rows already uploaded as parts
    const key = 'sales/ingest_date=2024-03-02/bad.csv';
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      salesRow({ sale_id: `${i + 1}`, customer_id: '1'.repeat(15), quantity: i % 10 ? '1' : '0' }),
    );
    await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: salesFile(...rows) }));

    // Act
    const result = await handler(validateRawEvent(RAW, key), CONTEXT);

    // Assess
    expect(result.report).toMatchObject({ status: 'FAILED', rows_rejected: 10_000 });
    expect(await readText(CURATED, 'silver/sales/ingest_date=2024-03-02/bad.csv')).toBe(`${SALES_HEADER}\n`);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: CURATED }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  test('streams an object larger than one multipart part through lib-storage', async () => {
    // Prepare: ~7 MB of accepted rows exceeds the 5 MiB part size
    const key = 'sales/ingest_date=2024-03-03/big.csv';
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      salesRow({ sale_id: `${i + 1}`, customer_id: `${'1'.repeat(15)}` }),
    );
    await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: salesFile(...rows) }));

    // Act
    const result = await handler(validateRawEvent(RAW, key), CONTEXT);

    // Assess
    expect(result.report).toMatchObject({ status: 'PASSED', rows_accepted: 100_000 });
    expect(await readText(CURATED, 'silver/sales/ingest_date=2024-03-03/big.csv')).toBe(salesFile(...rows));
  });

  test("validates with the contract it was deployed with (CONTRACT_FILE), by that contract's layout", async () => {
    // Prepare: the handler module loaded afresh with another contract beside it
    const key = 'landing/items/2024-03-04/items.csv';
    const valid = ['1,abc,10', '2,de,11', '3,,12', '4,f,13', '5,gh,14'];
    const body = ['item_id,label,amount', ...valid, '6,de,1.5'].join('\n');
    await s3.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: `${body}\n` }));
    const previous = process.env.CONTRACT_FILE;
    process.env.CONTRACT_FILE = testContractPath('minimal');
    let minimalHandler!: typeof HandlerModule.handler;
    jest.isolateModules(() => {
      ({ handler: minimalHandler } = jest.requireActual<typeof HandlerModule>('../../handlers/validate-raw'));
    });
    process.env.CONTRACT_FILE = previous;

    // Act
    const result = await minimalHandler(validateRawEvent(RAW, key), CONTEXT);

    // Assess: decimal(6,0) takes no fraction, and the outputs follow the contract's layout
    expect(result.report).toMatchObject({ dataset: 'items', status: 'PASSED', rows_accepted: 5 });
    expect(result.report.rejected_by_reason).toMatchObject({ OUT_OF_RANGE: 1 });
    expect(await readText(CURATED, 'clean/items/day=2024-03-04/items.csv')).toBe(
      ['item_id,label,amount', ...valid, ''].join('\n'),
    );
    expect(result.outputs.report).toEqual({
      bucket: QUARANTINE,
      key: 'rejects/items/2024-03-04/items.report.json',
    });
  });

  test('fails on an event without bucket and key', async () => {
    await expect(handler({} as never, CONTEXT)).rejects.toThrow(/expected an event \{bucket, key\}/);
  });
});
