/**
 * Refreshes every mart after a batch passed its quality checks. REFRESH MATERIALIZED VIEW
 * runs as its own transaction in Redshift, so each is executed on its own.
 */
import { readSqlFile, SqlFile } from './sql-files';
import { SqlExecutor } from './sql-executor';
import { identifier, renderSql } from './sql-template';

/** Refreshes the marts in name order and returns their names. */
export async function refreshMarts(executor: SqlExecutor, marts: readonly SqlFile[]): Promise<string[]> {
  const template = readSqlFile('marts/refresh_mart.sql').sql;
  for (const mart of marts) {
    await executor.execute({ sql: renderSql(template, { mart: identifier(mart.name) }) });
  }
  return marts.map((mart) => mart.name);
}
