/**
 * The warehouse quality gate. Redshift keys are informational, so these checks enforce what
 * the DDL only declares. Each check is one query returning `failed_rows`; the list is built
 * from the contract (keys, foreign keys, nonNegative columns, derived columns, for every star
 * table in load order) plus the manifest counts. Row checks look at the batch's rows in a
 * table that records its batch (a `batch_date` column), else at the whole table.
 *
 * An SCD2 dimension holds one row per version, so its natural key repeats by design: instead
 * of that key's uniqueness, its members must have exactly one current version and versions
 * whose validity does not overlap. A fact key into it must name a version valid on the row's
 * as-of date.
 */
import { BATCH_DATE_COLUMN, Contract, HISTORY, StarTableSpec } from '../../contract';
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

  const history = {
    valid_from: identifier(HISTORY.validFrom),
    valid_to: identifier(HISTORY.validTo),
    is_current: identifier(HISTORY.isCurrent),
  };

  return contract.tableNames.flatMap((table): QualityCheck[] => {
    const spec = contract.table(table);
    const versioned = spec.history === 'scd2';
    const keys = versioned ? [spec.surrogateKey] : [...new Set([spec.surrogateKey, spec.naturalKey])];
    const scope = batchScope(spec, manifest.batchDate);
    const rows = { table: identifier(table), in_batch: scope.in_batch };
    const member = { table: identifier(table), natural_key: identifier(spec.naturalKey) };
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
      ...(versioned
        ? [
            check(`${table}.one_current_version_per_${spec.naturalKey}`, 'current_version_count_mismatch', {
              ...member,
              is_current: history.is_current,
            }),
            check(
              `${table}.versions_do_not_overlap`,
              'broken_version_history',
              {
                ...member,
                ...history,
                surrogate_key: identifier(spec.surrogateKey),
                open_end: parameter('open_end'),
              },
              { open_end: HISTORY.openEnd },
            ),
          ]
        : []),
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
      ...Object.entries(spec.foreignKeys).flatMap(([foreignKey, { references: dimension, asOf }]) => {
        if (asOf === undefined) return [];
        const dated = asOfDate(contract, table, asOf);
        if (dated === undefined) return [];
        return [
          check(
            `${table}.${foreignKey}_version_valid_at_${asOf}`,
            'version_not_valid_at_date',
            {
              ...rows,
              ...dated,
              foreign_key: identifier(foreignKey),
              dimension: identifier(dimension),
              dimension_key: identifier(contract.table(dimension).surrogateKey),
              valid_from: history.valid_from,
              valid_to: history.valid_to,
              unknown_key: parameter('unknown_key'),
            },
            { ...scope.parameters, unknown_key: String(contract.spec.unknownMember.key) },
          ),
        ];
      }),
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

/**
 * Where a fact row's as-of date is kept, as the `dated` join of version_not_valid_at_date.sql:
 * the fact's own column of that name (a date copied from its source), joined to itself on its
 * surrogate key; else the calendar row found by the date key whose `via` is the as-of column
 * (sales_fact.date_key, via sale_date, gives date_dim.date_value). Undefined when the
 * warehouse keeps the date in neither place: the version check is then skipped, as nothing
 * there says which date picked the version.
 */
function asOfDate(
  contract: Contract,
  table: string,
  asOf: string,
): Record<'dated_table' | 'dated_key' | 'dated_table_key' | 'as_of_column', SqlFragment> | undefined {
  const spec = contract.table(table);
  const own = spec.columns.find(
    (column) => column.name === asOf && column.type === 'date' && column.derived === undefined,
  );
  if (own)
    return {
      dated_table: identifier(table),
      dated_key: identifier(spec.surrogateKey),
      dated_table_key: identifier(spec.surrogateKey),
      as_of_column: identifier(asOf),
    };
  for (const [column, key] of Object.entries(spec.foreignKeys)) {
    const calendar = contract.table(key.references);
    const date = calendar.columns.find((candidate) => candidate.type === 'date');
    if (key.via === asOf && calendar.generated === 'calendar' && date)
      return {
        dated_table: identifier(key.references),
        dated_key: identifier(column),
        dated_table_key: identifier(calendar.surrogateKey),
        as_of_column: identifier(date.name),
      };
  }
  return undefined;
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
