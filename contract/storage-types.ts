/**
 * The warehouse types a contract may use (a subset of Redshift's, each with a PostgreSQL,
 * Spark and Hive twin), parsed once for the checks, the diff and the generators. Bounds follow
 * https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html: DECIMAL
 * precision up to 38, VARCHAR up to 65535 bytes.
 */

export type StorageType =
  | { readonly kind: 'integer'; readonly bytes: 2 | 4 | 8 }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'boolean' };

const INTEGERS = { smallint: 2, integer: 4, bigint: 8 } as const;

export const MAX_DECIMAL_PRECISION = 38;
export const MAX_VARCHAR_LENGTH = 65535;

/** The parsed type, or an error message naming what is wrong. */
export function parseStorageType(type: string): StorageType | string {
  if (type in INTEGERS) return { kind: 'integer', bytes: INTEGERS[type as keyof typeof INTEGERS] };
  if (type === 'date' || type === 'boolean') return { kind: type };
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) {
    const [precision, scale] = [Number(decimal[1]), Number(decimal[2])];
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision)
      return `decimal(${precision},${scale}) needs 1 <= precision <= ${MAX_DECIMAL_PRECISION} and scale <= precision`;
    return { kind: 'decimal', precision, scale };
  }
  const varchar = /^varchar\((\d+)\)$/.exec(type);
  if (varchar) {
    const length = Number(varchar[1]);
    if (length < 1 || length > MAX_VARCHAR_LENGTH)
      return `varchar(${length}) needs 1 <= length <= ${MAX_VARCHAR_LENGTH}`;
    return { kind: 'varchar', length };
  }
  return `"${type}" is not a supported type: use smallint, integer, bigint, decimal(p,s), varchar(n), date or boolean`;
}

/** Parses a type the checks already accepted. */
export function storageType(type: string): StorageType {
  const parsed = parseStorageType(type);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

export const isNumeric = (type: string): boolean => ['integer', 'decimal'].includes(storageType(type).kind);

/**
 * How `to` relates to `from` for the values `from` holds: `same`; `wider` (every value fits,
 * e.g. varchar(64) to varchar(128), decimal(12,2) to decimal(18,2), integer to bigint);
 * otherwise `other` (narrower or a different kind).
 */
export function compareTypes(from: string, to: string): 'same' | 'wider' | 'other' {
  const [a, b] = [storageType(from), storageType(to)];
  if (a.kind !== b.kind) return 'other';
  if (a.kind === 'integer' && b.kind === 'integer')
    return a.bytes === b.bytes ? 'same' : a.bytes < b.bytes ? 'wider' : 'other';
  if (a.kind === 'varchar' && b.kind === 'varchar')
    return a.length === b.length ? 'same' : a.length < b.length ? 'wider' : 'other';
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    if (a.precision === b.precision && a.scale === b.scale) return 'same';
    return a.scale === b.scale && a.precision < b.precision ? 'wider' : 'other';
  }
  return 'same';
}
