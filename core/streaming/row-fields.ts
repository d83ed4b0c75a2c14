import { ColumnSpec } from '../../contract';
import { Rejection } from '../validation/row-validator';

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One event's row as a CSV record in contract column order, so that the batch validator's
 * RowValidator checks it exactly like a line of a file. A JSON string is taken as it is, a
 * number as its decimal text, null or an absent field as an empty value, and anything else
 * (true, an object) as its JSON text, which then fails the column's type check.
 *
 * A JSON number beyond 2^53 has already lost digits when it is parsed, so it is refused
 * (OUT_OF_RANGE) rather than checked: such values must be sent as strings.
 */
export function rowAsCsvRecord(
  event: Readonly<Record<string, unknown>>,
  columns: readonly ColumnSpec[],
): { readonly record: string; readonly lostDigits?: Rejection } {
  let record = '';
  let lostDigits: Rejection | undefined;
  for (let c = 0; c < columns.length; c++) {
    const name = columns[c].name;
    const value = Object.hasOwn(event, name) ? event[name] : undefined;
    let text: string;
    if (typeof value === 'string') {
      text = value;
    } else if (typeof value === 'number') {
      text = String(value);
      if (lostDigits === undefined && Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        lostDigits = {
          reason: 'OUT_OF_RANGE',
          message: `${name} ${text} is a JSON number beyond 2^53, where digits are lost: send it as a string`,
        };
      }
    } else {
      text = value === undefined || value === null ? '' : JSON.stringify(value);
    }
    if (c > 0) record += ',';
    record += NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  return { record: `${record}\n`, lostDigits };
}
