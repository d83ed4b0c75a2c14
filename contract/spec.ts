/**
 * The shapes of a data contract. `ContractDocument` is what a team writes (contract.json,
 * checked against contract.schema.json); `ContractSpec` is the same contract with every default
 * filled in and every referenced SQL file inlined (normalize.ts): what a deployment ships to
 * its Lambdas and its Glue job, which read it and never resolve anything themselves.
 */
import { Expression } from './expressions';

/** The rejection reasons the validator implements; the contract gives their precedence. */
export const REASON_CODES = [
  'MALFORMED_ROW',
  'ENCODING',
  'MISSING_VALUE',
  'INVALID_TYPE',
  'OUT_OF_RANGE',
  'RULE_VIOLATION',
  'DUPLICATE_KEY',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a whole file fails. */
export const FILE_ERROR_CODES = [
  'EMPTY_FILE',
  'MISSING_COLUMN',
  'DUPLICATE_COLUMN',
  'REJECT_THRESHOLD_EXCEEDED',
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** The validation types a dataset column may have. */
export const FIELD_TYPES = ['int', 'dec', 'date', 'email', 'string'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * The columns a generated calendar dimension may have, with their warehouse types. `date_key`
 * is the integer YYYYMMDD, day_of_week is ISO 8601 (1 = Monday), is_weekend is Saturday or Sunday.
 */
export const CALENDAR_COLUMNS = {
  date_key: 'integer',
  date_value: 'date',
  year: 'smallint',
  quarter: 'smallint',
  month: 'smallint',
  day: 'smallint',
  day_of_week: 'smallint',
  is_weekend: 'boolean',
} as const;
export type CalendarColumn = keyof typeof CALENDAR_COLUMNS;

/** A star column of this name, in any table, holds the batch date the row was built in. */
export const BATCH_DATE_COLUMN = 'batch_date';

/**
 * How a sourced dimension keeps history. `scd1`: one row per member, overwritten when it
 * changes. `scd2`: one row per version; a change in a tracked column closes the current version
 * and opens a new one at the batch date.
 */
export type HistoryKind = 'scd1' | 'scd2';

/**
 * The platform's columns of a sourced dimension, which normalize appends: the validity of an
 * SCD2 version (half-open: valid on d when valid_from <= d < valid_to) and the inferred flag of
 * a placeholder for a member a fact referenced before it arrived. The Glue job mirrors these
 * (glue-scripts/star_schema/contract.py).
 */
export const HISTORY = {
  validFrom: 'valid_from',
  validTo: 'valid_to',
  isCurrent: 'is_current',
  isInferred: 'is_inferred',
  /** valid_from of a member's first version: facts dated before the member arrived resolve to it. */
  beginning: '1900-01-01',
  /** valid_to of the current version. */
  openEnd: '9999-12-31',
} as const;

/**
 * The platform columns of a sourced dimension with `history` (none without: a fact or a
 * calendar), in the order normalize appends them. normalize.ts appends them and check.ts holds
 * declared ones to these types.
 */
export function platformColumns(history: HistoryKind | undefined): StarColumnSpec[] {
  if (history === undefined) return [];
  const date = (name: string): StarColumnSpec => ({ name, type: 'date', nullable: false });
  const flag = (name: string): StarColumnSpec => ({ name, type: 'boolean', nullable: false });
  return [
    ...(history === 'scd2' ? [date(HISTORY.validFrom), date(HISTORY.validTo), flag(HISTORY.isCurrent)] : []),
    flag(HISTORY.isInferred),
  ];
}

/**
 * What a platform column holds on rows that predate it, when a contract change adds it: the
 * rows become first versions, current and open-ended, and none of them is a placeholder.
 */
export const PLATFORM_COLUMN_FILL: Readonly<Record<string, string | boolean>> = {
  [HISTORY.validFrom]: HISTORY.beginning,
  [HISTORY.validTo]: HISTORY.openEnd,
  [HISTORY.isCurrent]: true,
  [HISTORY.isInferred]: false,
};

export interface ColumnSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly required: boolean;
  /** Inclusive lower bound for int and dec columns. */
  readonly min?: number;
  /** Inclusive business upper bound, tighter than the storage type's. */
  readonly max?: number;
  /** Value used when an optional field is empty. */
  readonly default?: string;
  /** Warehouse storage type: bigint, integer, smallint, decimal(p,s), varchar(n) or date. */
  readonly storage: string;
}

export interface RowRule {
  readonly name: string;
  readonly code: ReasonCode;
  /** The row breaks the rule when the left expression exceeds the right one. */
  readonly check: { readonly lte: readonly [Expression, Expression] };
  readonly message: string;
}

export interface DatasetSpec {
  readonly description: string;
  readonly key: string;
  readonly rejectThreshold: number;
  readonly columns: readonly ColumnSpec[];
  readonly rules: readonly RowRule[];
}

export interface StarColumnSpec {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  /**
   * How the column is computed from the source row and the table's earlier columns; absent
   * for a column copied from the source column of the same name (or a key).
   */
  readonly derived?: Expression;
}

/** A fact's foreign key: the dimension it references and the source column that finds the member. */
export interface ForeignKeySpec {
  readonly references: string;
  /**
   * The column of the fact's source dataset whose value is looked up: the dimension's natural
   * key for a sourced dimension, a date column for a calendar dimension.
   */
  readonly via: string;
  /**
   * For a key into an SCD2 dimension only: the date column of the fact's source whose value
   * picks the version (valid_from <= asOf < valid_to).
   */
  readonly asOf?: string;
}

/** How Redshift spreads a table's rows over the compute slices. */
export type DistributionStyle = 'all' | 'even' | 'auto' | 'key';

export interface StarTableSpec {
  readonly kind: 'dimension' | 'fact';
  /** The dataset whose rows the table is built from; a calendar dimension may have none. */
  readonly source?: string;
  /** `calendar`: one row per date the facts reference, built by the platform. */
  readonly generated?: 'calendar';
  readonly surrogateKey: string;
  readonly naturalKey: string;
  /** A sourced dimension's history; absent on facts and calendar dimensions. */
  readonly history?: HistoryKind;
  /** For an SCD2 dimension: the columns whose change opens a new version. */
  readonly tracked?: readonly string[];
  readonly foreignKeys: Readonly<Record<string, ForeignKeySpec>>;
  readonly nonNegative: readonly string[];
  readonly distStyle: DistributionStyle;
  /** The distribution column when distStyle is `key`. */
  readonly distKey?: string;
  readonly sortKey: readonly string[];
  readonly columns: readonly StarColumnSpec[];
}

/** An event envelope field, checked before the row's columns. */
export interface EnvelopeFieldSpec {
  readonly name: string;
  /** `uuid` (matches `pattern`), `const` (equals `value`) or `timestamptz` (matches `pattern`, real date and time). */
  readonly type: 'uuid' | 'const' | 'timestamptz';
  readonly required: boolean;
  readonly pattern?: string;
  readonly value?: string;
  readonly description: string;
}

/** A streamed event that carries one row of `dataset` (its columns and rules) plus an envelope. */
export interface EventSpec {
  readonly description: string;
  readonly dataset: string;
  /** The `{dataset}` of the raw and quarantine layout templates under which the events land. */
  readonly lakeDataset: string;
  /** The envelope field that identifies an event: redeliveries repeat it. */
  readonly key: string;
  readonly envelope: readonly EnvelopeFieldSpec[];
}

export interface LakeLayout {
  readonly raw: string;
  readonly readyMarker: string;
  readonly validated: string;
  readonly quarantine: string;
  readonly gold: string;
  readonly manifest: string;
}

/** A SQL object that travels with the contract: a mart, a lake query or a migration. */
export interface ContractSqlFile {
  /** The file name without `.sql`, e.g. `mv_customer_value`. */
  readonly name: string;
  /** The statement(s), without a trailing semicolon. */
  readonly sql: string;
}

/** A hand-written migration that carries out changes the platform will not generate. */
export interface ContractMigration extends ContractSqlFile {
  /** The breaking changes it carries out, as `contract diff` names them (e.g. `customer_dim.email`). */
  readonly resolves: readonly string[];
}

export interface ContractSpec {
  readonly version: string;
  readonly reasonCodes: readonly ReasonCode[];
  readonly fileErrorCodes: readonly FileErrorCode[];
  readonly limits: { readonly maxRowBytes: number; readonly defaultRejectThreshold: number };
  readonly types: Readonly<Record<FieldType, { readonly pattern?: string; readonly description: string }>>;
  readonly datasets: Readonly<Record<string, DatasetSpec>>;
  readonly star: Readonly<Record<string, StarTableSpec>>;
  readonly events: Readonly<Record<string, EventSpec>>;
  readonly unknownMember: { readonly key: number; readonly text: string };
  readonly layout: LakeLayout;
  /** Dimensions before the facts that reference them. */
  readonly loadOrder: readonly string[];
  /** Warehouse materialized views over the star schema, one per file, rebuilt when their text changes. */
  readonly marts: readonly ContractSqlFile[];
  /** The lake's named queries (Athena, and DuckDB in `cli query`), one per file. */
  readonly lakeQueries: readonly ContractSqlFile[];
  /**
   * Queries for the local pipeline's kpis.json, each returning rows (kpi, label, value): `kpi` is
   * `value` when label is null, else `{ label: value, ... }`.
   */
  readonly kpis: readonly ContractSqlFile[];
  readonly migrations: readonly ContractMigration[];
}

/** A foreign key as written: the dimension's name, or the dimension and the source column. */
export type ForeignKeyDeclaration =
  string | { readonly references: string; readonly via?: string; readonly asOf?: string };

/** A star table as written: everything but the columns and keys has a default. */
export interface StarTableDocument extends Omit<
  StarTableSpec,
  'foreignKeys' | 'nonNegative' | 'distStyle' | 'sortKey' | 'generated' | 'source'
> {
  readonly source?: string;
  readonly generated?: 'calendar';
  readonly foreignKeys?: Readonly<Record<string, ForeignKeyDeclaration>>;
  readonly nonNegative?: readonly string[];
  readonly distStyle?: DistributionStyle;
  readonly sortKey?: readonly string[];
}

/**
 * A contract as a team writes it; paths are relative to the contract file. A normalized
 * `ContractSpec` is also a valid document, which normalizes to itself.
 */
export interface ContractDocument {
  readonly version: string;
  readonly reasonCodes?: readonly ReasonCode[];
  readonly fileErrorCodes?: readonly FileErrorCode[];
  readonly limits?: { readonly maxRowBytes?: number; readonly defaultRejectThreshold?: number };
  readonly types?: Partial<Record<FieldType, { readonly pattern?: string; readonly description: string }>>;
  readonly datasets: Readonly<
    Record<string, Omit<DatasetSpec, 'rejectThreshold' | 'rules'> & Partial<DatasetSpec>>
  >;
  readonly star: Readonly<Record<string, StarTableDocument>>;
  readonly events?: Readonly<Record<string, EventSpec | string>>;
  readonly unknownMember?: { readonly key: number; readonly text: string };
  readonly layout?: Partial<LakeLayout>;
  readonly loadOrder?: readonly string[];
  /** Paths of SQL files, or the files inlined (as a normalized contract holds them). */
  readonly marts?: readonly (string | ContractSqlFile)[];
  readonly lakeQueries?: readonly (string | ContractSqlFile)[];
  readonly kpis?: readonly (string | ContractSqlFile)[];
  readonly migrations?: readonly (
    { readonly file: string; readonly resolves: readonly string[] } | ContractMigration
  )[];
}
