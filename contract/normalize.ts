/**
 * A contract document with every default filled in and every referenced SQL file inlined: the
 * one form the rest of the platform reads. Where a default cannot be chosen (a foreign key to a
 * calendar dimension from a source with two date columns), it says so in `problems` and
 * `check.ts` reports it with the semantic rules.
 */
import {
  DEFAULT_FILE_ERROR_CODES,
  DEFAULT_LAYOUT,
  DEFAULT_LIMITS,
  DEFAULT_REASON_CODES,
  DEFAULT_TYPES,
  DEFAULT_UNKNOWN_MEMBER,
} from './defaults';
import {
  BATCH_DATE_COLUMN,
  CALENDAR_COLUMNS,
  ContractDocument,
  ContractSpec,
  ContractSqlFile,
  DatasetSpec,
  EventSpec,
  ForeignKeyDeclaration,
  ForeignKeySpec,
  LakeLayout,
  platformColumns,
  StarTableDocument,
  StarTableSpec,
} from './spec';

export interface NormalizedContract {
  readonly spec: ContractSpec;
  readonly problems: readonly string[];
}

/** Reads a file named by the contract (a mart, a lake query, a migration), relative to it. */
export type ContractFileReader = (relativePath: string) => string;

/** Keys starting with `$` are comments (`$comment`, `$schema`), not entries. */
function entries<T>(record: Readonly<Record<string, T | string>> | undefined): [string, T][] {
  return Object.entries(record ?? {}).filter(([name]) => !name.startsWith('$')) as [string, T][];
}

/**
 * A dimension written before `generated` existed whose keys coincide and whose columns are all
 * calendar columns is the calendar dimension, as the first sales contract declared date_dim.
 */
function isCalendar(table: StarTableDocument): boolean {
  if (table.generated !== undefined) return table.generated === 'calendar';
  return (
    table.kind === 'dimension' &&
    table.surrogateKey === table.naturalKey &&
    table.columns.every((column) => column.name in CALENDAR_COLUMNS)
  );
}

/**
 * A sourced dimension with its history filled in: `scd1` unless declared; an SCD2 one tracks
 * every attribute unless it names the columns; the platform columns appended unless declared.
 */
function withHistory(table: StarTableDocument): Partial<StarTableSpec> {
  const history = table.history ?? 'scd1';
  const declared = new Set(table.columns.map((column) => column.name));
  const platform = platformColumns(history);
  const platformNames = new Set(platform.map((column) => column.name));
  const attributes = table.columns
    .map((column) => column.name)
    .filter(
      (name) =>
        ![table.surrogateKey, table.naturalKey, BATCH_DATE_COLUMN].includes(name) && !platformNames.has(name),
    );
  return {
    history,
    ...(history === 'scd2' ? { tracked: table.tracked ?? attributes } : {}),
    columns: [...table.columns, ...platform.filter((column) => !declared.has(column.name))],
  };
}

function sqlFile(path: string, read: ContractFileReader): ContractSqlFile {
  return {
    name: path.replace(/^.*\//, '').replace(/\.sql$/, ''),
    sql: read(path).trim().replace(/;$/, ''),
  };
}

export function normalizeContract(document: ContractDocument, read: ContractFileReader): NormalizedContract {
  const problems: string[] = [];
  const limits = { ...DEFAULT_LIMITS, ...document.limits };
  const datasets: Record<string, DatasetSpec> = Object.fromEntries(
    entries(document.datasets).map(([name, dataset]) => [
      name,
      {
        ...dataset,
        rejectThreshold: dataset.rejectThreshold ?? limits.defaultRejectThreshold,
        rules: dataset.rules ?? [],
      },
    ]),
  );
  const tables = entries<StarTableDocument>(document.star);
  const calendars = new Set(tables.filter(([, table]) => isCalendar(table)).map(([name]) => name));

  /** The source's only date column, or '' with a problem asking for `field` to name one. */
  function onlyDate(table: string, column: string, why: string, field: 'via' | 'asOf'): string {
    const source = (document.star[table] as StarTableDocument).source;
    const dates = (source ? (datasets[source]?.columns ?? []) : []).filter((c) => c.type === 'date');
    if (dates.length === 1) return dates[0].name;
    const references = (document.star[table] as StarTableDocument).foreignKeys?.[column];
    const target = typeof references === 'string' ? references : references?.references;
    problems.push(
      `star.${table}.foreignKeys.${column}: ${target} ${why} and ${source ?? 'the table'} has ` +
        `${dates.length} date columns; name the one to use, e.g. { "references": "${target}", "${field}": "<date column>" }`,
    );
    return '';
  }

  function foreignKey(table: string, column: string, declaration: ForeignKeyDeclaration): ForeignKeySpec {
    const references = typeof declaration === 'string' ? declaration : declaration.references;
    const declared = typeof declaration === 'object' ? declaration : { references };
    const target = document.star[references] as StarTableDocument | undefined;
    if (calendars.has(references))
      return {
        references,
        via: declared.via ?? onlyDate(table, column, 'is a calendar dimension', 'via'),
      };
    const via = declared.via ?? target?.naturalKey ?? '';
    // An asOf into an scd1 dimension is kept for check.ts to refuse.
    if (target?.history !== 'scd2')
      return { references, via, ...(declared.asOf ? { asOf: declared.asOf } : {}) };
    return {
      references,
      via,
      asOf:
        declared.asOf ??
        onlyDate(table, column, 'keeps history (scd2), so a date picks the version,', 'asOf'),
    };
  }

  const star: Record<string, StarTableSpec> = Object.fromEntries(
    tables.map(([name, table]): [string, StarTableSpec] => {
      const foreignKeys = Object.fromEntries(
        entries<ForeignKeyDeclaration>(table.foreignKeys).map(([column, declaration]) => [
          column,
          foreignKey(name, column, declaration),
        ]),
      );
      const dateKeys = Object.keys(foreignKeys).filter((column) =>
        calendars.has(foreignKeys[column].references),
      );
      return [
        name,
        {
          ...table,
          ...(calendars.has(name) ? { generated: 'calendar' as const } : {}),
          ...(table.kind === 'dimension' && !calendars.has(name) ? withHistory(table) : {}),
          foreignKeys,
          nonNegative: table.nonNegative ?? [],
          distStyle: table.distStyle ?? (table.distKey ? 'key' : table.kind === 'dimension' ? 'all' : 'auto'),
          sortKey: table.sortKey ?? dateKeys.slice(0, 1),
        },
      ];
    }),
  );
  const ordered = (kind: StarTableSpec['kind']): string[] =>
    Object.keys(star).filter((name) => star[name].kind === kind);

  function files(paths: readonly (string | ContractSqlFile)[] | undefined, what: string): ContractSqlFile[] {
    return (paths ?? []).flatMap((path) => {
      if (typeof path === 'object') return [{ name: path.name, sql: path.sql }];
      try {
        return [sqlFile(path, read)];
      } catch (error) {
        problems.push(`${what}: cannot read ${path} (${(error as Error).message})`);
        return [];
      }
    });
  }

  const spec: ContractSpec = {
    version: document.version,
    reasonCodes: document.reasonCodes ?? DEFAULT_REASON_CODES,
    fileErrorCodes: document.fileErrorCodes ?? DEFAULT_FILE_ERROR_CODES,
    limits,
    types: { ...DEFAULT_TYPES, ...document.types },
    datasets,
    star,
    events: Object.fromEntries(entries<EventSpec>(document.events)),
    unknownMember: document.unknownMember ?? DEFAULT_UNKNOWN_MEMBER,
    layout: { ...DEFAULT_LAYOUT, ...Object.fromEntries(entries<string>(document.layout)) } as LakeLayout,
    loadOrder: document.loadOrder ?? [...ordered('dimension'), ...ordered('fact')],
    marts: files(document.marts, 'marts'),
    lakeQueries: files(document.lakeQueries, 'lakeQueries'),
    kpis: files(document.kpis, 'kpis'),
    migrations: (document.migrations ?? []).flatMap((migration) =>
      files(['file' in migration ? migration.file : migration], 'migrations').map((file) => ({
        ...file,
        resolves: migration.resolves,
      })),
    ),
  };
  return { spec, problems };
}
