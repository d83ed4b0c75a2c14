/**
 * Glue Data Quality rules (DQDL) for the gold star tables, derived from the contract.
 *
 * Each gold dimension partition is a full snapshot, so a key repeats across batch_date
 * partitions by design: evaluate one batch at a time (a pushdown predicate on batch_date).
 */
import { Contract } from './contract';
import { checkableDerivations, expressionSql } from './expressions';

const quote = (column: string): string => `"${column}"`;

/**
 * A derived column re-computed on the written table: no row may differ
 * (https://docs.aws.amazon.com/glue/latest/dg/dqdl-rule-types-CustomSql.html). `primary` is
 * the evaluated table.
 */
function derivationRule(column: string, sql: string): string {
  if (sql.includes('"'))
    throw new Error(`derived column ${column}: a DQDL CustomSql cannot hold a double quote`);
  return `CustomSql "select count(*) from primary where ${column} != (${sql})" = 0`;
}

/** The DQDL rules of one star table, in a stable order. */
export function dataQualityRules(contract: Contract, table: string): string[] {
  const spec = contract.table(table);
  const keys = [...new Set([spec.surrogateKey, spec.naturalKey])];
  const required = spec.columns
    .filter((c) => c.nullable === false && !keys.includes(c.name))
    .map((c) => c.name);
  return [
    // A dimension snapshot always holds at least its Unknown member; a fact batch may be empty.
    ...(spec.kind === 'dimension' ? ['RowCount >= 1'] : []),
    ...keys.map((key) => `IsComplete ${quote(key)}`),
    ...keys.map((key) => `IsUnique ${quote(key)}`),
    ...required.map((column) => `IsComplete ${quote(column)}`),
    ...spec.nonNegative.map((column) => `ColumnValues ${quote(column)} >= 0`),
    ...checkableDerivations(spec.columns).map(({ column, expression }) =>
      derivationRule(column, expressionSql(expression)),
    ),
  ];
}

/** The DQDL ruleset document of one star table. */
export function dataQualityRuleset(contract: Contract, table: string): string {
  return `Rules = [\n  ${dataQualityRules(contract, table).join(',\n  ')}\n]`;
}

/**
 * Every star table's ruleset as one JSON object `{table: dqdl}`: the job's `--dq_rulesets`
 * argument, so the job evaluates exactly the rulesets attached to the catalog tables.
 */
export function dataQualityRulesetsArgument(contract: Contract): string {
  return JSON.stringify(
    Object.fromEntries(contract.tableNames.map((table) => [table, dataQualityRuleset(contract, table)])),
  );
}
