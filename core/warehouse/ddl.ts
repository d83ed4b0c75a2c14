/**
 * The warehouse DDL, generated from the contract: one presentation table per star table, with
 * its columns, NOT NULLs, primary key, informational foreign keys and the physical design the
 * contract declares, and a staging twin that COPY fills. Also the ALTER statements of the
 * additive changes (evolution.ts decides which run). Pure: statements only, nothing runs here.
 *
 * Redshift syntax and defaults (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html):
 * keys are informational (declared for the planner, never enforced; the quality checks enforce
 * them), DISTSTYLE and SORTKEY default to AUTO, DISTKEY (column) alone makes the style KEY, and
 * ENCODE AUTO is the default when no column names an encoding, so none does here.
 */
import { Contract, StarColumnSpec, StarTableSpec } from '../../contract';
import { storageType } from '../../contract/storage-types';
import { identifier, identifierList } from './sql-template';

const PRESENTATION = 'presentation';
const STAGING = 'staging';

/** A contract column type as Redshift DDL spells it, e.g. `decimal(12, 2)`. */
export function columnType(type: string): string {
  const parsed = storageType(type);
  switch (parsed.kind) {
    case 'integer':
      return { 2: 'smallint', 4: 'integer', 8: 'bigint' }[parsed.bytes];
    case 'decimal':
      return `decimal(${parsed.precision}, ${parsed.scale})`;
    case 'varchar':
      return `varchar(${parsed.length})`;
    default:
      return parsed.kind;
  }
}

/** `name type [not null]`: the column as CREATE TABLE and ADD COLUMN write it. */
export function columnDefinition(column: StarColumnSpec): string {
  return `${identifier(column.name)} ${columnType(column.type)}${column.nullable ? '' : ' not null'}`;
}

/**
 * The sort key of the DDL: the contract's, or, for a calendar dimension without one, its date
 * key, so month and quarter filters become zone-map range scans (the calendar sorts by date).
 */
export function sortKeyOf(spec: StarTableSpec): readonly string[] {
  if (spec.sortKey.length === 0 && spec.generated === 'calendar') return [spec.surrogateKey];
  return spec.sortKey;
}

/** DISTSTYLE / DISTKEY and SORTKEY, each with a comment giving the reason. */
function physicalDesign(spec: StarTableSpec): string[] {
  const sortKey = sortKeyOf(spec);
  const sort =
    sortKey.length === 0
      ? []
      : [
          `-- SORTKEY ${sortKey.join(', ')}: range filters on it skip blocks through zone maps.`,
          `sortkey (${identifierList(sortKey)})`,
        ];
  return [...distribution(spec), ...sort];
}

function distribution(spec: StarTableSpec): string[] {
  switch (spec.distStyle) {
    case 'all':
      return [
        '-- DISTSTYLE ALL: a copy on every node joins the facts without redistribution.',
        'diststyle all',
      ];
    case 'even':
      return [
        '-- DISTSTYLE EVEN: rows spread round-robin over the slices, none joined on a key.',
        'diststyle even',
      ];
    case 'auto':
      return [
        '-- DISTSTYLE AUTO: Redshift picks, and revises, the distribution as the table grows.',
        'diststyle auto',
      ];
    case 'key':
      return [
        `-- DISTKEY ${spec.distKey}: rows sharing it sit on one slice, so joins and aggregations on it stay local.`,
        `distkey (${identifier(spec.distKey ?? '')})`,
      ];
  }
}

/** The foreign keys in column order: `column -> dimension (surrogate key)`. */
function foreignKeys(contract: Contract, spec: StarTableSpec): { column: string; sql: string }[] {
  return spec.columns.flatMap((column) => {
    const key = spec.foreignKeys[column.name];
    if (!key) return [];
    return [{ column: column.name, sql: references(contract, key.references) }];
  });
}

function references(contract: Contract, dimension: string): string {
  return `references ${PRESENTATION}.${identifier(dimension)} (${identifier(contract.table(dimension).surrogateKey)})`;
}

/** CREATE TABLE IF NOT EXISTS presentation.<table>: columns, keys, physical design. */
export function createTableSql(contract: Contract, table: string): string {
  const spec = contract.table(table);
  const lines = [
    ...spec.columns.map(columnDefinition),
    `primary key (${identifier(spec.surrogateKey)})`,
    ...foreignKeys(contract, spec).map(({ column, sql }) => `foreign key (${identifier(column)}) ${sql}`),
  ];
  return [
    `-- ${spec.kind} ${table}, generated from the contract. Keys are informational in Redshift: the`,
    '-- quality checks enforce them. Column encodings are left to ENCODE AUTO.',
    `create table if not exists ${PRESENTATION}.${identifier(table)} (`,
    lines.map((line) => `    ${line}`).join(',\n'),
    ')',
    ...physicalDesign(spec),
  ].join('\n');
}

/**
 * CREATE TABLE IF NOT EXISTS staging.<table>: the contract's columns in the contract's order,
 * with the same NOT NULLs and physical design as presentation, and no keys. Written out rather
 * than `LIKE presentation.<table>`: COPY maps Parquet columns by position and needs as many
 * columns as the files have
 * (https://docs.aws.amazon.com/redshift/latest/dg/copy-usage_notes-copy-from-columnar.html),
 * while ALTER TABLE ADD COLUMN appends to presentation, whose order can therefore drift from
 * the contract's after an evolution. The MERGE names its columns, so it does not care.
 */
export function createStagingTwinSql(contract: Contract, table: string): string {
  const spec = contract.table(table);
  return [
    `-- Staging twin of ${PRESENTATION}.${table}: COPY fills it (checking NOT NULLs), MERGE drains it.`,
    `create table if not exists ${STAGING}.${identifier(table)} (`,
    spec.columns.map((column) => `    ${columnDefinition(column)}`).join(',\n'),
    ')',
    ...physicalDesign(spec),
  ].join('\n');
}

/** Drops a staging twin, which is empty outside a load, so it can be re-created as the contract now says. */
export function dropStagingTwinSql(table: string): string {
  return `drop table if exists ${STAGING}.${identifier(table)}`;
}

/** Every table of the contract: presentation tables in load order (dimensions before the facts that reference them), then their staging twins. */
export function schemaDdl(contract: Contract): string[] {
  return [
    ...contract.tableNames.map((table) => createTableSql(contract, table)),
    ...contract.tableNames.map((table) => createStagingTwinSql(contract, table)),
  ];
}

/**
 * A DEFAULT's literal: a number truncated to an integer, a flag, or a date (YYYY-MM-DD), cast
 * so that its type is the date column's, as Redshift asks of a DEFAULT.
 */
function defaultLiteral(fill: number | string | boolean): string {
  if (typeof fill === 'number') return String(Math.trunc(fill));
  if (typeof fill === 'boolean') return String(fill);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fill)) throw new Error(`a column fill must be a date (got ${fill})`);
  return `cast('${fill}' as date)`;
}

/**
 * ALTER TABLE presentation.<table> ADD COLUMN: NULL on existing rows, or `fill` where given,
 * through a DEFAULT, then NOT NULL when the contract says so. Redshift's syntax is
 * `ADD [COLUMN] name type [DEFAULT default_expr] [ENCODE ...] [NOT NULL | NULL]`, one column per
 * statement, never a DISTKEY or SORTKEY column nor a key constraint; a column without a DEFAULT
 * defaults to null, so a NOT NULL column added to a table with rows needs one, and the
 * DEFAULT's type must match the column's
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html#alter-table-default). The
 * existing rows take the new column's DEFAULT
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE_COL_ex-add-drop.html shows it
 * for DEFAULT NULL; the PGlite evolution tests check it for dates and flags).
 */
export function addColumnSql(
  table: string,
  column: StarColumnSpec,
  fill?: number | string | boolean,
): string {
  const fillClause = fill === undefined ? '' : ` default ${defaultLiteral(fill)}`;
  return (
    `alter table ${PRESENTATION}.${identifier(table)} add column ${identifier(column.name)} ` +
    `${columnType(column.type)}${fillClause}${column.nullable ? '' : ' not null'}`
  );
}

/** ALTER TABLE ... ADD FOREIGN KEY: the informational constraint a new foreign key column carries. */
export function addForeignKeySql(contract: Contract, table: string, column: string): string {
  const key = contract.table(table).foreignKeys[column];
  return `alter table ${PRESENTATION}.${identifier(table)} add foreign key (${identifier(column)}) ${references(contract, key.references)}`;
}

/**
 * ALTER TABLE ... ALTER COLUMN ... TYPE varchar(n): Redshift widens a VARCHAR in place, but not
 * inside a transaction block, nor for a column with a DEFAULT, a key constraint or a BYTEDICT,
 * RUNLENGTH, TEXT255 or TEXT32K encoding (r_ALTER_TABLE.html, ALTER COLUMN ... TYPE).
 */
export function widenVarcharSql(table: string, column: string, type: string): string {
  return `alter table ${PRESENTATION}.${identifier(table)} alter column ${identifier(column)} type ${columnType(type)}`;
}

/**
 * A decimal column widened to `column.type`: Redshift changes only a VARCHAR's type in place
 * (r_ALTER_TABLE.html), so the values move to a new column (NOT NULL ones through a DEFAULT 0
 * that the copy overwrites), the old one is dropped and the new one takes its name. One
 * transaction; the column moves to the end of presentation, which the MERGE (by name) ignores.
 * Redshift cannot drop a DISTKEY or SORTKEY column, so the caller refuses those.
 */
export function widenDecimalSql(table: string, column: StarColumnSpec): string[] {
  const target = `${PRESENTATION}.${identifier(table)}`;
  const name = identifier(column.name);
  const widened = identifier(`${column.name.slice(0, 110)}__widened`);
  return [
    addColumnSql(table, { ...column, name: widened }, column.nullable ? undefined : 0),
    `update ${target} set ${widened} = ${name}`,
    `alter table ${target} drop column ${name}`,
    `alter table ${target} rename column ${widened} to ${name}`,
  ];
}
