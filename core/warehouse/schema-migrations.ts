/**
 * public.schema_migrations: one row per applied migration (a versioned file, a contract
 * migration, a built mart) with the checksum of what ran, so nothing runs twice and an edited
 * migration is noticed.
 */
import { readSqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { parameter, renderSql, sqlTimestamp } from './sql-template';

export interface AppliedMigration {
  readonly version: string;
  readonly checksum: string;
}

/** The recorded versions and checksums. */
export async function appliedMigrations(executor: SqlExecutor): Promise<AppliedMigration[]> {
  return executor.query<{ version: string; checksum: string }>({
    sql: readSqlFile('schema_migrations/select_applied.sql').sql,
  });
}

/** What schema_migrations records, version → checksum. */
export function checksumsByVersion(applied: readonly AppliedMigration[]): Map<string, string> {
  return new Map(applied.map((row) => [row.version, row.checksum.trim()]));
}

/**
 * The statements that replace the records of `migrations`, for the transaction that applies
 * them. Each record's values get their own parameter names: the Data API binds one parameter
 * list per transaction.
 */
export function recordStatements(migrations: readonly AppliedMigration[], appliedAt: Date): SqlStatement[] {
  const record = readSqlFile('schema_migrations/record.sql').sql;
  return migrations.flatMap(({ version, checksum }, index) => [
    ...forgetStatements([version], `version_${index}`),
    {
      sql: renderSql(record, {
        version: parameter(`version_${index}`),
        checksum: parameter(`checksum_${index}`),
        applied_at: parameter('applied_at'),
      }),
      parameters: {
        [`version_${index}`]: version,
        [`checksum_${index}`]: checksum,
        applied_at: sqlTimestamp(appliedAt),
      },
    },
  ]);
}

/** Deletes the records of `versions`; `prefix` names their parameters (`<prefix>` or `<prefix>_<i>`). */
export function forgetStatements(versions: readonly string[], prefix: string): SqlStatement[] {
  const forget = readSqlFile('schema_migrations/forget.sql').sql;
  return versions.map((version, index) => {
    const name = versions.length === 1 ? prefix : `${prefix}_${index}`;
    return { sql: renderSql(forget, { version: parameter(name) }), parameters: { [name]: version } };
  });
}
