/**
 * Type checks for the contract's `int`, `dec` and `date` types, on byte ranges and without
 * regular expressions: they run for every field of every row. Property tests pin them to the
 * patterns in contract.json.
 */

const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const DOT = 0x2e;

/**
 * `int`: one or more ASCII digits. Returns the value, or NaN when the bytes are not an int.
 * The value is exact while it is a safe integer; beyond, `bigScaled` gives it exactly.
 */
export function readInt(buf: Buffer, start: number, end: number): number {
  if (start >= end) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `dec`: optional leading minus, one or more digits, then optionally a point and one or two
 * digits. Returns the value in hundredths, or NaN when the bytes are not a dec. Exact while it
 * is a safe integer, like `readInt`.
 */
export function readDec(buf: Buffer, start: number, end: number): number {
  let i = start;
  const negative = i < end && buf[i] === MINUS;
  if (negative) i++;
  const digitsFrom = i;
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  if (i === digitsFrom) return NaN;
  let scale = 100;
  if (i < end) {
    if (buf[i] !== DOT || i + 1 === end || end - i > 3) return NaN;
    for (i++; i < end; i++) {
      const d = buf[i] - ZERO;
      if (d < 0 || d > 9) return NaN;
      value = value * 10 + d;
      scale /= 10;
    }
  }
  value *= scale;
  return negative ? 0 - value : value; // 0 - 0 is +0: "-0" and "0" are the same value
}

/** Digits after the point of a number that `readDec` accepted. */
export function fractionDigits(buf: Buffer, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (buf[i] === DOT) return end - 1 - i;
  return 0;
}

/** The exact scaled value of an int or dec that `readInt`/`readDec` accepted. */
export function bigScaled(text: string, scale: number): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(scale, '0'));
}

/** Result of `checkDate`. */
export const DATE_OK = 0;
export const DATE_NOT_A_DATE = 1;
export const DATE_NOT_IN_CALENDAR = 2;

/** `date`: YYYY-MM-DD that exists in the (proleptic Gregorian) calendar, year 0001 or later. */
export function checkDate(buf: Buffer, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== MINUS || buf[start + 7] !== MINUS) return DATE_NOT_A_DATE;
  const year = digitsAt(buf, start, 4);
  const month = digitsAt(buf, start + 5, 2);
  const day = digitsAt(buf, start + 8, 2);
  if (year < 0 || month < 0 || day < 0) return DATE_NOT_A_DATE;
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return DATE_NOT_IN_CALENDAR;
  }
  return DATE_OK;
}

function digitsAt(buf: Buffer, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const b = buf[i];
    if (b < ZERO || b > NINE) return -1;
    value = value * 10 + (b - ZERO);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
