/**
 * What a generated row must meet beyond its values' own validity, worked out from the contract
 * independently of the validator: the dataset's rules (which the validator enforces), and what
 * the warehouse asks of the star tables built from the dataset: declared non-negative columns,
 * and derived columns that fit their type.
 */
import { Contract, DatasetSpec, Expression, ReasonCode, StarTableSpec } from '../../contract';
import { expressionColumns } from '../../contract/expressions';
import { storageType } from '../../contract/storage-types';
import { compareExact, evaluate, exact, Exact, Operand } from './exact-values';
import { SampleRow } from './write-batches';

export interface RowChecks {
  /** The columns the dataset's rules read. */
  readonly ruleColumns: readonly string[];
  /** The code of the first rule the row breaks, or undefined when it keeps them all. */
  brokenRule(row: SampleRow): ReasonCode | undefined;
  /** Why the row would be rejected or break the warehouse's checks, or undefined when it is fine. */
  problem(row: SampleRow): string | undefined;
}

const ZERO: Exact = { n: 0n, scale: 0 };

export function rowChecks(contract: Contract, dataset: string): RowChecks {
  const spec = contract.dataset(dataset);
  const columns = new Map(spec.columns.map((column) => [column.name, column]));
  /** A column as the validator's rules see it: a number, text, the default, or absent. */
  const operand = (row: SampleRow, name: string): Operand => {
    const column = columns.get(name);
    if (column === undefined) return undefined;
    const value = row[name] === '' ? column.default : row[name];
    if (value === undefined || value === '') return undefined;
    return column.type === 'int' || column.type === 'dec' ? exact(value) : value;
  };
  const breaks = (row: SampleRow, lte: readonly [Expression, Expression]): boolean => {
    const [left, right] = lte.map((side) => evaluate(side, (name) => operand(row, name)));
    return typeof left === 'object' && typeof right === 'object' && compareExact(left, right) > 0;
  };
  const tables = contract.tableNames
    .map((name) => ({ name, table: contract.table(name) }))
    .filter(({ table }) => table.source === dataset && table.generated === undefined);
  return {
    ruleColumns: [...new Set(spec.rules.flatMap((rule) => rule.check.lte.flatMap(expressionColumns)))],
    brokenRule: (row) => spec.rules.find((rule) => breaks(row, rule.check.lte))?.code,
    problem(row) {
      const rule = spec.rules.find((candidate) => breaks(row, candidate.check.lte));
      if (rule) return `breaks rule ${rule.name}`;
      for (const { name, table } of tables) {
        const problem = starProblem(table, (column) => operand(row, column));
        if (problem) return `${name}.${problem}`;
      }
      return undefined;
    },
  };
}

/** A star table's column values from a source row: derived ones computed, keys absent. */
function starProblem(table: StarTableSpec, source: (column: string) => Operand): string | undefined {
  const derived = new Map(table.columns.filter((c) => c.derived).map((c) => [c.name, c.derived!]));
  const keys = new Set([table.surrogateKey, ...Object.keys(table.foreignKeys)]);
  const value = (column: string): Operand => {
    if (keys.has(column)) return undefined;
    const expression = derived.get(column);
    return expression === undefined ? source(column) : evaluate(expression, value);
  };
  for (const column of table.nonNegative) {
    const v = value(column);
    if (typeof v === 'object' && compareExact(v, ZERO) < 0) return `${column} is negative`;
  }
  for (const column of table.columns.filter((c) => c.derived)) {
    const v = value(column.name);
    if (v !== undefined && !fits(v, column.type)) return `${column.name} does not fit ${column.type}`;
  }
  return undefined;
}

/** Whether a derived value fits its star column type (a decimal rounded to its scale). */
function fits(value: Exclude<Operand, undefined>, type: string): boolean {
  const storage = storageType(type);
  if (typeof value === 'string')
    return storage.kind !== 'varchar' || Buffer.byteLength(value) <= storage.length;
  const magnitude = { n: value.n < 0n ? -value.n : value.n, scale: value.scale };
  if (storage.kind === 'decimal')
    return compareExact(magnitude, { n: 10n ** BigInt(storage.precision) - 1n, scale: storage.scale }) <= 0;
  if (storage.kind === 'integer')
    return compareExact(magnitude, { n: 2n ** BigInt(8 * storage.bytes - 1) - 1n, scale: 0 }) <= 0;
  return true;
}

/** A valid row as the validator writes it: an empty optional value becomes the column's default, if any. */
export function acceptedRow(spec: DatasetSpec, row: SampleRow): SampleRow {
  return Object.fromEntries(
    spec.columns.map((column) => [
      column.name,
      row[column.name] === '' ? (column.default ?? '') : row[column.name],
    ]),
  );
}
