/**
 * The marts step, after a batch passed its quality checks: builds every mart of the contract
 * whose definition is new or changed, or that a migration dropped (drop, create, record, in one
 * transaction), then refreshes the others.
 *
 * The refresh identity builds the marts because Redshift lets only a materialized view's owner
 * refresh it (https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-refresh-sql-command.html)
 * and has no ALTER MATERIALIZED VIEW ... OWNER TO. REFRESH runs as its own transaction there,
 * so each is executed on its own.
 */
import { Contract } from '../../contract';
import { contractSqlFile, readSqlFile, SqlFile } from '../../contract/sql-files';
import {
  appliedMigrations,
  checksumsByVersion,
  forgetStatements,
  recordStatements,
} from './schema-migrations';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { identifier, renderSql } from './sql-template';

export interface MartsRefreshed {
  /** Marts built (created or re-created) because their definition changed. */
  readonly built: string[];
  /** The other marts, refreshed in name order (a mart just built is already current). */
  readonly refreshed: string[];
}

/** The contract's marts with their checksums, as schema_migrations records them. */
export function contractMarts(contract: Contract): SqlFile[] {
  return contract.spec.marts.map(contractSqlFile);
}

/** One mart build: its name (its schema_migrations version) and its transaction. */
export interface MartBuild {
  readonly version: string;
  readonly statements: readonly SqlStatement[];
}

/** The builds still to run, given what schema_migrations records. Pure. */
export function planMartBuilds(
  marts: readonly SqlFile[],
  applied: ReturnType<typeof checksumsByVersion>,
  builtAt: Date,
): MartBuild[] {
  return marts
    .filter((mart) => applied.get(mart.name) !== mart.checksum)
    .map((mart) => ({
      version: mart.name,
      statements: [
        dropMartStatement(mart.name),
        { sql: mart.sql },
        ...recordStatements([{ version: mart.name, checksum: mart.checksum }], builtAt),
      ],
    }));
}

/**
 * Drops marts and forgets their records, so the next marts step builds them again: what a
 * migration does before it changes a table a mart reads.
 */
export function dropMartStatements(marts: readonly string[]): SqlStatement[] {
  return [...marts.map(dropMartStatement), ...forgetStatements(marts, 'mart')];
}

function dropMartStatement(mart: string): SqlStatement {
  return { sql: renderSql(readSqlFile('marts/drop_mart.sql').sql, { mart: identifier(mart) }) };
}

/** Builds the changed marts, then refreshes the others. */
export async function refreshMarts(
  executor: SqlExecutor,
  contract: Contract,
  builtAt: Date,
): Promise<MartsRefreshed> {
  const marts = contractMarts(contract);
  const builds = planMartBuilds(marts, checksumsByVersion(await appliedMigrations(executor)), builtAt);
  for (const build of builds) await executor.runTransaction(build.statements);
  const built = builds.map((build) => build.version);
  const stale = marts.filter((mart) => !built.includes(mart.name)).map((mart) => mart.name);
  const template = readSqlFile('marts/refresh_mart.sql').sql;
  for (const mart of stale) await executor.execute({ sql: renderSql(template, { mart: identifier(mart) }) });
  return { built, refreshed: stale };
}
