/**
 * Schema migrations, applied at deploy time by the custom resource (as the namespace admin)
 * and by the local pipeline, in this order:
 *  1. the versioned platform files (sql/migrations/NNNN_*.sql: schemas, the load audit), once
 *     each; editing one after it ran is an error, so changes go in a new file;
 *  2. the contract's tables, created or evolved from the contract the warehouse last recorded
 *     (evolution.ts), and the contract recorded;
 *  3. the AWS-only sets with slots (streaming, database roles), numbered after the files.
 * The recorded contract is read, and a breaking change refused, before anything is written.
 * Each step runs in one transaction with its schema_migrations record, so a re-run applies
 * nothing twice.
 *
 * Marts are not migrations: Redshift lets only a materialized view's owner refresh it, so the
 * refresh identity builds them (see refresh-marts.ts), recorded in the same table.
 */
import { Contract } from '../../contract';
import { readSqlFile, SqlFile } from '../../contract/sql-files';
import { latestRecordedContract, tableExists } from './contract-versions';
import { ContractMigrationStep, planContractMigration } from './evolution';
import {
  AppliedMigration,
  appliedMigrations,
  checksumsByVersion,
  recordStatements,
} from './schema-migrations';
import { MAX_TRANSACTION_STATEMENTS, SqlExecutor, SqlStatement } from './sql-executor';
import { splitStatements } from './sql-statements';
import { renderSql, SqlFragment, templateSlots } from './sql-template';

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

export interface FileMigrationInput {
  readonly migrations: readonly SqlFile[];
  readonly appliedAt: Date;
  /**
   * Sets that exist only on AWS (sql/streaming where a stream is wired in, sql/access for the
   * database roles), numbered in the same sequence as `migrations` and run after them.
   */
  readonly templated?: readonly TemplatedMigrations[];
}

export interface MigrationInput extends FileMigrationInput {
  /** The contract whose tables the warehouse must hold. */
  readonly contract: Contract;
}

/** A migration whose SQL no longer matches what was applied. */
export class MigrationChangedError extends Error {
  override readonly name = 'MigrationChangedError';
}

/** The steps still to run, given what schema_migrations records. Pure. */
export function planMigrations(
  input: FileMigrationInput,
  applied: readonly AppliedMigration[],
): MigrationStep[] {
  const migrations = [...input.migrations, ...(input.templated ?? []).flatMap(rendered)];
  assertOrdered(migrations);
  const appliedChecksums = checksumsByVersion(applied);
  return migrations
    .filter((file) => !isApplied(appliedChecksums, file.name, file.checksum, `${file.name}.sql`))
    .map((file) => ({
      version: file.name,
      statements: [
        ...splitStatements(file.sql).map((sql) => ({ sql })),
        ...recordStatements([{ version: file.name, checksum: file.checksum }], input.appliedAt),
      ],
    }));
}

/**
 * Brings the warehouse to the input's platform files and contract; returns what ran: the
 * versions of files and contract migrations, then `contract/<version>` when it was recorded.
 * Throws BreakingContractChangeError, UnsupportedContractChangeError or MigrationChangedError
 * before writing anything.
 */
export async function applyMigrations(executor: SqlExecutor, input: MigrationInput): Promise<string[]> {
  const plan = planContractMigration({
    recorded: await latestRecordedContract(executor),
    contract: input.contract,
    appliedAt: input.appliedAt,
  });
  const applied = (await tableExists(executor, 'public', 'schema_migrations'))
    ? await appliedMigrations(executor)
    : [];
  const fileSteps = planMigrations(input, applied);
  const appliedChecksums = checksumsByVersion(applied);
  const contractSteps = plan.steps.filter(
    (step) => !isApplied(appliedChecksums, step.version, step.checksum, step.version),
  );

  assertTransactionSizes([
    ...fileSteps,
    ...contractSteps.map((step) => ({
      version: step.version,
      statements: stepTransaction(step, input.appliedAt),
    })),
    ...plan.complete.map((statements) => ({ version: `contract/${input.contract.version}`, statements })),
  ]);

  for (const bookkeeping of ['schema_migrations', 'contract_versions'])
    await executor.execute({ sql: readSqlFile(`${bookkeeping}/create_table.sql`).sql });
  const platform = new Set(input.migrations.map((file) => file.name));
  const ran: string[] = [];
  for (const step of fileSteps.filter((s) => platform.has(s.version))) {
    await executor.runTransaction(step.statements);
    ran.push(step.version);
  }
  for (const step of contractSteps) {
    await runContractStep(executor, step, input.appliedAt);
    ran.push(step.version);
  }
  for (const transaction of plan.complete) await executor.runTransaction(transaction);
  if (plan.complete.length > 0) ran.push(`contract/${input.contract.version}`);
  for (const step of fileSteps.filter((s) => !platform.has(s.version))) {
    await executor.runTransaction(step.statements);
    ran.push(step.version);
  }
  return ran;
}

async function runContractStep(executor: SqlExecutor, step: ContractMigrationStep, appliedAt: Date) {
  for (const statement of step.outsideTransaction) await executor.execute(statement);
  await executor.runTransaction(stepTransaction(step, appliedAt));
}

/** A contract step's transaction: its statements and its schema_migrations record. */
function stepTransaction(step: ContractMigrationStep, appliedAt: Date): SqlStatement[] {
  return [
    ...step.statements,
    ...recordStatements([{ version: step.version, checksum: step.checksum }], appliedAt),
  ];
}

/** Refuses, before anything runs, a transaction the Data API would refuse midway. */
function assertTransactionSizes(
  transactions: readonly { version: string; statements: readonly unknown[] }[],
) {
  for (const { version, statements } of transactions)
    if (statements.length > MAX_TRANSACTION_STATEMENTS)
      throw new Error(
        `${version} needs ${statements.length} statements in one transaction, and the Data API runs at most ` +
          `${MAX_TRANSACTION_STATEMENTS}: split it`,
      );
}

/** Applied with this checksum: true; not applied: false; applied with another: an error. */
function isApplied(applied: Map<string, string>, version: string, checksum: string, what: string): boolean {
  const recorded = applied.get(version);
  if (recorded === undefined) return false;
  if (recorded === checksum) return true;
  throw new MigrationChangedError(
    `migration ${what} changed after it was applied (checksum ${recorded} is now ${checksum}); ` +
      'restore it and put the change in a new migration (or, for a contract, a new contract version)',
  );
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
