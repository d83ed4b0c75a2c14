/**
 * Typed view of the data contract (contract.json). The JSON file is the single source of
 * truth: the PySpark job reads the same file, and the SQL DDL is tested against it. The names
 * of datasets, star tables and events are typed from the JSON's own keys; the codes and field
 * types are the format's vocabulary (what the validator implements), which the contract orders
 * and uses, and a test checks the file against them.
 */
import contractJson from './contract.json';
import { Expression } from './expressions';

export type { Expression } from './expressions';

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

export type DatasetName = keyof typeof contractJson.datasets;

export type StarTableName = keyof typeof contractJson.star;

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
  /** Warehouse storage type: bigint, integer, decimal(p,s), varchar(n) or date. */
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

export interface StarTableSpec {
  readonly kind: 'dimension' | 'fact';
  readonly source: DatasetName;
  readonly surrogateKey: string;
  readonly naturalKey: string;
  readonly foreignKeys?: Readonly<Record<string, StarTableName>>;
  readonly nonNegative?: readonly string[];
  readonly columns: readonly StarColumnSpec[];
}

export interface DataContract {
  readonly version: string;
  readonly reasonCodes: readonly ReasonCode[];
  readonly fileErrorCodes: readonly FileErrorCode[];
  readonly limits: { readonly maxRowBytes: number; readonly defaultRejectThreshold: number };
  readonly types: Readonly<Record<FieldType, { readonly pattern?: string; readonly description: string }>>;
  readonly datasets: Readonly<Record<DatasetName, DatasetSpec>>;
  readonly star: Readonly<Record<StarTableName, StarTableSpec>>;
  readonly unknownMember: { readonly key: number; readonly text: string };
  readonly loadOrder: readonly StarTableName[];
}

export const CONTRACT: DataContract = contractJson as unknown as DataContract;

/** An event envelope field (contract.json `events.<name>.envelope`), checked before the row's columns. */
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
  readonly dataset: DatasetName;
  /** The `{dataset}` of the raw and quarantine layout templates under which the events land. */
  readonly lakeDataset: string;
  /** The envelope field that identifies an event: redeliveries repeat it. */
  readonly key: string;
  readonly envelope: readonly EnvelopeFieldSpec[];
}

export type EventName = Exclude<keyof typeof contractJson.events, '$comment'>;

/** contract.json `events`: kept apart from DataContract so that its existing shape is unchanged. */
export const EVENTS: Readonly<Record<EventName, EventSpec>> = (
  contractJson as unknown as { events: Record<EventName, EventSpec> }
).events;

export const DATASET_NAMES = Object.keys(CONTRACT.datasets) as DatasetName[];

export const STAR_TABLE_NAMES = Object.keys(CONTRACT.star) as StarTableName[];

export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as string[]).includes(value);
}

export interface LakeLayout {
  readonly raw: string;
  readonly readyMarker: string;
  readonly validated: string;
  readonly quarantine: string;
  readonly gold: string;
  readonly manifest: string;
}

/** Fills a layout template from contract.json, e.g. `layoutPath('validated', { dataset: 'sales', date })`. */
export function layoutPath(
  zone: Exclude<keyof LakeLayout, 'readyMarker'>,
  values: { readonly dataset?: string; readonly table?: string; readonly date: string },
): string {
  const template = (contractJson as unknown as { layout: LakeLayout }).layout[zone];
  return template.replace(/\{(dataset|table|date)\}/g, (_, name: 'dataset' | 'table' | 'date') => {
    const value = values[name];
    if (value === undefined) throw new Error(`layout "${zone}" needs a value for {${name}}`);
    return value;
  });
}

/**
 * The inverse of `layoutPath`: the placeholder values of an object key that starts with a
 * zone's template, plus `rest` (what follows the prefix), or undefined when it does not match.
 * Placeholders match one path segment; {date} must look like YYYY-MM-DD.
 */
export function matchLayoutPath(
  zone: Exclude<keyof LakeLayout, 'readyMarker'>,
  key: string,
):
  | { readonly dataset?: string; readonly table?: string; readonly date: string; readonly rest: string }
  | undefined {
  const template = (contractJson as unknown as { layout: LakeLayout }).layout[zone];
  const names: string[] = [];
  const pattern = template
    .split(/(\{(?:dataset|table|date)\})/)
    .map((part) => {
      const name = /^\{(dataset|table|date)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return name === 'date' ? '([0-9]{4}-[0-9]{2}-[0-9]{2})' : '([^/]+)';
    })
    .join('');
  const match = new RegExp(`^${pattern}(.*)$`, 's').exec(key);
  if (!match) return undefined;
  const values = Object.fromEntries(names.map((name, i) => [name, match[i + 1]]));
  return { ...values, date: values.date, rest: match[names.length + 1] };
}
