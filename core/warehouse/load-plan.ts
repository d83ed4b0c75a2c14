/**
 * Loads one gold partition per star table into presentation, in two transactions per table:
 *  1. empty staging, COPY the partition into it, MERGE it into presentation on the natural
 *     key: this touches only the table's own staging and presentation tables, so the tables
 *     of one batch load in parallel without serialization conflicts. An SCD2 dimension's
 *     partition holds every version, so its versions are matched on the surrogate key, and
 *     the versions staging lacks (undone by a replay of an earlier batch) are deleted first;
 *  2. lock staging.load_audit, replace the batch's audit row with what staging holds, empty
 *     staging: the one table every load writes, serialized by the lock.
 * A failure between the two leaves the MERGE done and the audit row missing: the quality
 * check then fails the batch, and re-running the load (idempotent) completes it.
 * Column lists and the gold location come from the contract the warehouse runs, so the load
 * follows the contract as the generated DDL does (ddl.ts).
 */
import { Contract } from '../../contract';
import { readSqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import {
  assignmentList,
  identifier,
  identifierList,
  parameter,
  renderSql,
  s3UriLiteral,
  sqlTimestamp,
} from './sql-template';

export interface LoadTableInput {
  readonly table: string;
  /** Validated YYYY-MM-DD (see batch-input.ts). */
  readonly batchDate: string;
  /** The curated bucket holding `gold/`; from configuration, never from the event. */
  readonly curatedBucket: string;
  /** When the load ran, recorded in staging.load_audit. */
  readonly loadedAt: Date;
}

const STAGED_ALIAS = 'staged';

/** The two transactions of one table's load: the data, then its audit row. */
export function buildLoadPlan(
  contract: Contract,
  input: LoadTableInput,
): {
  readonly load: SqlStatement[];
  readonly audit: SqlStatement[];
} {
  const spec = contract.table(input.table);
  const columns = spec.columns.map((column) => column.name);
  const table = identifier(input.table);
  const versioned = spec.history === 'scd2';
  const matchKey = versioned ? spec.surrogateKey : spec.naturalKey;
  const auditParameters = { batch_date: input.batchDate, star_table: input.table };
  const template = (name: string) => readSqlFile(`load/${name}.sql`).sql;
  const emptyStaging = { sql: renderSql(template('empty_staging'), { table }) };
  return {
    load: [
      emptyStaging,
      {
        sql: renderSql(template('copy_to_staging'), {
          table,
          s3_uri: s3UriLiteral(
            input.curatedBucket,
            contract.layoutPath('gold', { table: input.table, date: input.batchDate }),
          ),
        }),
      },
      ...(versioned
        ? [
            {
              sql: renderSql(template('delete_undone_versions'), {
                table,
                surrogate_key: identifier(spec.surrogateKey),
              }),
            },
          ]
        : []),
      {
        sql: renderSql(template('merge_into_presentation'), {
          table,
          match_key: identifier(matchKey),
          update_assignments: assignmentList(
            columns.filter((column) => column !== matchKey),
            STAGED_ALIAS,
          ),
          columns: identifierList(columns),
          staged_columns: identifierList(columns, STAGED_ALIAS),
        }),
      },
    ],
    audit: [
      { sql: template('lock_load_audit') },
      {
        sql: renderSql(template('forget_load_audit'), {
          batch_date: parameter('batch_date'),
          star_table: parameter('star_table'),
        }),
        parameters: auditParameters,
      },
      {
        sql: renderSql(template('record_load_audit'), {
          table,
          batch_date: parameter('batch_date'),
          star_table: parameter('star_table'),
          loaded_at: parameter('loaded_at'),
        }),
        parameters: { ...auditParameters, loaded_at: sqlTimestamp(input.loadedAt) },
      },
      emptyStaging,
    ],
  };
}

export interface LoadedTable {
  readonly table: string;
  /** Rows COPY staged for the batch (what the manifest reconciliation compares). */
  readonly stagedRows: number;
}

/** Loads each table in the given order (callers pass contract load order) and reports staged rows. */
export async function loadTables(
  executor: SqlExecutor,
  contract: Contract,
  input: Omit<LoadTableInput, 'table'> & { readonly tables: readonly string[] },
): Promise<LoadedTable[]> {
  const loaded: LoadedTable[] = [];
  for (const table of input.tables) {
    const plan = buildLoadPlan(contract, { ...input, table });
    await executor.runTransaction(plan.load);
    await executor.runTransaction(plan.audit);
    const [audit] = await executor.query<{ staged_rows: unknown }>({
      sql: renderSql(readSqlFile('load/select_load_audit.sql').sql, {
        batch_date: parameter('batch_date'),
        star_table: parameter('star_table'),
      }),
      parameters: { batch_date: input.batchDate, star_table: table },
    });
    loaded.push({ table, stagedRows: Number(audit?.staged_rows ?? 0) });
  }
  return loaded;
}
