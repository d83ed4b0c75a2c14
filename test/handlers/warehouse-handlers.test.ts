import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store';
import { defaultContract } from '../../contract';
import type * as QualityChecksHandler from '../../handlers/quality-checks';
import { lambdaContext } from '../helpers/events';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../helpers/moto';

// The Data API has no local stand-in, so it alone is mocked; the manifest is read from moto S3.
const dataApi = mockClient(RedshiftDataClient);
const BUCKET = 'curated-bucket';
const CONTEXT = lambdaContext('quality-checks');
// The handler runs with the contract CONTRACT_FILE names: the sales example (test/helpers/setup.ts).
const sales = defaultContract();

/** Every query answers `failed_rows = failedRows`. */
function warehouseAnswers(failedRows: number) {
  dataApi.on(ExecuteStatementCommand).resolves({ Id: 'stmt' });
  dataApi.on(DescribeStatementCommand).resolves({ Id: 'stmt', Status: 'FINISHED', HasResultSet: true });
  dataApi
    .on(GetStatementResultCommand)
    .resolves({ ColumnMetadata: [{ name: 'failed_rows' }], Records: [[{ longValue: failedRows }]] });
}

describe('quality-checks handler (mocked Data API, moto S3)', () => {
  let moto: MotoServer;
  let s3: S3Client;
  let restoreEnvironment: () => void;
  let handler: (typeof QualityChecksHandler)['handler'];

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useDummyAwsEnvironment({
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      WAREHOUSE_WORKGROUP: 'wg',
      WAREHOUSE_DATABASE: 'analytics',
      CURATED_BUCKET: BUCKET,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    s3 = new S3ObjectStore({ endpoint: moto.endpoint }).client;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const tables = Object.fromEntries(sales.tableNames.map((table) => [table, 3]));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: sales.layoutPath('manifest', { date: '2024-01-31' }),
        Body: JSON.stringify({ batch_date: '2024-01-31', tables, inputs: [] }),
      }),
    );
    // The handler reads its configuration at module load, as in a Lambda container.
    ({ handler } = jest.requireActual<typeof QualityChecksHandler>('../../handlers/quality-checks'));
  });
  afterAll(async () => {
    s3?.destroy();
    restoreEnvironment?.();
    await moto?.stop();
  });
  beforeEach(() => dataApi.reset());

  test('reports every check passed against the batch manifest in the curated bucket', async () => {
    warehouseAnswers(0);

    const result = await handler({ batchDate: '2024-01-31' }, CONTEXT);

    expect(result.passed).toBe(true);
    expect(result.checks.every((check) => check.failedRows === 0)).toBe(true);
    // The manifest's count for each table is what the load-count check compares with.
    expect(dataApi).toHaveReceivedCommandWith(ExecuteStatementCommand, {
      WorkgroupName: 'wg',
      Database: 'analytics',
      Parameters: expect.arrayContaining([
        { name: 'batch_date', value: '2024-01-31' },
        { name: 'expected_rows', value: '3' },
      ]),
    });
  });

  test('throws QualityCheckFailedError when a check finds offending rows', async () => {
    warehouseAnswers(2);

    await expect(handler({ batchDate: '2024-01-31' }, CONTEXT)).rejects.toMatchObject({
      name: 'QualityCheckFailedError',
      message: expect.stringContaining('sales_fact.net_amount_equals_gross_amount_minus_discount (2 rows)'),
    });
  });

  test('fails when the batch has no manifest in the curated bucket', async () => {
    warehouseAnswers(0);

    await expect(handler({ batchDate: '2024-01-30' }, CONTEXT)).rejects.toThrow(/2024-01-30/);
    expect(dataApi).not.toHaveReceivedCommand(ExecuteStatementCommand);
  });

  test('fails on a batch date that is not a calendar date, before touching AWS', async () => {
    await expect(handler({ batchDate: '2024-02-30' }, CONTEXT)).rejects.toMatchObject({
      name: 'InvalidWarehouseInputError',
    });
    expect(dataApi).not.toHaveReceivedCommand(ExecuteStatementCommand);
  });
});
