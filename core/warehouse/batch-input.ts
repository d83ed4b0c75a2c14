/**
 * Validation of what an event may name: a batch date and star tables. Both are checked
 * against fixed patterns and the contract before they reach any SQL.
 */
import { Contract } from '../../contract';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Thrown for an event the warehouse handlers cannot act on. */
export class InvalidWarehouseInputError extends Error {
  override readonly name = 'InvalidWarehouseInputError';
}

/** A real calendar date written YYYY-MM-DD, e.g. `2024-01-31`. */
export function parseBatchDate(value: unknown): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  const date = match ? new Date(Date.UTC(year, month - 1, day)) : undefined;
  if (
    !date ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new InvalidWarehouseInputError(`batchDate must be a calendar date YYYY-MM-DD (got ${show(value)})`);
  }
  return value as string;
}

/** The named tables (`table` or `tables`), each a contract star table, in contract load order. */
export function parseStarTables(
  contract: Contract,
  input: { readonly table?: unknown; readonly tables?: unknown },
): string[] {
  const requested = input.tables ?? (input.table === undefined ? undefined : [input.table]);
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new InvalidWarehouseInputError('give "table" or a non-empty "tables" array');
  }
  const order: readonly unknown[] = contract.tableNames;
  const unknown = requested.filter((name) => !order.includes(name));
  if (unknown.length > 0) {
    throw new InvalidWarehouseInputError(
      `unknown star table ${unknown.map(show).join(', ')}: expected one of ${contract.tableNames.join(', ')}`,
    );
  }
  return contract.tableNames.filter((name) => requested.includes(name));
}

function show(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 80) ?? String(value);
}
