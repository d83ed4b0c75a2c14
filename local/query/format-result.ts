/** Prints a lake query result as an aligned table, CSV (RFC 4180) or a JSON array of row objects. */
import { LakeColumn, LakeQueryResult, LakeValue } from './local-lake';

export const RESULT_FORMATS = ['table', 'csv', 'json'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** The result as lines of text, in the given format. */
export function formatResult(result: LakeQueryResult, format: ResultFormat): string[] {
  return { table: formatTable, csv: formatCsv, json: formatJson }[format](result);
}

function text(value: LakeValue): string {
  return value === null ? '' : String(value);
}

function formatTable({ columns, rows }: LakeQueryResult): string[] {
  const cells = rows.map((row) => row.map((value) => (value === null ? 'NULL' : text(value))));
  const widths = columns.map((column, i) =>
    Math.max(column.name.length, ...cells.map((row) => row[i].length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (columns[i].numeric ? value.padStart(widths[i]) : value.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.name)),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
    `(${rows.length} row${rows.length === 1 ? '' : 's'})`,
  ];
}

function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function formatCsv({ columns, rows }: LakeQueryResult): string[] {
  return [
    columns.map((column) => csvField(column.name)).join(','),
    ...rows.map((row) => row.map((value) => csvField(text(value))).join(',')),
  ];
}

/** DuckDB's decimal and big-integer text is a valid JSON number: printed as is, so cents stay exact. */
function jsonValue(column: LakeColumn, value: LakeValue): string {
  if (column.numeric && typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value))
    return value;
  return JSON.stringify(value);
}

function formatJson({ columns, rows }: LakeQueryResult): string[] {
  if (rows.length === 0) return ['[]'];
  const objects = rows.map(
    (row) =>
      `  {${columns.map((column, i) => `${JSON.stringify(column.name)}: ${jsonValue(column, row[i])}`).join(', ')}}`,
  );
  return ['[', ...objects.map((object, i) => (i < objects.length - 1 ? `${object},` : object)), ']'];
}
