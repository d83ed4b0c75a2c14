/**
 * What a migration does to bring the warehouse from the contract it runs (recorded in
 * contract_versions) to the deployed one. Pure: it plans, and refuses, before anything runs.
 *
 * - A new warehouse gets every table of the contract (IF NOT EXISTS, so one built before
 *   contracts were recorded keeps its tables and data), and the contract's hand-written
 *   migrations count as applied: the tables already have the shape they lead to.
 * - Otherwise the change must be evolvable (`assertEvolvable`): a breaking change that no
 *   hand-written migration resolves throws BreakingContractChangeError. Then the hand-written
 *   migrations not yet applied run, in contract order, and each additive change becomes a
 *   generated migration: a new table, a new nullable column (NULL on existing rows), a new
 *   foreign key (existing rows get the Unknown member), a widened varchar or decimal. A change
 *   whose subject a hand-written migration lists in `resolves` is left to that migration.
 * - Last, the staging twins are re-created as the contract now says (they are empty outside a
 *   load), marts the contract dropped are dropped, and the contract is recorded: transactions
 *   that are each safe to repeat, the record last, so an interrupted run completes on the next.
 *
 * Marts that read a table whose column changes type are dropped first and rebuilt by the next
 * marts step, which builds any mart schema_migrations no longer records; a hand-written
 * migration may reshape anything, so every mart is dropped before one runs.
 */
import { createHash } from 'node:crypto';
import { assertEvolvable, ChangeDetail, Contract } from '../../contract';
import { storageType } from '../../contract/storage-types';
import {
  addColumnSql,
  addForeignKeySql,
  createStagingTwinSql,
  createTableSql,
  dropStagingTwinSql,
  sortKeyOf,
  widenDecimalSql,
  widenVarcharSql,
} from './ddl';
import { recordContractStatements } from './contract-versions';
import { dropMartStatements } from './refresh-marts';
import { recordStatements } from './schema-migrations';
import { MAX_TRANSACTION_STATEMENTS, SqlStatement } from './sql-executor';
import { splitStatements } from './sql-statements';

/** A contract migration, recorded in schema_migrations under `version` once it ran. */
export interface ContractMigrationStep {
  /** `migration/<name>` for a hand-written one, `contract/<version>/<subject>/<change>` for a generated one. */
  readonly version: string;
  /** SHA-256 of its SQL: a recorded step whose SQL differs is an error, not a re-run. */
  readonly checksum: string;
  /**
   * Statements Redshift refuses inside a transaction block, run one at a time before the
   * transaction; each is safe to repeat, so a failure between them and the transaction heals
   * on the next run.
   */
  readonly outsideTransaction: readonly SqlStatement[];
  /** One transaction, with the step's schema_migrations record. */
  readonly statements: readonly SqlStatement[];
}

export interface ContractMigrationPlan {
  readonly steps: readonly ContractMigrationStep[];
  /**
   * The transactions that complete the migration, each safe to repeat, the last one recording
   * the contract; none when the warehouse already runs this contract.
   */
  readonly complete: readonly (readonly SqlStatement[])[];
}

/** An additive change that Redshift cannot carry out in place; a hand-written migration can. */
export class UnsupportedContractChangeError extends Error {
  override readonly name = 'UnsupportedContractChangeError';
}

/** The plan from `recorded` (undefined for a new warehouse) to `contract`. Throws before anything runs. */
export function planContractMigration(input: {
  readonly recorded?: { readonly revision: number; readonly contract: Contract };
  readonly contract: Contract;
  readonly appliedAt: Date;
}): ContractMigrationPlan {
  const { recorded, contract, appliedAt } = input;
  const revision = (recorded?.revision ?? 0) + 1;
  const handWritten = contract.spec.migrations.map((migration) => ({
    ...migration,
    version: `migration/${migration.name}`,
    checksum: sha256(migration.sql),
  }));
  // One transaction per table and per few records: the Data API runs at most 40 statements in one.
  const complete = (
    tables: (table: string) => SqlStatement[],
    records: readonly SqlStatement[],
    droppedMarts: readonly string[],
  ) => [
    ...contract.tableNames.map((table) => [
      ...tables(table),
      { sql: dropStagingTwinSql(table) },
      { sql: createStagingTwinSql(contract, table) },
    ]),
    ...dropMartStatements(droppedMarts).map((statement) => [statement]),
    ...inTransactions(records),
    recordContractStatements(contract, revision, appliedAt),
  ];

  if (!recorded) {
    return {
      steps: [],
      complete: complete(
        (table) => [{ sql: createTableSql(contract, table) }],
        recordStatements(handWritten, appliedAt),
        [],
      ),
    };
  }
  if (JSON.stringify(recorded.contract) === JSON.stringify(contract)) return { steps: [], complete: [] };

  const changes = assertEvolvable(recorded.contract.spec, contract.spec);
  const carriedOut = new Set(contract.spec.migrations.flatMap((migration) => migration.resolves));
  const allMarts = [...new Set([...recorded.contract.spec.marts, ...contract.spec.marts].map((m) => m.name))];
  const handWrittenSteps = handWritten.map((migration): ContractMigrationStep => ({
    version: migration.version,
    checksum: migration.checksum,
    outsideTransaction: dropMartStatements(allMarts),
    statements: splitStatements(migration.sql).map((sql) => ({ sql })),
  }));
  const generated = changes
    .filter((change) => change.kind === 'additive' && !carriedOut.has(change.subject))
    // New tables first, in load order: a new foreign key may reference one.
    .sort((a, b) => newTableRank(contract, a.detail) - newTableRank(contract, b.detail))
    .flatMap((change) =>
      generatedStep(recorded.contract, contract, change.detail).map((step): ContractMigrationStep => ({
        ...step,
        version: `contract/${contract.version}/${change.subject}/${change.detail.type}`,
        checksum: sha256([...step.outsideTransaction, ...step.statements].map((s) => s.sql).join(';\n')),
      })),
    );
  const current = new Set(contract.spec.marts.map((mart) => mart.name));
  const droppedMarts = recorded.contract.spec.marts.map((mart) => mart.name).filter((m) => !current.has(m));
  return { steps: [...handWrittenSteps, ...generated], complete: complete(() => [], [], droppedMarts) };
}

/** Statements in as few transactions as the Data API allows, in order. */
function inTransactions(statements: readonly SqlStatement[]): SqlStatement[][] {
  const transactions: SqlStatement[][] = [];
  for (let i = 0; i < statements.length; i += MAX_TRANSACTION_STATEMENTS)
    transactions.push(statements.slice(i, i + MAX_TRANSACTION_STATEMENTS));
  return transactions;
}

/** A new table's place in the load order; every other change after the new tables. */
function newTableRank(contract: Contract, detail: ChangeDetail): number {
  return detail.type === 'table-added'
    ? contract.tableNames.indexOf(detail.table)
    : contract.tableNames.length;
}

type GeneratedStep = Pick<ContractMigrationStep, 'outsideTransaction' | 'statements'>;

/** The statements of one additive change; none for changes outside the warehouse's tables. */
function generatedStep(before: Contract, after: Contract, detail: ChangeDetail): GeneratedStep[] {
  const sql = (text: string): SqlStatement => ({ sql: text });
  switch (detail.type) {
    case 'table-added':
      return [{ outsideTransaction: [], statements: [sql(createTableSql(after, detail.table))] }];
    case 'column-added':
      assertAddable(after, detail.table, detail.column.name);
      return [
        {
          outsideTransaction: [],
          statements: [sql(addColumnSql(detail.table, detail.column, detail.fill))],
        },
      ];
    case 'foreign-key-added':
      assertAddable(after, detail.table, detail.column.name);
      return [
        {
          outsideTransaction: [],
          statements: [
            sql(addColumnSql(detail.table, detail.column, after.spec.unknownMember.key)),
            sql(addForeignKeySql(after, detail.table, detail.column.name)),
          ],
        },
      ];
    case 'column-widened': {
      // Marts over the table depend on the column's type: drop them first, the marts step rebuilds them.
      const marts = dropMartStatements(martsReading(before, detail.table));
      if (storageType(detail.to).kind === 'varchar')
        return [
          {
            outsideTransaction: [...marts, sql(widenVarcharSql(detail.table, detail.column, detail.to))],
            statements: [],
          },
        ];
      assertDroppable(after, detail.table, detail.column);
      const column = after.table(detail.table).columns.find((c) => c.name === detail.column)!;
      return [{ outsideTransaction: marts, statements: widenDecimalSql(detail.table, column).map(sql) }];
    }
    default:
      return [];
  }
}

/** The marts whose SQL names `table`: the ones a change of its columns can break. */
function martsReading(contract: Contract, table: string): string[] {
  const named = new RegExp(`\\b${table}\\b`);
  return contract.spec.marts.filter((mart) => named.test(mart.sql)).map((mart) => mart.name);
}

function isPhysicalKey(contract: Contract, table: string, column: string): boolean {
  const spec = contract.table(table);
  return spec.distKey === column || sortKeyOf(spec).includes(column);
}

/** Redshift cannot ADD COLUMN a DISTKEY or SORTKEY column (r_ALTER_TABLE.html, ADD COLUMN). */
function assertAddable(contract: Contract, table: string, column: string): void {
  if (isPhysicalKey(contract, table, column))
    throw new UnsupportedContractChangeError(
      `${table}.${column} is a distribution or sort key of ${table}, which Redshift cannot add to a ` +
        `table: write a migration that resolves ${table}.${column}`,
    );
}

/** Redshift cannot DROP a DISTKEY or SORTKEY column (r_ALTER_TABLE.html, DROP COLUMN). */
function assertDroppable(contract: Contract, table: string, column: string): void {
  if (isPhysicalKey(contract, table, column))
    throw new UnsupportedContractChangeError(
      `${table}.${column} is a distribution or sort key of ${table}: Redshift cannot rebuild it to widen ` +
        `its decimal precision; write a migration that resolves ${table}.${column}`,
    );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
