import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store';
import { defaultContract } from '../../contract';
import type * as ApplyMigrationsHandler from '../../handlers/apply-migrations';
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

describe('apply-migrations handler (mocked Data API)', () => {
  let restoreEnvironment: () => void;
  let handler: (typeof ApplyMigrationsHandler)['handler'];
  const event = {
    RequestType: 'Update',
    ResourceProperties: { CopyRoleArn: 'arn:aws:iam::123456789012:role/redshift-copy' },
  } as unknown as CloudFormationCustomResourceEvent;

  /** The warehouse recorded `recorded`: the catalog finds contract_versions, which returns its JSON. */
  function warehouseRecorded(recorded: unknown) {
    dataApi.on(ExecuteStatementCommand).callsFake((input: { Sql: string }) => ({
      Id: /pg_catalog\.pg_class/.test(input.Sql)
        ? 'exists'
        : /contract_versions/.test(input.Sql)
          ? 'latest'
          : 'other',
    }));
    dataApi
      .on(DescribeStatementCommand)
      .callsFake((input: { Id: string }) => ({ Id: input.Id, Status: 'FINISHED', HasResultSet: true }));
    dataApi.on(GetStatementResultCommand).callsFake((input: { Id: string }) =>
      input.Id === 'exists'
        ? { ColumnMetadata: [{ name: 'tables_found' }], Records: [[{ longValue: 1 }]] }
        : input.Id === 'latest'
          ? {
              ColumnMetadata: [
                { name: 'revision' },
                { name: 'version' },
                { name: 'chunk_index' },
                { name: 'spec_chunk' },
              ],
              Records: [
                [
                  { longValue: 1 },
                  { stringValue: '0.9.0' },
                  { longValue: 0 },
                  { stringValue: JSON.stringify(recorded) },
                ],
              ],
            }
          : { ColumnMetadata: [], Records: [] },
    );
  }

  beforeAll(() => {
    restoreEnvironment = useDummyAwsEnvironment({
      WAREHOUSE_WORKGROUP: 'wg',
      WAREHOUSE_DATABASE: 'analytics',
      ADMIN_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    ({ handler } = jest.requireActual<typeof ApplyMigrationsHandler>('../../handlers/apply-migrations'));
  });
  afterAll(() => restoreEnvironment?.());
  beforeEach(() => dataApi.reset());

  test('fails on a deployed contract with breaking changes from the recorded one, before writing anything', async () => {
    // The warehouse ran a contract whose customer_dim had one more column than the deployed (sales) one.
    const recorded = JSON.parse(JSON.stringify(sales));
    recorded.version = '0.9.0';
    recorded.datasets.customers.columns.push({
      name: 'tier',
      type: 'string',
      required: false,
      storage: 'varchar(8)',
    });
    recorded.star.customer_dim.columns.push({ name: 'tier', type: 'varchar(8)', nullable: true });
    warehouseRecorded(recorded);

    await expect(handler(event, lambdaContext('apply-migrations'))).rejects.toMatchObject({
      name: 'BreakingContractChangeError',
      message: expect.stringContaining('  breaking  customer_dim.tier: column dropped'),
    });
    expect(dataApi).not.toHaveReceivedCommand(BatchExecuteStatementCommand);
    expect(dataApi.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input.Sql ?? '')).toEqual(
      [
        expect.stringMatching(/^-- 1 when the bookkeeping table exists/),
        expect.stringMatching(/^-- The chunks of the newest revision/),
      ],
    );
  });
});
