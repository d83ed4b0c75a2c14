import { ColumnSpec } from '../../contract';
import { bigScaled, readDec, readInt } from './value-checks';

export const KIND_INT = 0;
export const KIND_DEC = 1;
export const KIND_DATE = 2;
export const KIND_EMAIL = 3;
export const KIND_STRING = 4;

const KINDS = { int: KIND_INT, dec: KIND_DEC, date: KIND_DATE, email: KIND_EMAIL, string: KIND_STRING };

/** Hundredths for dec, units for int: the scale of parsed values. */
export const DEC_SCALE = 2;

/** Largest value of each integer storage type. */
const INT_STORAGE_MAX: Readonly<Record<string, bigint>> = {
  smallint: 32767n,
  integer: 2147483647n,
  bigint: 9223372036854775807n,
};

/** A contract column, with its bounds resolved into what the row check compares against. */
export interface CompiledColumn {
  readonly name: string;
  readonly kind: number;
  readonly required: boolean;
  readonly storage: string;
  /** Scale of numeric values: 0 for int, DEC_SCALE for dec. */
  readonly scale: number;
  /** The contract's inclusive bounds (scaled), for messages. */
  readonly contractMin: bigint | undefined;
  readonly contractMax: bigint | undefined;
  /** Inclusive bounds (scaled) of contract and storage type together. */
  readonly min: bigint | undefined;
  readonly max: bigint | undefined;
  /** The same as numbers: exact for every value that is itself a safe integer. */
  readonly minNumber: number;
  readonly maxNumber: number;
  /** decimal(p,s) with s below DEC_SCALE: at most s digits after the point. */
  readonly maxFraction: number;
  /** varchar(n): at most n UTF-8 bytes. */
  readonly maxBytes: number;
  /** The contract default for an empty optional value, as output bytes and as a scaled value. */
  readonly defaultBytes: Buffer;
  readonly defaultValue: number | undefined;
}

/** Resolves a column's type, bounds, storage limits and default. */
export function compileColumn(column: ColumnSpec): CompiledColumn {
  const kind = KINDS[column.type];
  if (kind === undefined) throw new Error(`column ${column.name}: unknown type "${column.type}"`);
  const scale = kind === KIND_DEC ? DEC_SCALE : 0;
  const scaled = (value: number | undefined): bigint | undefined =>
    value === undefined ? undefined : bigScaled(String(value), scale);
  const storage = storageBounds(column.storage, kind);
  const contractMin = scaled(column.min);
  const contractMax = scaled(column.max);
  const min = tighter(contractMin, storage.min, (a, b) => a > b);
  const max = tighter(contractMax, storage.max, (a, b) => a < b);
  const varchar = /^(?:var)?char\((\d+)\)$/i.exec(column.storage);
  return {
    name: column.name,
    kind,
    required: column.required,
    storage: column.storage,
    scale,
    contractMin,
    contractMax,
    min,
    max,
    minNumber: min === undefined ? -Infinity : Number(min),
    maxNumber: max === undefined ? Infinity : Number(max),
    maxFraction: storage.maxFraction,
    maxBytes: varchar ? Number(varchar[1]) : Infinity,
    defaultBytes: Buffer.from(column.default ?? ''),
    defaultValue: defaultValue(column, kind),
  };
}

/** Scaled bounds of a storage type: integer types by size, decimal(p,s) by precision. */
function storageBounds(storage: string, kind: number): { min?: bigint; max?: bigint; maxFraction: number } {
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/i.exec(storage);
  if (kind === KIND_DEC && decimal) {
    const [precision, digitsAfterPoint] = [Number(decimal[1]), Number(decimal[2])];
    // In hundredths: below 10^(p-s), in steps of 10^-s.
    const max =
      10n ** BigInt(precision - digitsAfterPoint + DEC_SCALE) -
      10n ** BigInt(Math.max(0, DEC_SCALE - digitsAfterPoint));
    return { min: -max, max, maxFraction: digitsAfterPoint };
  }
  const intMax = kind === KIND_INT ? INT_STORAGE_MAX[storage.toLowerCase()] : undefined;
  return { min: intMax === undefined ? undefined : -intMax - 1n, max: intMax, maxFraction: DEC_SCALE };
}

function tighter(
  a: bigint | undefined,
  b: bigint | undefined,
  isTighter: (a: bigint, b: bigint) => boolean,
): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return isTighter(a, b) ? a : b;
}

function defaultValue(column: ColumnSpec, kind: number): number | undefined {
  if (column.default === undefined || (kind !== KIND_INT && kind !== KIND_DEC)) return undefined;
  const bytes = Buffer.from(column.default);
  const value = kind === KIND_INT ? readInt(bytes, 0, bytes.length) : readDec(bytes, 0, bytes.length);
  if (Number.isNaN(value))
    throw new Error(`column ${column.name}: default "${column.default}" is not a ${column.type}`);
  return value;
}
