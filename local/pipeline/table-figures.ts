import { Contract, HISTORY, StarTableSpec } from '../../contract';
import { isNumeric, storageType } from '../../contract/storage-types';
import { SqlExecutor } from '../../core/warehouse/sql-executor';

/**
 * A star table's figures. Every table: its rows, without a dimension's Unknown member. A sourced
 * dimension: its members (natural keys: an SCD2 one has more rows than members) and the inferred
 * placeholders among them. A fact: its measures' totals and, per key into a sourced dimension,
 * the rows keyed to a placeholder still waiting for its member.
 */
export interface TableFigures {
  readonly rows: number;
  readonly members?: number;
  readonly inferred?: number;
  readonly sums?: Readonly<Record<string, number>>;
  readonly on_inferred?: Readonly<Record<string, number>>;
}

/** The warehouse schema the star tables are loaded into. */
const PRESENTATION = 'presentation';

/** A contract name (lowercase letters, digits, _) as a quoted identifier, safe even for a keyword. */
const quoted = (name: string): string => `"${name}"`;

/**
 * Per star table with a source dataset, in load order. A fact's `sums` total every integer and
 * decimal column that is not a surrogate, natural or foreign key (decimals rounded to 2 places).
 */
export async function tableFigures(
  contract: Contract,
  warehouse: SqlExecutor,
): Promise<Record<string, TableFigures>> {
  const figures: Record<string, TableFigures> = {};
  for (const name of contract.tableNames) {
    const table = contract.table(name);
    if (table.source === undefined) continue;
    figures[name] =
      table.kind === 'fact'
        ? await factFigures(contract, warehouse, name, table)
        : await dimensionFigures(contract, warehouse, name, table);
  }
  return figures;
}

async function dimensionFigures(
  contract: Contract,
  warehouse: SqlExecutor,
  name: string,
  table: StarTableSpec,
): Promise<TableFigures> {
  const members = `from ${PRESENTATION}.${quoted(name)} where ${quoted(table.surrogateKey)} <> ${contract.spec.unknownMember.key}`;
  // A calendar dimension has no members of its own: one row per date.
  if (table.history === undefined) {
    const [row] = await warehouse.query({ sql: `select count(*) as row_count ${members}` });
    return { rows: Number(row.row_count) };
  }
  const [row] = await warehouse.query({
    sql:
      `select count(*) as row_count, count(distinct ${quoted(table.naturalKey)}) as members, ` +
      `coalesce(sum(case when ${quoted(HISTORY.isInferred)} then 1 else 0 end), 0) as inferred ${members}`,
  });
  return { rows: Number(row.row_count), members: Number(row.members), inferred: Number(row.inferred) };
}

async function factFigures(
  contract: Contract,
  warehouse: SqlExecutor,
  name: string,
  table: StarTableSpec,
): Promise<TableFigures> {
  const keys = new Set([table.surrogateKey, table.naturalKey, ...Object.keys(table.foreignKeys)]);
  const measures = table.columns.filter((column) => !keys.has(column.name) && isNumeric(column.type));
  const sums = measures.map(({ name: column, type }) => {
    const total = `coalesce(sum(${quoted(column)}), 0)`;
    const rounded = storageType(type).kind === 'decimal' ? `round(${total}, 2)` : total;
    return `${rounded} as ${quoted(`sum_${column}`)}`;
  });
  const [row] = await warehouse.query({
    sql: `select ${['count(*) as row_count', ...sums].join(', ')} from ${PRESENTATION}.${quoted(name)}`,
  });
  const onInferred: Record<string, number> = {};
  for (const [column, { references }] of Object.entries(table.foreignKeys)) {
    const dimension = contract.table(references);
    if (dimension.history === undefined) continue;
    const [keyed] = await warehouse.query({
      sql:
        `select count(*) as row_count from ${PRESENTATION}.${quoted(name)} as fact ` +
        `inner join ${PRESENTATION}.${quoted(references)} as dimension ` +
        `on fact.${quoted(column)} = dimension.${quoted(dimension.surrogateKey)} ` +
        `where dimension.${quoted(HISTORY.isInferred)}`,
    });
    onInferred[column] = Number(keyed.row_count);
  }
  return {
    rows: Number(row.row_count),
    sums: Object.fromEntries(measures.map(({ name: column }) => [column, Number(row[`sum_${column}`])])),
    on_inferred: onInferred,
  };
}
