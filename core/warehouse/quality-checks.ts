/**
 * The warehouse quality gate. Redshift keys are informational, so these checks enforce what
 * the DDL only declares. Each check is one query returning `failed_rows`; the list is built
 * from the contract (keys, foreign keys, nonNegative columns, derived columns, for every star
 * table in load order) plus the manifest counts. Row checks look at the batch's rows in a
 * table that records its batch (a `batch_date` column), else at the whole table.
 */
import { BATCH_DATE_COLUMN, Contract, StarTableSpec } from '../../contract';
import { checkableDerivations, expressionName, expressionSql } from '../../contract/expressions';
import { BatchManifest } from './manifest';
import { readSqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlParameters, SqlStatement } from './sql-executor';
import { identifier, parameter, renderSql, SqlFragment } from './sql-template';

/** The alias the row-check templates give the checked table. */
const CHECKED = 'checked';

export interface QualityCheck {
  /** `<table>.<rule>`, e.g. `sales_fact.customer_key_resolves_in_customer_dim`. */
  readonly name: string;
  readonly statement: SqlStatement;
}

export interface QualityCheckResult {
  readonly name: string;
  readonly failedRows: number;
}

export interface QualityReport {
  readonly passed: boolean;
  readonly checks: readonly QualityCheckResult[];
}

/** Thrown when any check fails; Step Functions catches it by this name. */
export class QualityCheckFailedError extends Error {
  override readonly name = 'QualityCheckFailedError';
  constructor(
    readonly batchDate: string,
    readonly failedChecks: readonly QualityCheckResult[],
  ) {
    super(
      `batch ${batchDate} failed ${failedChecks.length} quality check(s): ` +
        failedChecks.map((check) => `${check.name} (${check.failedRows} rows)`).join(', '),
    );
  }
}

/** Every check for one batch, in a stable order: table by table in load order. */
export function buildQualityChecks(contract: Contract, manifest: BatchManifest): QualityCheck[] {
  const check = (
    name: string,
    template: string,
    slots: Record<string, SqlFragment>,
    parameters: SqlParameters = {},
  ): QualityCheck => ({
    name,
    statement: { sql: renderSql(readSqlFile(`quality/${template}.sql`).sql, slots), parameters },
  });

  return contract.tableNames.flatMap((table): QualityCheck[] => {
    const spec = contract.table(table);
    const keys = [...new Set([spec.surrogateKey, spec.naturalKey])];
    const scope = batchScope(spec, manifest.batchDate);
    const rows = { table: identifier(table), in_batch: scope.in_batch };
    return [
      check(
        `${table}.staged_rows_match_manifest`,
        'load_count_mismatch',
        {
          batch_date: parameter('batch_date'),
          star_table: parameter('star_table'),
          expected_rows: parameter('expected_rows'),
        },
        {
          batch_date: manifest.batchDate,
          star_table: table,
          expected_rows: String(manifest.rowCounts[table]),
        },
      ),
      ...keys.map((key) =>
        check(`${table}.unique_${key}`, 'duplicate_keys', { table: identifier(table), key: identifier(key) }),
      ),
      ...Object.entries(spec.foreignKeys).map(([foreignKey, { references: dimension }]) =>
        check(
          `${table}.${foreignKey}_resolves_in_${dimension}`,
          'unresolved_foreign_keys',
          {
            ...rows,
            foreign_key: identifier(foreignKey),
            dimension: identifier(dimension),
            dimension_key: identifier(contract.table(dimension).surrogateKey),
          },
          scope.parameters,
        ),
      ),
      ...spec.nonNegative.map((column) =>
        check(
          `${table}.${column}_not_negative`,
          'negative_amounts',
          { ...rows, column: identifier(column) },
          scope.parameters,
        ),
      ),
      ...checkableDerivations(spec.columns).map(({ column, expression }) =>
        check(
          `${table}.${column}_equals_${expressionName(expression)}`,
          'derived_column_mismatch',
          {
            ...rows,
            column: identifier(column),
            expression: expressionSql(expression, (name) => `${CHECKED}.${identifier(name)}`) as SqlFragment,
          },
          scope.parameters,
        ),
      ),
    ];
  });
}

/** The `{{ in_batch }}` condition: the batch's rows where the table records its batch, else every row. */
function batchScope(
  spec: StarTableSpec,
  batchDate: string,
): { readonly in_batch: SqlFragment; readonly parameters: SqlParameters } {
  if (!spec.columns.some((column) => column.name === BATCH_DATE_COLUMN))
    return { in_batch: 'true' as SqlFragment, parameters: {} };
  return {
    in_batch:
      `${CHECKED}.${identifier(BATCH_DATE_COLUMN)} = cast(${parameter('batch_date')} as date)` as SqlFragment,
    parameters: { batch_date: batchDate },
  };
}

/** Runs every check and reports each one's failed rows; it does not throw on failures. */
export async function runQualityChecks(
  executor: SqlExecutor,
  contract: Contract,
  manifest: BatchManifest,
): Promise<QualityReport> {
  const checks: QualityCheckResult[] = [];
  for (const { name, statement } of buildQualityChecks(contract, manifest)) {
    const [row] = await executor.query<{ failed_rows: unknown }>(statement);
    checks.push({ name, failedRows: Number(row?.failed_rows ?? 0) });
  }
  return { passed: checks.every((result) => result.failedRows === 0), checks };
}

/** Throws QualityCheckFailedError listing the failed checks, if any. */
export function assertQualityPassed(batchDate: string, report: QualityReport): void {
  const failed = report.checks.filter((result) => result.failedRows > 0);
  if (failed.length > 0) throw new QualityCheckFailedError(batchDate, failed);
}
