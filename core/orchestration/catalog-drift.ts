/**
 * ValidateCatalog: the crawled (silver) tables against the contract, before the star-schema
 * job trusts them. The crawler names each table after its dataset folder.
 */
import { ColumnSpec, Contract } from '../../contract';

/** The part of a Glue table this check reads. */
export interface CatalogTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

/** Glue types a crawled CSV column may have for a contract column, with the reason. */
export interface TypeCompatibility {
  readonly accepts: (glueType: string) => boolean;
  /** What the error message says was expected. */
  readonly expected: string;
}

/**
 * Compatibility of contract columns with what the CSV crawler infers. The crawler types a
 * column from the values it samples, so a compatible set is accepted rather than one name:
 * - int (storage bigint/integer): `bigint`, or `int`/`smallint`/`tinyint` for small values;
 * - dec (storage decimal(p,s)): `double` or `decimal(p,s)`, and the integer types when every
 *   sampled value is whole (e.g. a discount column of defaults `0`);
 * - date: `date`, or `string` because the CSV classifier does not always infer dates;
 * - string and email (storage varchar(n)): `string` only; a number-looking text column is drift.
 * The exact storage type is enforced later by the Spark schema and the warehouse DDL.
 */
const INTEGER_TYPES = ['bigint', 'int', 'smallint', 'tinyint'];
const COMPATIBILITY: Readonly<Record<ColumnSpec['type'], TypeCompatibility>> = {
  int: { accepts: (type) => INTEGER_TYPES.includes(type), expected: 'an integer type (bigint, int)' },
  dec: {
    accepts: (type) =>
      type === 'double' || /^decimal\(\d+,\s*\d+\)$/.test(type) || INTEGER_TYPES.includes(type),
    expected: 'a numeric type (double, decimal(p,s), bigint)',
  },
  date: { accepts: (type) => type === 'date' || type === 'string', expected: 'date or string' },
  email: { accepts: (type) => type === 'string', expected: 'string' },
  string: { accepts: (type) => type === 'string', expected: 'string' },
};

/** Thrown when the catalog no longer matches the contract; the message lists every mismatch. */
export class SchemaDriftError extends Error {
  override readonly name = 'SchemaDriftError';
}

/** What was checked: the tables, and crawled columns the contract does not know (not an error). */
export interface CatalogCheck {
  readonly database: string;
  readonly tablesChecked: readonly string[];
  readonly extraColumns: Readonly<Record<string, readonly string[]>>;
}

/**
 * Checks the table of every dataset that had files in this batch: it must exist and hold
 * every contract column with a compatible type. Throws SchemaDriftError naming the table, the
 * column, what was expected and what was found.
 */
export function checkCatalog(
  contract: Contract,
  database: string,
  tables: readonly CatalogTable[],
  datasetsInBatch: readonly string[],
): CatalogCheck {
  const byName = new Map(tables.map((table) => [table.name.toLowerCase(), table]));
  const problems: string[] = [];
  const extraColumns: Record<string, readonly string[]> = {};
  for (const dataset of datasetsInBatch) {
    const table = byName.get(dataset);
    if (!table) {
      problems.push(`table "${dataset}" is missing (expected it for the ${dataset} files of this batch)`);
      continue;
    }
    const crawled = new Map(
      table.columns.map((column) => [column.name.toLowerCase(), column.type.toLowerCase()]),
    );
    const { columns } = contract.dataset(dataset);
    for (const column of columns) {
      const found = crawled.get(column.name);
      const rule = COMPATIBILITY[column.type];
      if (found === undefined) {
        problems.push(
          `table "${dataset}" column "${column.name}": expected ${rule.expected}, found no such column`,
        );
      } else if (!rule.accepts(found)) {
        problems.push(
          `table "${dataset}" column "${column.name}": expected ${rule.expected} (contract ${column.type}, storage ${column.storage}), found ${found}`,
        );
      }
    }
    const known = new Set(columns.map((column) => column.name));
    const extra = [...crawled.keys()].filter((name) => !known.has(name));
    if (extra.length > 0) extraColumns[dataset] = extra;
  }
  if (problems.length > 0) {
    throw new SchemaDriftError(`schema drift in Glue database "${database}": ${problems.join('; ')}`);
  }
  return { database, tablesChecked: [...datasetsInBatch], extraColumns };
}
