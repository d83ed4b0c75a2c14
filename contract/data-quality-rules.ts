/**
 * Glue Data Quality rules (DQDL) for the gold star tables, derived from the contract.
 *
 * Each gold dimension partition is a full snapshot, so a key repeats across batch_date
 * partitions by design: evaluate one batch at a time (a pushdown predicate on batch_date).
 * An SCD2 dimension's partition holds every version of every member, as the warehouse does:
 * its natural key repeats within a partition, so instead of that key's uniqueness its rules
 * ask for one current version per member and versions whose validity does not overlap.
 */
import { Contract } from './contract';
import { checkableDerivations, expressionSql } from './expressions';
import { HISTORY, StarTableSpec } from './spec';

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

/**
 * CustomSql rules of an SCD2 dimension (the same conditions as the warehouse's
 * broken_version_history and current_version_count_mismatch checks): no member without exactly
 * one current version; no two versions of a member whose half-open validity intervals
 * intersect; no version that ends before it starts, or whose is_current disagrees with an open
 * end. Without commas, as the local evaluator splits rules on them (glue_shim/awsgluedq).
 */
function versionRules(spec: StarTableSpec): string[] {
  const [key, member] = [spec.surrogateKey, spec.naturalKey];
  const { validFrom: from, validTo: to, isCurrent: current } = HISTORY;
  const openEnd = `cast('${HISTORY.openEnd}' as date)`;
  return [
    `CustomSql "select count(*) from (select ${member} from primary group by ${member} ` +
      `having sum(case when ${current} then 1 else 0 end) != 1) as members" = 0`,
    `CustomSql "select count(*) from primary as earlier inner join primary as later ` +
      `on earlier.${member} = later.${member} and earlier.${key} < later.${key} ` +
      `and earlier.${from} < later.${to} and earlier.${to} > later.${from}" = 0`,
    `CustomSql "select count(*) from primary where ${from} >= ${to} ` +
      `or (${current} and ${to} != ${openEnd}) or (not ${current} and ${to} = ${openEnd})" = 0`,
  ];
}

/** The DQDL rules of one star table, in a stable order. */
export function dataQualityRules(contract: Contract, table: string): string[] {
  const spec = contract.table(table);
  const versioned = spec.history === 'scd2';
  const keys = [...new Set([spec.surrogateKey, spec.naturalKey])];
  const unique = versioned ? [spec.surrogateKey] : keys;
  const required = spec.columns
    .filter((c) => c.nullable === false && !keys.includes(c.name))
    .map((c) => c.name);
  return [
    // A dimension snapshot always holds at least its Unknown member; a fact batch may be empty.
    ...(spec.kind === 'dimension' ? ['RowCount >= 1'] : []),
    ...keys.map((key) => `IsComplete ${quote(key)}`),
    ...unique.map((key) => `IsUnique ${quote(key)}`),
    ...required.map((column) => `IsComplete ${quote(column)}`),
    ...spec.nonNegative.map((column) => `ColumnValues ${quote(column)} >= 0`),
    ...checkableDerivations(spec.columns).map(({ column, expression }) =>
      derivationRule(column, expressionSql(expression)),
    ),
    ...(versioned ? versionRules(spec) : []),
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
