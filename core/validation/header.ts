import { DatasetSpec } from '../../contract';
import { CsvRecord, decodeField } from './csv-scanner';
import { FileError } from './report';

/** How a file's header maps onto the contract's columns. */
export interface HeaderBinding {
  /** Field index of each contract column (contract order), or -1 for an absent optional column. */
  readonly fieldOf: Int32Array;
  /** Header names by field position. */
  readonly names: readonly string[];
  /** Fields per record, as in the header. */
  readonly fieldCount: number;
  /** The header is exactly the contract's columns in contract order. */
  readonly identity: boolean;
  readonly extraColumns: readonly string[];
  /** DUPLICATE_COLUMN and MISSING_COLUMN errors; rows are not checked when there are any. */
  readonly errors: readonly FileError[];
}

/** Matches header names (trimmed, exact case) to the dataset's columns. */
export function bindHeader(spec: DatasetSpec, record: CsvRecord): HeaderBinding {
  const names = Array.from({ length: Math.min(record.fieldCount, record.fieldStart.length) }, (_, i) =>
    decodeField(record.buf, record.fieldStart[i], record.fieldEnd[i], record.fieldFlags[i]).replace(
      /^[ \t]+|[ \t]+$/g,
      '',
    ),
  );
  const errors: FileError[] = [];
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
  for (const [name, count] of seen) {
    if (count > 1) {
      errors.push({
        code: 'DUPLICATE_COLUMN',
        message: `column "${name}" appears ${count} times in the header`,
      });
    }
  }
  for (const column of spec.columns) {
    if (column.required && !seen.has(column.name)) {
      errors.push({
        code: 'MISSING_COLUMN',
        message: `required column "${column.name}" is missing from the header`,
      });
    }
  }
  const known = new Set(spec.columns.map((column) => column.name));
  return {
    fieldOf: Int32Array.from(spec.columns, (column) => names.indexOf(column.name)),
    names,
    fieldCount: record.fieldCount,
    identity:
      names.length === spec.columns.length && spec.columns.every((column, i) => names[i] === column.name),
    extraColumns: [...new Set(names.filter((name) => !known.has(name)))],
    errors,
  };
}

/** The accepted CSV's header: the contract's column names in contract order. */
export function normalizedHeader(spec: DatasetSpec): string {
  return `${spec.columns.map((column) => column.name).join(',')}\n`;
}
