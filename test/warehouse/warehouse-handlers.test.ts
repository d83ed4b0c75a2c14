import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CONTRACT } from '../../lib/contracts';
import type * as QualityChecksHandler from '../../lambdas/quality-checks/handler';

const dataApi = mockClient(RedshiftDataClient);
const s3 = mockClient(S3Client);
const ENV = {
  WAREHOUSE_WORKGROUP: 'wg',
  WAREHOUSE_DATABASE: 'analytics',
  CURATED_BUCKET: 'curated-bucket',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
const originalEnv = process.env;

/** Every query answers `failed_rows = failedRows`. */
function warehouseAnswers(failedRows: number) {
  dataApi.on(ExecuteStatementCommand).resolves({ Id: 'stmt' });
  dataApi.on(DescribeStatementCommand).resolves({ Id: 'stmt', Status: 'FINISHED', HasResultSet: true });
  dataApi
    .on(GetStatementResultCommand)
    .resolves({ ColumnMetadata: [{ name: 'failed_rows' }], Records: [[{ longValue: failedRows }]] });
}

function manifestInS3(batchDate: string) {
  const tables = Object.fromEntries(CONTRACT.loadOrder.map((table) => [table, 3]));
  const body = JSON.stringify({ batch_date: batchDate, tables, inputs: [] });
  // The handler only calls transformToString on the body stream.
  s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => body } as never });
}

describe('quality-checks handler (mocked Data API)', () => {
  let handler: (typeof QualityChecksHandler)['handler'];

  beforeAll(() => {
    // The handler reads its configuration at module load, as in a Lambda container.
    process.env = { ...originalEnv, ...ENV };
    ({ handler } = jest.requireActual<typeof QualityChecksHandler>('../../lambdas/quality-checks/handler'));
  });
  afterAll(() => {
    process.env = originalEnv;
  });
  beforeEach(() => {
    dataApi.reset();
    s3.reset();
  });

  test('reports every check passed and reads the batch manifest from the curated bucket', async () => {
    warehouseAnswers(0);
    manifestInS3('2024-01-31');

    const result = await handler({ batchDate: '2024-01-31' });

    expect(result.passed).toBe(true);
    expect(result.checks.every((check) => check.failedRows === 0)).toBe(true);
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'curated-bucket',
      Key: 'gold/_manifests/batch_date=2024-01-31/manifest.json',
    });
    expect(dataApi).toHaveReceivedCommandWith(ExecuteStatementCommand, {
      WorkgroupName: 'wg',
      Database: 'analytics',
      Parameters: expect.arrayContaining([{ name: 'batch_date', value: '2024-01-31' }]),
    });
  });

  test('throws QualityCheckFailedError when a check finds offending rows', async () => {
    warehouseAnswers(2);
    manifestInS3('2024-01-31');

    await expect(handler({ batchDate: '2024-01-31' })).rejects.toMatchObject({
      name: 'QualityCheckFailedError',
      message: expect.stringContaining('sales_fact.net_amount_equals_gross_minus_discount (2 rows)'),
    });
  });

  test('fails on a batch date that is not a calendar date, before touching AWS', async () => {
    await expect(handler({ batchDate: '2024-02-30' })).rejects.toMatchObject({
      name: 'InvalidWarehouseInputError',
    });
    expect(dataApi).not.toHaveReceivedCommand(ExecuteStatementCommand);
  });
});
