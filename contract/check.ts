/**
 * The semantic rules a contract must meet beyond its JSON Schema: names that resolve, keys that
 * are columns, types that fit, and the column-origin rule that lets the platform build every
 * star table without code. Each problem is one line naming the field and what to change.
 */
import { expressionColumns, isTextExpression } from './expressions';
import {
  BATCH_DATE_COLUMN,
  CALENDAR_COLUMNS,
  ColumnSpec,
  ContractSpec,
  FieldType,
  platformColumns,
  REASON_CODES,
  StarTableSpec,
} from './spec';
import { REDSHIFT_RESERVED_WORDS } from './reserved-words';
import { compareTypes, isNumeric, parseStorageType, StorageType } from './storage-types';

/** Redshift identifiers are at most 127 bytes (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html). */
const MAX_IDENTIFIER_BYTES = 127;

const STORAGE_KINDS: Record<FieldType, StorageType['kind']> = {
  int: 'integer',
  dec: 'decimal',
  date: 'date',
  email: 'varchar',
  string: 'varchar',
};

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

function checkDataset(name: string, contract: ContractSpec, problems: string[]): void {
  const dataset = contract.datasets[name];
  const at = `datasets.${name}`;
  const columns = new Map(dataset.columns.map((column) => [column.name, column]));
  for (const column of duplicates(dataset.columns.map((c) => c.name)))
    problems.push(`${at}: column ${column} is declared twice`);
  const key = columns.get(dataset.key);
  if (!key) problems.push(`${at}.key: ${dataset.key} is not one of its columns`);
  else if (!key.required) problems.push(`${at}.key: ${dataset.key} must be required`);
  for (const column of dataset.columns) {
    const where = `${at}.columns.${column.name}`;
    const storage = parseStorageType(column.storage);
    if (typeof storage === 'string') problems.push(`${where}.storage: ${storage}`);
    else if (storage.kind !== STORAGE_KINDS[column.type])
      problems.push(
        `${where}.storage: a ${column.type} column is stored as ${STORAGE_KINDS[column.type]}, not ${column.storage}`,
      );
    if (column.min !== undefined && column.max !== undefined && column.min > column.max)
      problems.push(`${where}: min ${column.min} is above max ${column.max}`);
    if (column.default !== undefined && column.required)
      problems.push(
        `${where}.default: a required column never uses its default; drop it or make the column optional`,
      );
  }
  for (const rule of dataset.rules) {
    for (const column of rule.check.lte.flatMap(expressionColumns)) {
      if (!columns.has(column))
        problems.push(`${at}.rules.${rule.name}: ${column} is not a column of ${name}`);
      else if (!['int', 'dec'].includes(columns.get(column)!.type))
        problems.push(`${at}.rules.${rule.name}: ${column} is not a number (int or dec)`);
    }
  }
}

/** A column whose value is never null once the validator and the defaults have run. */
const alwaysSet = (column: ColumnSpec): boolean => column.required || column.default !== undefined;

function checkCalendar(name: string, table: StarTableSpec, problems: string[]): void {
  const at = `star.${name}`;
  if (table.surrogateKey !== 'date_key' || table.naturalKey !== 'date_key')
    problems.push(`${at}: a calendar dimension is keyed by date_key (surrogateKey and naturalKey)`);
  for (const column of table.columns) {
    const expected = CALENDAR_COLUMNS[column.name as keyof typeof CALENDAR_COLUMNS];
    if (expected === undefined)
      problems.push(
        `${at}.columns.${column.name}: a calendar dimension has only ${Object.keys(CALENDAR_COLUMNS).join(', ')}`,
      );
    else if (column.type !== expected)
      problems.push(`${at}.columns.${column.name}: is ${expected} in a calendar dimension`);
  }
}

function checkSourcedTable(
  name: string,
  table: StarTableSpec,
  contract: ContractSpec,
  problems: string[],
): void {
  const at = `star.${name}`;
  const source = contract.datasets[table.source ?? ''];
  if (!source) {
    problems.push(
      `${at}.source: ${table.source ?? '(none)'} is not a dataset; name one of ${Object.keys(contract.datasets).join(', ')}`,
    );
    return;
  }
  const sourceColumns = new Map(source.columns.map((column) => [column.name, column]));
  if (table.naturalKey !== source.key)
    problems.push(
      `${at}.naturalKey: must be ${source.key}, the key of ${table.source}, which the validator keeps unique`,
    );
  const keyColumns = new Set([table.surrogateKey, ...Object.keys(table.foreignKeys)]);
  const platform = new Set(Object.keys(platformColumnTypes(table)));
  // Columns earlier in the table, with whether they are never null, for derived expressions.
  const earlier = new Map<string, boolean>();
  for (const column of table.columns) {
    const where = `${at}.columns.${column.name}`;
    const copied = sourceColumns.get(column.name);
    if (keyColumns.has(column.name) || column.name === BATCH_DATE_COLUMN || platform.has(column.name)) {
      if (column.derived !== undefined)
        problems.push(`${where}: a key, ${BATCH_DATE_COLUMN} or a platform column cannot be derived`);
      earlier.set(column.name, true);
      continue;
    }
    if (column.derived !== undefined) {
      const parts = expressionColumns(column.derived);
      for (const part of parts) {
        if (!earlier.has(part) && !sourceColumns.has(part))
          problems.push(
            `${where}.derived: ${part} is neither a column of ${table.source} nor an earlier column of ${name}`,
          );
      }
      const text = isTextExpression(column.derived);
      const kind =
        typeof parseStorageType(column.type) === 'string'
          ? undefined
          : (parseStorageType(column.type) as StorageType).kind;
      if (text && kind !== 'varchar') problems.push(`${where}: a concat yields text; declare it varchar(n)`);
      if (!text && kind !== 'integer' && kind !== 'decimal')
        problems.push(`${where}: arithmetic yields a number; declare it integer, bigint or decimal(p,s)`);
      const nullable = parts.some((part) =>
        earlier.has(part)
          ? !earlier.get(part)
          : sourceColumns.has(part) && !alwaysSet(sourceColumns.get(part)!),
      );
      if (nullable && !column.nullable)
        problems.push(`${where}: reads an optional column, so it must be nullable`);
      earlier.set(column.name, !column.nullable);
      continue;
    }
    if (!copied) {
      problems.push(
        `${where}: not a column of ${table.source}; copy a column of that name or declare it derived (column origin rule)`,
      );
      continue;
    }
    if (
      typeof parseStorageType(column.type) !== 'string' &&
      compareTypes(copied.storage, column.type) === 'other'
    )
      problems.push(
        `${where}: ${column.type} cannot hold ${table.source}.${column.name} (${copied.storage})`,
      );
    if (!column.nullable && !alwaysSet(copied))
      problems.push(
        `${where}: ${table.source}.${column.name} is optional without a default, so the column must be nullable`,
      );
    earlier.set(column.name, !column.nullable);
  }
}

/** The platform columns a table carries (normalize appends them), with their types. */
function platformColumnTypes(table: StarTableSpec): Record<string, string> {
  return Object.fromEntries(platformColumns(table.history).map((column) => [column.name, column.type]));
}

/** History belongs to sourced dimensions; an SCD2 one tracks attributes it has. */
function checkHistory(name: string, table: StarTableSpec, problems: string[]): void {
  const at = `star.${name}`;
  if (table.history !== undefined && (table.kind !== 'dimension' || table.generated === 'calendar'))
    problems.push(`${at}.history: only a sourced dimension keeps history; remove it`);
  if (table.tracked !== undefined && table.history !== 'scd2')
    problems.push(`${at}.tracked: only an scd2 dimension tracks columns; set "history": "scd2" or remove it`);
  const platform = platformColumnTypes(table);
  for (const column of table.columns) {
    const type = platform[column.name];
    if (type !== undefined && (column.type !== type || column.nullable))
      problems.push(`${at}.columns.${column.name}: the platform fills it, as ${type} not null`);
  }
  if (table.tracked?.length === 0) problems.push(`${at}.tracked: name at least one column`);
  if (table.history === 'scd2' && table.surrogateKey === table.naturalKey)
    problems.push(
      `${at}.surrogateKey: an scd2 dimension keys each version, so it needs a surrogate key apart from ${table.naturalKey}`,
    );
  for (const column of table.tracked ?? []) {
    if ([table.surrogateKey, table.naturalKey, BATCH_DATE_COLUMN].includes(column) || column in platform)
      problems.push(`${at}.tracked: ${column} is a key or a platform column; track attributes only`);
    else if (!table.columns.some((c) => c.name === column))
      problems.push(`${at}.tracked: ${column} is not one of its columns`);
  }
}

/** A key into an SCD2 dimension picks the version by a date column of the fact's source. */
function checkAsOf(
  where: string,
  table: StarTableSpec,
  key: StarTableSpec['foreignKeys'][string],
  target: StarTableSpec,
  sourceColumns: readonly ColumnSpec[],
  problems: string[],
): void {
  if (target.history !== 'scd2') {
    if (key.asOf !== undefined)
      problems.push(`${where}.asOf: ${key.references} keeps no history (scd1); remove asOf`);
    return;
  }
  if (key.asOf === '') return; // normalize.ts already said why
  const asOf = sourceColumns.find((c) => c.name === key.asOf);
  if (!asOf || asOf.type !== 'date')
    problems.push(
      `${where}.asOf: ${key.asOf ?? '(none)'} must be a date column of ${table.source} (it picks the ${key.references} version)`,
    );
}

function checkForeignKeys(
  name: string,
  table: StarTableSpec,
  contract: ContractSpec,
  problems: string[],
): void {
  const at = `star.${name}.foreignKeys`;
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  const source = contract.datasets[table.source ?? ''];
  for (const [column, key] of Object.entries(table.foreignKeys)) {
    const where = `${at}.${column}`;
    if (table.kind !== 'fact') {
      problems.push(
        `${where}: only facts have foreign keys (a dimension referencing another is a snowflake)`,
      );
      continue;
    }
    const target = contract.star[key.references];
    if (!target || target.kind !== 'dimension') {
      problems.push(`${where}: ${key.references} is not a dimension of the star`);
      continue;
    }
    const own = columns.get(column);
    const targetKey = target.columns.find((c) => c.name === target.surrogateKey);
    if (!own) problems.push(`${where}: ${column} is not a column of ${name}`);
    else if (targetKey && own.type !== targetKey.type)
      problems.push(
        `${where}: is ${own.type} but ${key.references}.${target.surrogateKey} is ${targetKey.type}`,
      );
    else if (own.nullable)
      problems.push(`${where}: must not be nullable (a missing member is the Unknown member)`);
    if (key.via === '') continue; // normalize.ts already said why
    const via = source?.columns.find((c) => c.name === key.via);
    if (!via) {
      problems.push(
        `${where}: the fact's source ${table.source} has no column ${key.via} to look the member up by ` +
          `(${target.generated ? 'a date column' : `the natural key of ${key.references}`}); add it or set "via"`,
      );
      continue;
    }
    checkAsOf(where, table, key, target, source?.columns ?? [], problems);
    if (target.generated === 'calendar') {
      if (via.type !== 'date')
        problems.push(`${where}: ${table.source}.${key.via} must be a date to find a calendar member`);
      continue;
    }
    const natural = target.columns.find((c) => c.name === target.naturalKey);
    if (natural && compareTypes(via.storage, natural.type) === 'other')
      problems.push(
        `${where}: ${table.source}.${key.via} (${via.storage}) cannot match ${key.references}.${target.naturalKey} (${natural.type})`,
      );
  }
}

function checkTable(name: string, contract: ContractSpec, problems: string[]): void {
  const table = contract.star[name];
  const at = `star.${name}`;
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  for (const column of duplicates(table.columns.map((c) => c.name)))
    problems.push(`${at}: column ${column} is declared twice`);
  for (const column of table.columns) {
    const parsed = parseStorageType(column.type);
    if (typeof parsed === 'string') problems.push(`${at}.columns.${column.name}.type: ${parsed}`);
    if (Buffer.byteLength(column.name) > MAX_IDENTIFIER_BYTES)
      problems.push(`${at}.columns.${column.name}: longer than ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  for (const key of [table.surrogateKey, table.naturalKey]) {
    if (!columns.has(key)) problems.push(`${at}: key ${key} is not one of its columns`);
    else if (columns.get(key)!.nullable) problems.push(`${at}: key ${key} must not be nullable`);
  }
  const surrogate = columns.get(table.surrogateKey);
  if (surrogate && !['integer', 'bigint'].includes(surrogate.type))
    problems.push(
      `${at}.surrogateKey: ${table.surrogateKey} must be integer or bigint (got ${surrogate.type})`,
    );
  const batchDate = columns.get(BATCH_DATE_COLUMN);
  if (batchDate && batchDate.type !== 'date')
    problems.push(`${at}.columns.${BATCH_DATE_COLUMN}: holds the batch date, so it is a date`);
  for (const column of table.nonNegative) {
    if (!columns.has(column)) problems.push(`${at}.nonNegative: ${column} is not one of its columns`);
    else if (
      typeof parseStorageType(columns.get(column)!.type) !== 'string' &&
      !isNumeric(columns.get(column)!.type)
    )
      problems.push(`${at}.nonNegative: ${column} is not a number`);
  }
  if (table.distStyle === 'key' && !columns.has(table.distKey ?? ''))
    problems.push(`${at}.distKey: ${table.distKey ?? '(none)'} is not one of its columns`);
  for (const column of table.sortKey)
    if (!columns.has(column)) problems.push(`${at}.sortKey: ${column} is not one of its columns`);
  checkHistory(name, table, problems);
  if (table.generated === 'calendar') checkCalendar(name, table, problems);
  else checkSourcedTable(name, table, contract, problems);
  checkForeignKeys(name, table, contract, problems);
}

/** Names the generated SQL writes as plain identifiers: tables, columns, envelope fields. */
function checkReservedWords(contract: ContractSpec, problems: string[]): void {
  const names: [string, string][] = [
    ...Object.entries(contract.datasets).flatMap(([name, dataset]) =>
      dataset.columns.map((column): [string, string] => [
        `datasets.${name}.columns.${column.name}`,
        column.name,
      ]),
    ),
    ...Object.entries(contract.star).flatMap(([name, table]) => [
      [`star.${name}`, name] as [string, string],
      ...table.columns.map((column): [string, string] => [
        `star.${name}.columns.${column.name}`,
        column.name,
      ]),
    ]),
    ...Object.entries(contract.events).flatMap(([name, event]) =>
      event.envelope.map((field): [string, string] => [`events.${name}.envelope.${field.name}`, field.name]),
    ),
  ];
  for (const [where, name] of names)
    if (REDSHIFT_RESERVED_WORDS.has(name))
      problems.push(
        `${where}: ${name} is a Redshift reserved word, which the generated SQL cannot use as a name; rename it`,
      );
}

function checkLoadOrder(contract: ContractSpec, problems: string[]): void {
  const tables = Object.keys(contract.star);
  const order = contract.loadOrder;
  const missing = tables.filter((table) => !order.includes(table));
  const unknown = order.filter((table) => !tables.includes(table));
  if (missing.length || unknown.length || duplicates(order).length) {
    problems.push(
      `loadOrder: list every star table once (missing: ${missing.join(', ') || 'none'}; unknown: ${unknown.join(', ') || 'none'})`,
    );
    return;
  }
  for (const [table, spec] of Object.entries(contract.star)) {
    for (const key of Object.values(spec.foreignKeys)) {
      if (order.indexOf(key.references) > order.indexOf(table))
        problems.push(`loadOrder: ${key.references} must load before ${table}, which references it`);
    }
  }
}

function checkLayout(contract: ContractSpec, problems: string[]): void {
  const needs: Record<string, string[]> = {
    raw: ['{dataset}', '{date}'],
    validated: ['{dataset}', '{date}'],
    quarantine: ['{dataset}', '{date}'],
    gold: ['{table}', '{date}'],
    manifest: ['{date}'],
  };
  for (const [zone, placeholders] of Object.entries(needs)) {
    const template = contract.layout[zone as keyof typeof contract.layout];
    for (const placeholder of placeholders)
      if (!template.includes(placeholder)) problems.push(`layout.${zone}: ${template} needs ${placeholder}`);
  }
  if (!/[a-z_]+=\{date\}\/$/.test(contract.layout.gold))
    problems.push(`layout.gold: must end with <partition>={date}/ (got ${contract.layout.gold})`);
}

/** Every semantic problem of a normalized contract, one line each; empty when it holds. */
export function checkContractSpec(contract: ContractSpec): string[] {
  const problems: string[] = [];
  const codes = contract.reasonCodes;
  if (codes.length !== REASON_CODES.length || duplicates(codes).length)
    problems.push(`reasonCodes: list each of ${REASON_CODES.join(', ')} once, in precedence order`);
  for (const name of Object.keys(contract.datasets)) checkDataset(name, contract, problems);
  if (!Object.values(contract.star).some((table) => table.kind === 'fact'))
    problems.push('star: declare at least one fact table');
  for (const name of Object.keys(contract.star)) checkTable(name, contract, problems);
  checkLoadOrder(contract, problems);
  checkLayout(contract, problems);
  checkReservedWords(contract, problems);
  for (const [name, event] of Object.entries(contract.events)) {
    if (!contract.datasets[event.dataset])
      problems.push(`events.${name}.dataset: ${event.dataset} is not a dataset`);
    if (!event.envelope.some((field) => field.name === event.key))
      problems.push(`events.${name}.key: ${event.key} is not an envelope field`);
    if (contract.datasets[event.lakeDataset])
      problems.push(
        `events.${name}.lakeDataset: ${event.lakeDataset} is also a dataset; the two would share raw folders`,
      );
  }
  for (const [what, files] of [
    ['marts', contract.marts],
    ['lakeQueries', contract.lakeQueries],
    ['kpis', contract.kpis],
    ['migrations', contract.migrations],
  ] as const) {
    for (const name of duplicates(files.map((file) => file.name)))
      problems.push(`${what}: two files are named ${name}.sql`);
  }
  return problems;
}
