/**
 * The code a deployment ships: the validator's asset as synth stages it (the pre-bundled
 * dist/handlers/validate-raw/index.js and the normalized contract.json beside it), loaded from
 * its staged folder outside the repository and run against moto's S3, with no CONTRACT_FILE:
 * it reads the contract it carries.
 */
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store';
import { defaultContract } from '../../contract';
import type * as HandlerModule from '../../handlers/validate-raw';
import { contractFiles, handlerBundleFiles, stageBundledFiles } from '../../lib/common/bundled-files';
import { lambdaContext, validateRawEvent } from '../helpers/events';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../helpers/moto';
import { SALES_HEADER, salesFile, salesRow } from '../helpers/validation';

const KEY = 'sales/ingest_date=2024-03-01/store-7.csv';

describe('the pre-bundled validate-raw asset (moto S3)', () => {
  let moto: MotoServer;
  let restoreEnvironment: () => void;
  let s3: S3Client;
  let handler: typeof HandlerModule.handler;
  const contractFile = process.env.CONTRACT_FILE;

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useDummyAwsEnvironment({
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      CURATED_BUCKET: 'lake-curated',
      QUARANTINE_BUCKET: 'lake-quarantine',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    delete process.env.CONTRACT_FILE;
    s3 = new S3ObjectStore({ endpoint: moto.endpoint }).client;
    for (const bucket of ['lake-raw', 'lake-curated', 'lake-quarantine'])
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { dir } = stageBundledFiles({
      ...handlerBundleFiles('validate-raw'),
      ...contractFiles(defaultContract()),
    });
    ({ handler } = jest.requireActual<typeof HandlerModule>(join(dir, 'index.js')));
  });

  afterAll(async () => {
    if (contractFile !== undefined) process.env.CONTRACT_FILE = contractFile;
    s3?.destroy();
    restoreEnvironment?.();
    await moto?.stop();
  });

  test('validates a raw object with the contract beside it and writes the accepted rows', async () => {
    // Prepare
    const rows = Array.from({ length: 40 }, (_, i) => salesRow({ sale_id: `${i + 1}` }));
    rows.push(salesRow({ sale_id: '41', sale_date: '2024-02-30' }));
    await s3.send(new PutObjectCommand({ Bucket: 'lake-raw', Key: KEY, Body: salesFile(...rows) }));

    // Act
    const result = await handler(validateRawEvent('lake-raw', KEY), lambdaContext('validate-raw'));

    // Assess
    expect(result.report).toMatchObject({
      dataset: 'sales',
      status: 'PASSED',
      rows_in: 41,
      rows_accepted: 40,
      rows_rejected: 1,
    });
    const accepted = await s3.send(
      new GetObjectCommand({
        Bucket: 'lake-curated',
        Key: 'silver/sales/ingest_date=2024-03-01/store-7.csv',
      }),
    );
    expect((await accepted.Body!.transformToString()).trimEnd().split('\n')).toEqual([
      SALES_HEADER,
      ...rows.slice(0, 40),
    ]);
  });
});
