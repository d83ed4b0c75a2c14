import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DataApiExecutor, DataApiExecutorOptions } from '../../../adapters/aws/data-api-executor';

const dataApi = mockClient(RedshiftDataClient);

/** A clock that only moves when the executor sleeps, so backoff and timeouts need no real time. */
function executor(timeoutMs = 60_000, options: Partial<DataApiExecutorOptions> = {}) {
  let now = 0;
  const sleeps: number[] = [];
  const instance = new DataApiExecutor({
    client: new RedshiftDataClient({ region: 'eu-west-1' }),
    workgroupName: 'wg',
    database: 'analytics',
    timeoutMs,
    // Jitter at its upper bound, so each retry delay is the backoff ceiling itself.
    random: () => 0.999,
    retryBaseMs: 1_000,
    ...options,
    initialPollMs: 100,
    maxPollMs: 400,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { instance, sleeps };
}

beforeEach(() => {
  dataApi.reset();
  dataApi.on(ExecuteStatementCommand).resolves({ Id: 'stmt-1' });
  dataApi.on(BatchExecuteStatementCommand).resolves({ Id: 'batch-1' });
});

describe('DataApiExecutor (mocked Data API)', () => {
  test('polls DescribeStatement with backoff until FINISHED', async () => {
    dataApi
      .on(DescribeStatementCommand)
      .resolvesOnce({ Status: 'SUBMITTED' })
      .resolvesOnce({ Status: 'PICKED' })
      .resolvesOnce({ Status: 'STARTED' })
      .resolvesOnce({ Status: 'STARTED' })
      .resolves({ Status: 'FINISHED', HasResultSet: false });
    const { instance, sleeps } = executor();

    await instance.execute({ sql: 'refresh materialized view presentation.mv_customer_value' });

    expect(sleeps).toEqual([100, 200, 400, 400]);
    expect(dataApi).toHaveReceivedCommandWith(ExecuteStatementCommand, {
      WorkgroupName: 'wg',
      Database: 'analytics',
      Sql: 'refresh materialized view presentation.mv_customer_value',
    });
  });

  test('runs a transaction as one BatchExecuteStatement with the parameters merged', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const { instance } = executor();

    await instance.runTransaction([
      { sql: 'delete from a where d = :batch_date', parameters: { batch_date: '2024-01-31' } },
      { sql: 'insert into a select :batch_date, :n', parameters: { batch_date: '2024-01-31', n: '3' } },
    ]);

    expect(dataApi).toHaveReceivedCommandWith(BatchExecuteStatementCommand, {
      Sqls: ['delete from a where d = :batch_date', 'insert into a select :batch_date, :n'],
      Parameters: [
        { name: 'batch_date', value: '2024-01-31' },
        { name: 'n', value: '3' },
      ],
    });
  });

  test('fails a transaction whose statements give one parameter two values', async () => {
    const { instance } = executor();
    await expect(
      instance.runTransaction([
        { sql: 'select :a', parameters: { a: '1' } },
        { sql: 'select :a', parameters: { a: '2' } },
      ]),
    ).rejects.toThrow(/parameter :a has two values/);
    expect(dataApi).not.toHaveReceivedCommand(BatchExecuteStatementCommand);
  });

  test('fails with Redshift’s message and the failing statement of a batch on FAILED', async () => {
    dataApi.on(DescribeStatementCommand).resolves({
      Status: 'FAILED',
      Error: 'ERROR: relation "staging.sales_fact" does not exist',
      SubStatements: [
        { Id: 'batch-1:1', Status: 'FINISHED', QueryString: 'delete from x' },
        { Id: 'batch-1:2', Status: 'FAILED', QueryString: 'merge into presentation.sales_fact ...' },
      ],
    });
    const { instance } = executor();

    const failure = instance.runTransaction([{ sql: 'delete from x' }, { sql: 'merge into ...' }]);

    await expect(failure).rejects.toMatchObject({
      name: 'StatementFailedError',
      databaseMessage: 'ERROR: relation "staging.sales_fact" does not exist',
      sql: 'merge into presentation.sales_fact ...',
    });
    await expect(failure).rejects.toThrow(/relation "staging.sales_fact" does not exist/);
  });

  test('fails with StatementAbortedError on ABORTED', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'ABORTED', Error: 'Query cancelled by user' });
    const { instance } = executor();

    await expect(instance.query({ sql: 'select 1' })).rejects.toMatchObject({
      name: 'StatementAbortedError',
      databaseMessage: 'Query cancelled by user',
    });
  });

  test('cancels the statement and fails when it outlives the timeout', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'STARTED' });
    dataApi.on(CancelStatementCommand).resolves({ Status: true });
    const { instance, sleeps } = executor(1_000);

    await expect(instance.query({ sql: 'select pg_sleep(3600)' })).rejects.toMatchObject({
      name: 'StatementTimeoutError',
      timeoutMs: 1_000,
    });
    expect(dataApi).toHaveReceivedCommandWith(CancelStatementCommand, { Id: 'stmt-1' });
    expect(sleeps.reduce((total, ms) => total + ms, 0)).toBe(1_000);
  });

  test('pages through GetStatementResult and maps fields to values', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Id: 'stmt-1', Status: 'FINISHED', HasResultSet: true });
    const columns = [{ name: 'table' }, { name: 'rows' }, { name: 'ok' }, { name: 'note' }];
    dataApi
      .on(GetStatementResultCommand, { Id: 'stmt-1', NextToken: undefined })
      .resolves({
        ColumnMetadata: columns,
        Records: [
          [{ stringValue: 'customer_dim' }, { longValue: 4 }, { booleanValue: true }, { isNull: true }],
        ],
        NextToken: 'page-2',
      })
      .on(GetStatementResultCommand, { Id: 'stmt-1', NextToken: 'page-2' })
      .resolves({
        ColumnMetadata: columns,
        Records: [
          [{ stringValue: 'sales_fact' }, { longValue: 5 }, { booleanValue: false }, { stringValue: 'x' }],
        ],
      });
    const { instance } = executor();

    const rows = await instance.query({ sql: 'select ...', parameters: { batch_date: '2024-01-31' } });

    expect(rows).toEqual([
      { table: 'customer_dim', rows: 4, ok: true, note: null },
      { table: 'sales_fact', rows: 5, ok: false, note: 'x' },
    ]);
    expect(dataApi).toHaveReceivedCommandTimes(GetStatementResultCommand, 2);
    expect(dataApi).toHaveReceivedCommandWith(ExecuteStatementCommand, {
      Parameters: [{ name: 'batch_date', value: '2024-01-31' }],
    });
  });

  test('retries a transaction that hit a serializable isolation violation, with growing jittered delays', async () => {
    const conflict = {
      Status: 'FAILED' as const,
      Error:
        'ERROR: 1023 DETAIL: Serializable isolation violation on table - 123, transactions forming the cycle are: 1, 2',
    };
    dataApi
      .on(DescribeStatementCommand)
      .resolvesOnce(conflict)
      .resolvesOnce(conflict)
      .resolves({ Status: 'FINISHED' });
    const { instance, sleeps } = executor();

    await instance.runTransaction([
      { sql: 'lock staging.load_audit' },
      { sql: 'insert into staging.load_audit ...' },
    ]);

    expect(dataApi).toHaveReceivedCommandTimes(BatchExecuteStatementCommand, 3);
    expect(sleeps).toEqual([999, 1_998]);
  });

  test('fails with the last serialization error once the attempts are used up', async () => {
    dataApi.on(DescribeStatementCommand).resolves({
      Status: 'FAILED',
      Error: 'ERROR: 1023 DETAIL: Serializable isolation violation on table - 123',
    });
    const { instance } = executor(60_000, { maxAttempts: 3 });

    await expect(instance.execute({ sql: 'delete from staging.load_audit' })).rejects.toMatchObject({
      name: 'StatementFailedError',
      databaseMessage: expect.stringMatching(/Serializable isolation violation/),
    });
    expect(dataApi).toHaveReceivedCommandTimes(ExecuteStatementCommand, 3);
  });

  test('retries a submission refused because too many statements are active', async () => {
    const busy = Object.assign(new Error('Active statements exceeded the allowed quota'), {
      name: 'ActiveStatementsExceededException',
    });
    dataApi.on(ExecuteStatementCommand).rejectsOnce(busy).resolves({ Id: 'stmt-2' });
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const { instance, sleeps } = executor();

    await instance.execute({ sql: 'refresh materialized view presentation.mv_customer_value' });

    expect(dataApi).toHaveReceivedCommandTimes(ExecuteStatementCommand, 2);
    expect(sleeps[0]).toBe(999);
  });

  test('does not retry a statement that failed for another reason', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'FAILED', Error: 'ERROR: syntax error' });
    const { instance } = executor();

    await expect(instance.execute({ sql: 'selec 1' })).rejects.toThrow(/syntax error/);
    expect(dataApi).toHaveReceivedCommandTimes(ExecuteStatementCommand, 1);
  });

  test('runs as the secret’s user when given a secret (the migrations’ admin)', async () => {
    dataApi.on(DescribeStatementCommand).resolves({ Status: 'FINISHED' });
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!ns-admin-AbCdEf';
    const { instance } = executor(60_000, { secretArn });

    await instance.runTransaction([{ sql: 'create schema if not exists staging' }]);

    expect(dataApi).toHaveReceivedCommandWith(BatchExecuteStatementCommand, {
      WorkgroupName: 'wg',
      Database: 'analytics',
      SecretArn: secretArn,
    });
  });
});
