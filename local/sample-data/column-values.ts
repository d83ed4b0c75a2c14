/**
 * Values for one dataset column of any contract: valid ones (within its type, its bounds and
 * its storage type), distinct ones for keys, and the wrong ones the generator injects on
 * purpose, each breaking the column in exactly one way.
 */
import { ColumnSpec } from '../../contract';
import { storageType } from '../../contract/storage-types';
import { exact, format } from './exact-values';
import { SeededRandom } from './random';
import { SampleDataError } from './sample-data-error';

export interface ColumnValues {
  readonly column: ColumnSpec;
  /** A valid value for a row of the batch dated `date`: usually a typical one, now and then a declared bound. */
  valid(rng: SeededRandom, date: string): string;
  /** A valid value from anywhere in the column's domain, its bounds included. */
  wide(rng: SeededRandom, date: string): string;
  /** The k-th (k >= 1) of a sequence of distinct valid values, for keys. */
  key(k: number): string;
  /** Whether a value (e.g. another dataset's key) is valid in this column. */
  accepts(text: string): boolean;
  /** No value is valid (the bounds exclude the storage type's range): the column can only be empty. */
  readonly empty: boolean;
  /** A value of the wrong form (INVALID_TYPE), or undefined when every text has the right form. */
  readonly invalidType: string | undefined;
  /** A well-formed value beyond the column's bounds or storage (OUT_OF_RANGE), or undefined for a date. */
  readonly outOfRange: string | undefined;
}

/** Typical numbers lie within this many units of their anchor (0, or the declared minimum). */
const TYPICAL_UNITS = 1000n;
/** Dates lie within this many days up to the batch date. */
const DATE_SPAN_DAYS = 60;
const DAY_MS = 86_400_000;
const INTEGER_MAX = { 2: 32_767n, 4: 2_147_483_647n, 8: 9_223_372_036_854_775_807n } as const;

export function columnValues(column: ColumnSpec): ColumnValues {
  switch (column.type) {
    case 'int':
    case 'dec':
      return numberValues(column);
    case 'date':
      return dateValues(column);
    case 'email':
    case 'string':
      return textValues(column);
  }
}

/** A uniformly drawn bigint in [low, high]. */
function between(rng: SeededRandom, low: bigint, high: bigint): bigint {
  const span = high - low + 1n;
  if (span <= 2n ** 48n) return low + BigInt(Math.floor(rng.next() * Number(span)));
  const draw = (BigInt(Math.floor(rng.next() * 2 ** 48)) << 48n) | BigInt(Math.floor(rng.next() * 2 ** 48));
  return low + (draw % span);
}

const clamp = (value: bigint, low: bigint, high: bigint): bigint =>
  value < low ? low : value > high ? high : value;

/** A contract bound in units of 10^-digits, rounded into the domain (up for a minimum). */
function boundUnits(bound: number, digits: number, up: boolean): bigint {
  const value = exact(Number.isInteger(bound) ? BigInt(bound).toString() : String(bound));
  const shift = digits - value.scale;
  if (shift >= 0) return value.n * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = value.n / divisor; // truncates toward zero
  const remainder = value.n % divisor;
  if (remainder === 0n) return quotient;
  return up ? (value.n > 0n ? quotient + 1n : quotient) : value.n < 0n ? quotient - 1n : quotient;
}

/**
 * int and dec: values are counted in units of 10^-digits, where digits is 0 for an int and the
 * fraction digits the storage type keeps (at most the 2 a dec may have) for a dec.
 */
function numberValues(column: ColumnSpec): ColumnValues {
  const storage = storageType(column.storage);
  const isInt = column.type === 'int';
  let digits = 0;
  let storageMax: bigint;
  if (storage.kind === 'decimal') {
    digits = Math.min(2, storage.scale);
    storageMax = 10n ** BigInt(storage.precision - storage.scale + digits) - 1n;
  } else if (storage.kind === 'integer') {
    storageMax = INTEGER_MAX[storage.bytes];
  } else
    throw new Error(`column ${column.name}: a ${column.type} is stored as a number, not ${column.storage}`);
  // An int is digits only, so never negative.
  const min = column.min === undefined ? undefined : boundUnits(column.min, digits, true);
  const max = column.max === undefined ? undefined : boundUnits(column.max, digits, false);
  const floor = isInt ? 0n : -storageMax;
  const low = min !== undefined && min > floor ? min : floor;
  const high = max !== undefined && max < storageMax ? max : storageMax;
  const typicalLow = column.min !== undefined ? low : clamp(0n, low, high);
  const typicalHigh = clamp(typicalLow + TYPICAL_UNITS * 10n ** BigInt(digits), low, high);
  const text = (units: bigint) => format({ n: units, scale: digits });
  const units = (value: string): bigint | undefined => {
    if (!(isInt ? /^[0-9]+$/ : /^-?[0-9]+(\.[0-9]{1,2})?$/).test(value)) return undefined;
    const parsed = exact(value);
    if (parsed.scale > digits) return undefined;
    return parsed.n * 10n ** BigInt(digits - parsed.scale);
  };
  return {
    column,
    valid(rng) {
      const pick = rng.next();
      if (pick < 0.03 && column.min !== undefined) return text(low);
      if (pick < 0.06 && column.max !== undefined) return text(high);
      return text(between(rng, typicalLow, typicalHigh));
    },
    wide(rng) {
      const pick = rng.next();
      if (pick < 0.25) return text(low);
      if (pick < 0.5) return text(high);
      if (pick < 0.75) return text(between(rng, typicalLow, typicalHigh));
      return text(between(rng, low, high));
    },
    key(k) {
      const value = typicalLow + BigInt(k - 1) * 10n ** BigInt(digits);
      if (value > high)
        throw new SampleDataError(
          `column ${column.name}: no more than ${k - 1} distinct keys fit its bounds`,
        );
      return text(value);
    },
    accepts(value) {
      const parsed = units(value);
      return parsed !== undefined && parsed >= low && parsed <= high;
    },
    empty: low > high,
    invalidType: 'n/a',
    // Below a declared minimum when an int can show it (digits only), else above the maximum.
    outOfRange: text(column.min !== undefined && (!isInt || low > 0n) ? low - 1n : high + 1n),
  };
}

function dateValues(column: ColumnSpec): ColumnValues {
  const daysBefore = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
  const valid = (rng: SeededRandom, date: string) => daysBefore(date, rng.int(0, DATE_SPAN_DAYS - 1));
  return {
    column,
    valid,
    wide: valid,
    key: (k) => new Date(Date.UTC(2000, 0, k)).toISOString().slice(0, 10),
    accepts: (value) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value),
    empty: false,
    invalidType: '2024-02-30',
    outOfRange: undefined,
  };
}

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
/** What a text holds inside now and then: CSV's special characters and a two-byte one. */
const INNER = [...LETTERS, ...'0123456789 ,"\'-é'];
const LOCAL_PART = [...LETTERS, ...'0123456789.'];

/** A text of 1 to 16 characters and at most `maxBytes` UTF-8 bytes, starting and ending with a letter or digit. */
function word(rng: SeededRandom, maxBytes: number, alphabet: readonly string[]): string {
  const length = rng.int(1, Math.max(1, Math.min(maxBytes, 16)));
  let value = rng.pick(LETTERS);
  while (value.length < length) {
    const next = rng.pick(alphabet);
    if (Buffer.byteLength(value + next) > maxBytes) break;
    value += next;
  }
  return value.replace(/[^A-Za-z0-9]+$/, '');
}

/** string and email: varchar(n) holds at most n UTF-8 bytes. */
function textValues(column: ColumnSpec): ColumnValues {
  const storage = storageType(column.storage);
  if (storage.kind !== 'varchar')
    throw new Error(`column ${column.name}: a ${column.type} is stored as varchar(n), not ${column.storage}`);
  const bytes = storage.length;
  const fits = (value: string) => value.length > 0 && Buffer.byteLength(value) <= bytes;
  const email = column.type === 'email';
  if (email && bytes < 5)
    throw new SampleDataError(`column ${column.name}: ${column.storage} cannot hold an email (a@b.c)`);
  // local@domain.tld, as the contract's default email pattern has it.
  const domain = bytes >= 16 ? '@example.com' : '@b.c';
  const valid = (rng: SeededRandom): string =>
    email
      ? `${word(rng, bytes - domain.length, LOCAL_PART)}${domain}`
      : word(rng, bytes, rng.next() < 0.2 ? INNER : LETTERS);
  return {
    column,
    valid,
    wide: valid,
    key(k) {
      const id = k.toString(36);
      const value = email ? `k${id}@x.io` : fits(`K${id}`) ? `K${id}` : id;
      if (!fits(value))
        throw new SampleDataError(
          `column ${column.name}: no more than ${k - 1} distinct keys fit ${column.storage}`,
        );
      return value;
    },
    accepts: (value) => fits(value) && (!email || value.includes('@')),
    empty: false,
    invalidType: email ? 'no-at-sign' : undefined,
    outOfRange: email ? `${'a'.repeat(bytes)}@b.co` : 'x'.repeat(bytes + 1),
  };
}
