/**
 * SqlExecutor over the Redshift Data API. Statements are asynchronous there: submit, poll
 * DescribeStatement with exponential backoff until FINISHED, FAILED or ABORTED (cancelling at
 * the timeout), then page through GetStatementResult.
 *
 * Two kinds of failure are retried with exponential backoff and full jitter, because a later
 * attempt of the same idempotent statement succeeds: a serializable isolation violation
 * (Redshift ERROR 1023, https://docs.aws.amazon.com/redshift/latest/dg/c_serial_isolation.html)
 * and a busy service refusing the submission (too many active statements or sessions). The SDK
 * already retries throttling and 5xx responses itself.
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  DescribeStatementResponse,
  ExecuteStatementCommand,
  Field,
  GetStatementResultCommand,
  RedshiftDataClient,
  SqlParameter,
} from '@aws-sdk/client-redshift-data';
import {
  SqlExecutor,
  SqlParameters,
  SqlRow,
  SqlStatement,
  StatementAbortedError,
  StatementFailedError,
  StatementTimeoutError,
} from '../../core/warehouse/sql-executor';

export interface DataApiExecutorOptions {
  /** Created once per container by the caller. */
  readonly client: RedshiftDataClient;
  readonly workgroupName: string;
  readonly database: string;
  /**
   * Run as the user of this Secrets Manager secret (the namespace admin, for migrations).
   * @default - the caller's IAM identity, with temporary credentials
   */
  readonly secretArn?: string;
  /** Attempts of a statement that fails with a retryable error, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Upper bound of the first retry's random delay; doubles per retry. @default 1000 */
  readonly retryBaseMs?: number;
  /** Upper bound of any retry's random delay. @default 30000 */
  readonly retryMaxMs?: number;
  /** A number in [0, 1) for jitter; injectable so tests know the delays. @default Math.random */
  readonly random?: () => number;
  /** How long one statement (or batch) may run before it is cancelled. @default 600000 */
  readonly timeoutMs?: number;
  /** First delay between DescribeStatement calls; doubles each poll. @default 200 */
  readonly initialPollMs?: number;
  /** Longest delay between DescribeStatement calls. @default 5000 */
  readonly maxPollMs?: number;
  /** Waits; injectable so tests run the backoff without real time. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Current time in ms; injectable with `sleep`. @default Date.now */
  readonly now?: () => number;
}

/** Submission errors of a busy workgroup or account: a later attempt gets through. */
const BUSY_ERRORS = new Set(['ActiveStatementsExceededException', 'ActiveSessionsExceededException']);
/** How Redshift reports a serializable isolation violation in a statement's error text. */
const SERIALIZATION_ERROR = /serializable isolation violation|error:\s*1023/i;

export class DataApiExecutor implements SqlExecutor {
  private readonly timeoutMs: number;
  private readonly initialPollMs: number;
  private readonly maxPollMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: DataApiExecutorOptions) {
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.initialPollMs = options.initialPollMs ?? 200;
    this.maxPollMs = options.maxPollMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 1_000;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** BatchExecuteStatement runs its statements as one transaction (ExecutionMode TRANSACTION). */
  async runTransaction(statements: readonly SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    const sql = statements.map((statement) => statement.sql).join(';\n');
    await this.withRetries(async () => {
      const { Id } = await this.options.client.send(
        new BatchExecuteStatementCommand({
          ...this.target(),
          Sqls: statements.map((statement) => statement.sql),
          Parameters: toSqlParameters(mergeParameters(statements)),
        }),
      );
      return this.waitForCompletion(required(Id), sql);
    });
  }

  async execute(statement: SqlStatement): Promise<void> {
    await this.submit(statement);
  }

  async query<T extends SqlRow = SqlRow>(statement: SqlStatement): Promise<T[]> {
    const description = await this.submit(statement);
    if (!description.HasResultSet) return [];
    const rows: T[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.options.client.send(
        new GetStatementResultCommand({ Id: description.Id, NextToken: nextToken }),
      );
      const names = (page.ColumnMetadata ?? []).map((column) => required(column.name));
      for (const record of page.Records ?? []) {
        rows.push(Object.fromEntries(record.map((field, index) => [names[index], fieldValue(field)])) as T);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }

  private async submit(statement: SqlStatement): Promise<DescribeStatementResponse> {
    return this.withRetries(async () => {
      const { Id } = await this.options.client.send(
        new ExecuteStatementCommand({
          ...this.target(),
          Sql: statement.sql,
          Parameters: toSqlParameters(statement.parameters ?? {}),
        }),
      );
      return this.waitForCompletion(required(Id), statement.sql);
    });
  }

  /** Runs `attempt` until it succeeds, fails for good, or uses up maxAttempts. */
  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let attempts = 1; ; attempts++) {
      try {
        return await attempt();
      } catch (error) {
        if (attempts >= this.maxAttempts || !isRetryable(error)) throw error;
        const ceiling = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (attempts - 1));
        await this.sleep(Math.floor(this.random() * ceiling));
      }
    }
  }

  private target() {
    return {
      WorkgroupName: this.options.workgroupName,
      Database: this.options.database,
      ...(this.options.secretArn ? { SecretArn: this.options.secretArn } : {}),
    };
  }

  private async waitForCompletion(id: string, sql: string): Promise<DescribeStatementResponse> {
    const deadline = this.now() + this.timeoutMs;
    for (let delay = this.initialPollMs; ; delay = Math.min(delay * 2, this.maxPollMs)) {
      const description = await this.options.client.send(new DescribeStatementCommand({ Id: id }));
      switch (description.Status) {
        case 'FINISHED':
          return description;
        case 'FAILED':
          throw new StatementFailedError(
            failingStatement(description) ?? sql,
            description.Error ?? 'unknown error',
          );
        case 'ABORTED':
          throw new StatementAbortedError(sql, description.Error ?? '');
      }
      const remaining = deadline - this.now();
      if (remaining <= 0) {
        await this.options.client.send(new CancelStatementCommand({ Id: id }));
        throw new StatementTimeoutError(sql, this.timeoutMs);
      }
      await this.sleep(Math.min(delay, remaining));
    }
  }
}

/** Serialization conflicts and a busy service clear on their own; other failures do not. */
function isRetryable(error: unknown): boolean {
  if (error instanceof StatementFailedError) return SERIALIZATION_ERROR.test(error.databaseMessage);
  return error instanceof Error && BUSY_ERRORS.has(error.name);
}

/** A batch reports which of its statements failed; name that one rather than the batch. */
function failingStatement(description: DescribeStatementResponse): string | undefined {
  return description.SubStatements?.find((statement) => statement.Status === 'FAILED')?.QueryString;
}

/** A batch shares one parameter list, so a name must mean the same value in every statement. */
function mergeParameters(statements: readonly SqlStatement[]): SqlParameters {
  const merged: Record<string, string> = {};
  for (const [name, value] of statements.flatMap((statement) => Object.entries(statement.parameters ?? {}))) {
    if (name in merged && merged[name] !== value) {
      throw new Error(`parameter :${name} has two values in one transaction ("${merged[name]}", "${value}")`);
    }
    merged[name] = value;
  }
  return merged;
}

/** The Data API rejects an empty parameter list, so none is sent as undefined. */
function toSqlParameters(parameters: SqlParameters): SqlParameter[] | undefined {
  const list = Object.entries(parameters).map(([name, value]) => ({ name, value }));
  return list.length > 0 ? list : undefined;
}

function fieldValue(field: Field): unknown {
  if (field.isNull) return null;
  return (
    field.stringValue ?? field.longValue ?? field.doubleValue ?? field.booleanValue ?? field.blobValue ?? null
  );
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the Data API response lacks a required field');
  return value;
}
