import { Contract } from '../../contract';
import { isNumeric, storageType } from '../../contract/storage-types';
import { SqlExecutor } from '../../core/warehouse/sql-executor';

/** A star table's figures: its rows (members without the Unknown one) and, for a fact, its measures' totals. */
export interface TableFigures {
  readonly rows: number;
  readonly sums?: Readonly<Record<string, number>>;
}

/** The warehouse schema the star tables are loaded into. */
const PRESENTATION = 'presentation';

/** A contract name (lowercase letters, digits, _) as a quoted identifier, safe even for a keyword. */
const quoted = (name: string): string => `"${name}"`;

/**
 * Per star table with a source dataset, in load order: `rows`, without the Unknown member of a
 * dimension, and for a fact `sums`, the total of every integer and decimal column that is not
 * a surrogate, natural or foreign key (decimals rounded to 2 places).
 */
export async function tableFigures(
  contract: Contract,
  warehouse: SqlExecutor,
): Promise<Record<string, TableFigures>> {
  const figures: Record<string, TableFigures> = {};
  for (const name of contract.tableNames) {
    const table = contract.table(name);
    if (table.source === undefined) continue;
    const keys = new Set([table.surrogateKey, table.naturalKey, ...Object.keys(table.foreignKeys)]);
    const measures =
      table.kind === 'fact'
        ? table.columns.filter((column) => !keys.has(column.name) && isNumeric(column.type))
        : [];
    const sums = measures.map(({ name: column, type }) => {
      const total = `coalesce(sum(${quoted(column)}), 0)`;
      const rounded = storageType(type).kind === 'decimal' ? `round(${total}, 2)` : total;
      return `${rounded} as ${quoted(`sum_${column}`)}`;
    });
    const members =
      table.kind === 'dimension'
        ? ` where ${quoted(table.surrogateKey)} <> ${contract.spec.unknownMember.key}`
        : '';
    const [row] = await warehouse.query({
      sql: `select ${['count(*) as row_count', ...sums].join(', ')} from ${PRESENTATION}.${quoted(name)}${members}`,
    });
    const rows = Number(row.row_count);
    figures[name] =
      table.kind === 'fact'
        ? { rows, sums: Object.fromEntries(measures.map(({ name: c }) => [c, Number(row[`sum_${c}`])])) }
        : { rows };
  }
  return figures;
}
