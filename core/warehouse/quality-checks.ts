/**
 * The warehouse quality gate. Redshift keys are informational, so these checks enforce what
 * the DDL only declares. Each check is one query returning `failed_rows`; the list is built
 * from contract.json (keys, foreign keys, nonNegative columns, derived columns) plus the
 * manifest counts.
 */
import { CONTRACT, StarTableName } from '../../contract';
import { checkableDerivations, expressionName, expressionSql } from '../../contract/expressions';
import { BatchManifest } from './manifest';
import { readSqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { identifier, parameter, renderSql, SqlFragment } from './sql-template';

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

/** Every check for one batch, in a stable order. */
export function buildQualityChecks(manifest: BatchManifest): QualityCheck[] {
  const batchDate = manifest.batchDate;
  const check = (name: string, template: string, slots: Record<string, SqlFragment>, parameters = {}) => ({
    name,
    statement: { sql: renderSql(readSqlFile(`quality/${template}.sql`).sql, slots), parameters },
  });
  const batchSlot = { batch_date: parameter('batch_date') };
  const batchParameters = { batch_date: batchDate };

  return CONTRACT.loadOrder.flatMap((table: StarTableName): QualityCheck[] => {
    const spec = CONTRACT.star[table];
    const keys = [...new Set([spec.surrogateKey, spec.naturalKey])];
    const checks = [
      check(
        `${table}.staged_rows_match_manifest`,
        'load_count_mismatch',
        { ...batchSlot, star_table: parameter('star_table'), expected_rows: parameter('expected_rows') },
        { ...batchParameters, star_table: table, expected_rows: String(manifest.rowCounts[table]) },
      ),
      ...keys.map((key) =>
        check(`${table}.unique_${key}`, 'duplicate_keys', { table: identifier(table), key: identifier(key) }),
      ),
    ];
    if (spec.kind !== 'fact') return checks;
    return [
      ...checks,
      ...Object.entries(spec.foreignKeys).map(([foreignKey, { references: dimension }]) =>
        check(
          `${table}.${foreignKey}_resolves_in_${dimension}`,
          'unresolved_foreign_keys',
          {
            ...batchSlot,
            table: identifier(table),
            foreign_key: identifier(foreignKey),
            dimension: identifier(dimension),
            dimension_key: identifier(CONTRACT.star[dimension].surrogateKey),
          },
          batchParameters,
        ),
      ),
      ...(spec.nonNegative ?? []).map((column) =>
        check(
          `${table}.${column}_not_negative`,
          'negative_amounts',
          { ...batchSlot, table: identifier(table), column: identifier(column) },
          batchParameters,
        ),
      ),
      ...checkableDerivations(spec.columns).map(({ column, expression }) =>
        check(
          `${table}.${column}_equals_${expressionName(expression)}`,
          'derived_column_mismatch',
          {
            ...batchSlot,
            table: identifier(table),
            column: identifier(column),
            expression: expressionSql(expression, identifier) as SqlFragment,
          },
          batchParameters,
        ),
      ),
    ];
  });
}

/** Runs every check and reports each one's failed rows; it does not throw on failures. */
export async function runQualityChecks(
  executor: SqlExecutor,
  manifest: BatchManifest,
): Promise<QualityReport> {
  const checks: QualityCheckResult[] = [];
  for (const { name, statement } of buildQualityChecks(manifest)) {
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
