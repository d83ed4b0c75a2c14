/**
 * Schema migrations, applied at deploy time by the custom resource (as the namespace admin)
 * and by the local pipeline. Versioned files (sql/migrations/NNNN_*.sql, and the AWS-only
 * sets with slots: streaming, database roles) run once each, in order; editing one after it
 * ran is an error, so changes go in a new file. Each file runs in one transaction with its
 * schema_migrations record, so a re-run applies nothing twice.
 *
 * Marts are not migrations: Redshift lets only a materialized view's owner refresh it, so the
 * refresh identity builds them (see refresh-marts.ts), recorded in the same table.
 */
import { readSqlFile, SqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { splitStatements } from './sql-statements';
import { parameter, renderSql, SqlFragment, sqlTimestamp, templateSlots } from './sql-template';

export interface AppliedMigration {
  readonly version: string;
  readonly checksum: string;
}

export interface MigrationStep {
  readonly version: string;
  /** One transaction: the file's statement(s) and its schema_migrations record. */
  readonly statements: readonly SqlStatement[];
}

/** Versioned files with `{{ slot }}` values; their checksums are of the templates. */
export interface TemplatedMigrations {
  readonly migrations: readonly SqlFile[];
  readonly slots: Readonly<Record<string, SqlFragment>>;
}

export interface MigrationInput {
  readonly migrations: readonly SqlFile[];
  readonly appliedAt: Date;
  /**
   * Sets that exist only on AWS (sql/streaming where a stream is wired in, sql/access for the
   * database roles), numbered in the same sequence as `migrations` and run after them.
   */
  readonly templated?: readonly TemplatedMigrations[];
}

/** A versioned migration whose file no longer matches what was applied. */
export class MigrationChangedError extends Error {
  override readonly name = 'MigrationChangedError';
}

/** The statements that replace a file's schema_migrations record. */
export function recordStatements(file: SqlFile, appliedAt: Date): SqlStatement[] {
  return [
    {
      sql: renderSql(readSqlFile('schema_migrations/forget.sql').sql, { version: parameter('version') }),
      parameters: { version: file.name },
    },
    {
      sql: renderSql(readSqlFile('schema_migrations/record.sql').sql, {
        version: parameter('version'),
        checksum: parameter('checksum'),
        applied_at: parameter('applied_at'),
      }),
      parameters: { version: file.name, checksum: file.checksum, applied_at: sqlTimestamp(appliedAt) },
    },
  ];
}

/** The steps still to run, given what schema_migrations records. Pure. */
export function planMigrations(input: MigrationInput, applied: readonly AppliedMigration[]): MigrationStep[] {
  const migrations = [...input.migrations, ...(input.templated ?? []).flatMap(rendered)];
  assertOrdered(migrations);
  const appliedChecksums = checksumsByVersion(applied);
  return migrations.flatMap((file): MigrationStep[] => {
    const checksum = appliedChecksums.get(file.name);
    if (checksum === file.checksum) return [];
    if (checksum !== undefined) {
      throw new MigrationChangedError(
        `migration ${file.name}.sql changed after it was applied (checksum ${checksum} is now ${file.checksum}); ` +
          'restore it and put the change in a new migration file',
      );
    }
    return [
      {
        version: file.name,
        statements: [
          ...splitStatements(file.sql).map((sql) => ({ sql })),
          ...recordStatements(file, input.appliedAt),
        ],
      },
    ];
  });
}

/** What schema_migrations records, version → checksum. */
export function checksumsByVersion(applied: readonly AppliedMigration[]): Map<string, string> {
  return new Map(applied.map((row) => [row.version, row.checksum.trim()]));
}

/** The recorded versions and checksums. */
export async function appliedMigrations(executor: SqlExecutor): Promise<AppliedMigration[]> {
  return executor.query<{ version: string; checksum: string }>({
    sql: readSqlFile('schema_migrations/select_applied.sql').sql,
  });
}

/** Creates schema_migrations if needed, then runs each pending step; returns their versions. */
export async function applyMigrations(executor: SqlExecutor, input: MigrationInput): Promise<string[]> {
  await executor.execute({ sql: readSqlFile('schema_migrations/create_table.sql').sql });
  const steps = planMigrations(input, await appliedMigrations(executor));
  for (const step of steps) await executor.runTransaction(step.statements);
  return steps.map((step) => step.version);
}

/** A set's files with their slots filled; a slot without a value is an error. */
function rendered(set: TemplatedMigrations): SqlFile[] {
  return set.migrations.map((file) => ({
    ...file,
    sql: renderSql(
      file.sql,
      Object.fromEntries(templateSlots(file.sql).map((name) => [name, set.slots[name]])),
    ),
  }));
}

/** Versions are the 4-digit prefixes; two files with one number would race for an order. */
function assertOrdered(migrations: readonly SqlFile[]): void {
  const seen = new Map<string, string>();
  for (const file of migrations) {
    const version = file.name.slice(0, 4);
    const other = seen.get(version);
    if (other) throw new Error(`migrations ${other}.sql and ${file.name}.sql share version ${version}`);
    seen.set(version, file.name);
  }
}
