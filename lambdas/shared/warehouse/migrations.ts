/**
 * Schema migrations, applied at deploy time by the custom resource and by the local pipeline.
 * Versioned files (sql/migrations/NNNN_*.sql) run once each, in order; editing one after it
 * ran is an error, so changes go in a new file. Mart files (sql/marts/mv_*.sql) are
 * repeatable: a mart whose text changed is dropped and re-created. Each file runs in one
 * transaction with its schema_migrations record, so a re-run applies nothing twice.
 */
import { readSqlFile, SqlFile } from './sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { identifier, parameter, renderSql, SqlFragment, sqlTimestamp, templateSlots } from './sql-template';

export interface AppliedMigration {
  readonly version: string;
  readonly checksum: string;
}

export interface MigrationStep {
  readonly version: string;
  /** One transaction: the file's statement(s) and its schema_migrations record. */
  readonly statements: readonly SqlStatement[];
}

export interface MigrationInput {
  readonly migrations: readonly SqlFile[];
  readonly marts: readonly SqlFile[];
  readonly appliedAt: Date;
  /**
   * Versioned migrations that exist only where a stream is wired in (sql/streaming), run after
   * `migrations`, with their `{{ slot }}` values; their checksums are of the templates.
   */
  readonly streaming?: {
    readonly migrations: readonly SqlFile[];
    readonly slots: Readonly<Record<string, SqlFragment>>;
  };
}

/** A versioned migration whose file no longer matches what was applied. */
export class MigrationChangedError extends Error {
  override readonly name = 'MigrationChangedError';
}

/** The steps still to run, given what schema_migrations records. Pure. */
export function planMigrations(input: MigrationInput, applied: readonly AppliedMigration[]): MigrationStep[] {
  const migrations = [...input.migrations, ...(input.streaming ? renderedStreaming(input.streaming) : [])];
  assertOrdered(migrations);
  const appliedChecksums = new Map(applied.map((row) => [row.version, row.checksum.trim()]));
  const record = (file: SqlFile): SqlStatement[] => [
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
      parameters: { version: file.name, checksum: file.checksum, applied_at: sqlTimestamp(input.appliedAt) },
    },
  ];

  const versioned = migrations.flatMap((file): MigrationStep[] => {
    const checksum = appliedChecksums.get(file.name);
    if (checksum === file.checksum) return [];
    if (checksum !== undefined) {
      throw new MigrationChangedError(
        `migration ${file.name}.sql changed after it was applied (checksum ${checksum} is now ${file.checksum}); ` +
          'restore it and put the change in a new migration file',
      );
    }
    return [{ version: file.name, statements: [{ sql: file.sql }, ...record(file)] }];
  });

  const marts = input.marts
    .filter((file) => appliedChecksums.get(file.name) !== file.checksum)
    .map((file) => ({
      version: file.name,
      statements: [
        { sql: renderSql(readSqlFile('marts/drop_mart.sql').sql, { mart: identifier(file.name) }) },
        { sql: file.sql },
        ...record(file),
      ],
    }));

  return [...versioned, ...marts];
}

/** Creates schema_migrations if needed, then runs each pending step; returns their versions. */
export async function applyMigrations(executor: SqlExecutor, input: MigrationInput): Promise<string[]> {
  await executor.execute({ sql: readSqlFile('schema_migrations/create_table.sql').sql });
  const applied = await executor.query<{ version: string; checksum: string }>({
    sql: readSqlFile('schema_migrations/select_applied.sql').sql,
  });
  const steps = planMigrations(input, applied);
  for (const step of steps) await executor.runTransaction(step.statements);
  return steps.map((step) => step.version);
}

/** The streaming files with their slots filled; a slot without a value is an error. */
function renderedStreaming(streaming: NonNullable<MigrationInput['streaming']>): SqlFile[] {
  return streaming.migrations.map((file) => ({
    ...file,
    sql: renderSql(
      file.sql,
      Object.fromEntries(templateSlots(file.sql).map((name) => [name, streaming.slots[name]])),
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
