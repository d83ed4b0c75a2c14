import { Contract, ReasonCode } from '../../contract';
import { CompiledColumn } from './columns';
import { ScanError } from './csv-scanner';

/** What is wrong with one value; each maps to a reason code and a message. */
export type Fault =
  | 'MISSING'
  | 'NOT_INT'
  | 'NOT_DEC'
  | 'NOT_DATE'
  | 'NOT_CALENDAR_DATE'
  | 'NOT_EMAIL'
  | 'BELOW_MIN'
  | 'ABOVE_MAX'
  | 'DOES_NOT_FIT'
  | 'TOO_MANY_DECIMALS'
  | 'TOO_MANY_BYTES';

export const FAULT_CODE: Readonly<Record<Fault, ReasonCode>> = {
  MISSING: 'MISSING_VALUE',
  NOT_INT: 'INVALID_TYPE',
  NOT_DEC: 'INVALID_TYPE',
  NOT_DATE: 'INVALID_TYPE',
  NOT_CALENDAR_DATE: 'INVALID_TYPE',
  NOT_EMAIL: 'INVALID_TYPE',
  BELOW_MIN: 'OUT_OF_RANGE',
  ABOVE_MAX: 'OUT_OF_RANGE',
  DOES_NOT_FIT: 'OUT_OF_RANGE',
  TOO_MANY_DECIMALS: 'OUT_OF_RANGE',
  TOO_MANY_BYTES: 'OUT_OF_RANGE',
};

/** Each reason code's precedence in the contract: a row is reported under the lowest it breaks. */
export function reasonRanks(contract: Contract): Readonly<Record<ReasonCode, number>> {
  return Object.fromEntries(
    contract.spec.reasonCodes.map((code) => [code, contract.reasonRank(code)]),
  ) as Record<ReasonCode, number>;
}

/** The message of a value's fault; `text` is the trimmed value (possibly cut). */
export function faultMessage(fault: Fault, column: CompiledColumn, text: string): string {
  const value = `"${text}"`;
  const bound = (scaled: bigint | undefined): string =>
    column.scale === 0 ? `${scaled}` : (Number(scaled) / 10 ** column.scale).toFixed(column.scale);
  switch (fault) {
    case 'MISSING':
      return `${column.name} is required but empty`;
    case 'NOT_INT':
      return `${column.name} ${value} is not an int (digits only)`;
    case 'NOT_DEC':
      return `${column.name} ${value} is not a dec (digits, optional minus, at most 2 decimals)`;
    case 'NOT_DATE':
      return `${column.name} ${value} is not a date (YYYY-MM-DD)`;
    case 'NOT_CALENDAR_DATE':
      return `${column.name} ${value} is not a real calendar date`;
    case 'NOT_EMAIL':
      return `${column.name} ${value} is not an email (local@domain.tld)`;
    case 'BELOW_MIN':
      return `${column.name} ${value} is below the minimum ${bound(column.contractMin)}`;
    case 'ABOVE_MAX':
      return `${column.name} ${value} is above the maximum ${bound(column.contractMax)}`;
    case 'DOES_NOT_FIT':
      return `${column.name} ${value} does not fit ${column.storage}`;
    case 'TOO_MANY_DECIMALS':
      return `${column.name} ${value} has too many decimals for ${column.storage}`;
    case 'TOO_MANY_BYTES':
      return `${column.name} is longer than ${column.storage} allows (in UTF-8 bytes)`;
  }
}

/** The message of a record the scanner could not read cleanly (MALFORMED_ROW). */
export function scanErrorMessage(error: ScanError, maxRowBytes: number): string {
  switch (error) {
    case 'UNTERMINATED_QUOTE':
      return 'unterminated quote: a quoted field runs to the end of the file';
    case 'TEXT_AFTER_QUOTE':
      return 'text after the closing quote of a quoted field';
    case 'ROW_TOO_LONG':
      return `row is longer than the limit of ${maxRowBytes} bytes (raw holds its start)`;
  }
}
