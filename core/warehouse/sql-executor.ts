/**
 * The port every warehouse module talks to. DataApiExecutor binds it to Redshift through the
 * Data API; adapters/local/pglite-executor.ts binds it to an embedded PostgreSQL for tests
 * and the local pipeline. SQL is Redshift SQL with `:name` value placeholders.
 */

/** Values bound to `:name` placeholders. The Data API passes every value as a string. */
export type SqlParameters = Readonly<Record<string, string>>;

export interface SqlStatement {
  readonly sql: string;
  readonly parameters?: SqlParameters;
}

/** A result row keyed by column name; numbers, strings, booleans or null. */
export type SqlRow = Record<string, unknown>;

/**
 * The most statements one transaction may hold: the Data API's BatchExecuteStatement takes at
 * most 40 (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_BatchExecuteStatement.html).
 */
export const MAX_TRANSACTION_STATEMENTS = 40;

export interface SqlExecutor {
  /** Runs the statements in order as one transaction: all commit or none do. */
  runTransaction(statements: readonly SqlStatement[]): Promise<void>;
  /** Runs one statement outside an explicit transaction, for those Redshift refuses inside
   *  one (REFRESH MATERIALIZED VIEW). */
  execute(statement: SqlStatement): Promise<void>;
  /** Runs one query and returns every row. */
  query<T extends SqlRow = SqlRow>(statement: SqlStatement): Promise<T[]>;
}

/** A statement the warehouse rejected; carries the statement and Redshift's own message. */
export class StatementFailedError extends Error {
  override readonly name: string = 'StatementFailedError';
  constructor(
    readonly sql: string,
    readonly databaseMessage: string,
  ) {
    super(`statement failed: ${databaseMessage} (statement: ${abbreviate(sql)})`);
  }
}

/** A statement that was aborted (cancelled by a user or by the warehouse). */
export class StatementAbortedError extends Error {
  override readonly name: string = 'StatementAbortedError';
  constructor(
    readonly sql: string,
    readonly databaseMessage: string,
  ) {
    super(`statement aborted: ${databaseMessage || 'no reason given'} (statement: ${abbreviate(sql)})`);
  }
}

/** A statement still running at the timeout; it has been cancelled. */
export class StatementTimeoutError extends Error {
  override readonly name: string = 'StatementTimeoutError';
  constructor(
    readonly sql: string,
    readonly timeoutMs: number,
  ) {
    super(`statement cancelled after ${timeoutMs} ms (statement: ${abbreviate(sql)})`);
  }
}

/** Keeps error messages readable when a statement is a whole MERGE. */
function abbreviate(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}
