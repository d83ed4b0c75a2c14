/**
 * Where each zone lives in the lake and how the gold star tables are described to the Glue
 * Data Catalog, all derived from a contract (layout templates and star columns).
 */
import { Contract } from './contract';
import { LayoutZone } from './layout';

/**
 * The key prefix that every object of a zone shares, given some of the template's values: the
 * template filled up to its first placeholder without a value. The one derivation of prefixes
 * from the layout, for IAM grants, crawler targets and catalog locations, e.g.
 * `layoutPrefix(c, 'validated')` is `silver/`, `layoutPrefix(c, 'raw', { dataset: 'sales' })`
 * is `sales/ingest_date=`, `layoutPrefix(c, 'manifest')` is `gold/_manifests/batch_date=`.
 */
export function layoutPrefix(
  contract: Contract,
  zone: LayoutZone,
  values: { readonly dataset?: string; readonly table?: string; readonly date?: string } = {},
): string {
  const open = '\u0000';
  const path = contract.layoutPath(zone, {
    dataset: values.dataset ?? open,
    table: values.table ?? open,
    date: values.date ?? open,
  });
  const end = path.indexOf(open);
  return end === -1 ? path : path.slice(0, end);
}

/** A gold table's folder (e.g. `gold/sales_fact/`) and its partition key (e.g. `batch_date`). */
export function goldTableLayout(
  contract: Contract,
  table: string,
): {
  readonly prefix: string;
  readonly partitionKey: string;
} {
  const path = contract.layoutPath('gold', { table, date: '{date}' });
  const match = /^(.*\/)([a-z_]+)=\{date\}\/$/.exec(path);
  if (!match) throw new Error(`layout "gold" must end with <partition>={date}/ (got ${path})`);
  return { prefix: match[1], partitionKey: match[2] };
}

/** Hive type of a contract column type, as Glue, Athena and Glue Data Quality read Parquet. */
export function hiveType(type: string): string {
  if (type === 'integer') return 'int';
  if (/^varchar\(\d+\)$/.test(type)) return 'string';
  if (/^decimal\(\d+,\d+\)$/.test(type) || ['bigint', 'smallint', 'date', 'boolean'].includes(type))
    return type;
  throw new Error(`contract type "${type}" has no Glue catalog mapping: add it to hiveType()`);
}

/**
 * The catalog columns of a gold table: the contract's columns without the partition key,
 * which the catalog takes from the folder name (the Parquet files of sales_fact also carry it
 * for the warehouse COPY; declaring it twice would make the table unreadable).
 */
export function goldColumns(
  contract: Contract,
  table: string,
): { readonly name: string; readonly type: string }[] {
  const { partitionKey } = goldTableLayout(contract, table);
  return contract
    .table(table)
    .columns.filter((column) => column.name !== partitionKey)
    .map((column) => ({ name: column.name, type: hiveType(column.type) }));
}
