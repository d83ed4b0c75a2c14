import { Contract } from '../../contract';
import { isNumeric, storageType } from '../../contract/storage-types';
import type { ContractBatch, SampleRow } from '../../local/sample-data';
import type { TableFigures } from '../../local/pipeline/table-figures';
import { dimensionFigures, onInferred, simulateStar } from './history-oracle';

/** A derived star column's value, computed by the test from the source row. */
export type DerivedValue = (row: SampleRow) => number;

/** What the oracle keeps of a fact: its latest source row. */
export type FactRows = ReadonlyMap<string, SampleRow>;

/**
 * The `tables` and `rejected_by_dataset` of kpis.json, computed independently of the validator,
 * Spark and SQL from the generator's record of what it wrote, by the platform's rules: a
 * dimension's members and versions as history-oracle simulates them; a fact's rows MERGE on
 * their natural key (the latest batch wins); a fact's measures are its
 * numeric columns that are not keys, copied from the source column of the same name (empty =
 * the dataset's default, else NULL) or computed by `derived`.
 */
export function expectedTables(
  contract: Contract,
  batches: readonly Pick<ContractBatch, 'date' | 'accepted' | 'rejected'>[],
  derived: Readonly<Record<string, DerivedValue>> = {},
) {
  const latest = new Map<string, Map<string, SampleRow>>();
  const rejected: Record<string, Record<string, number>> = {};
  for (const batch of batches) {
    for (const [dataset, rows] of Object.entries(batch.accepted)) {
      const key = contract.dataset(dataset).key;
      const byKey = latest.get(dataset) ?? new Map<string, SampleRow>();
      for (const row of rows) byKey.set(trimmed(row[key]), row);
      latest.set(dataset, byKey);
    }
    for (const [dataset, rejects] of Object.entries(batch.rejected)) {
      rejected[dataset] ??= {};
      for (const { reason } of rejects) rejected[dataset][reason] = (rejected[dataset][reason] ?? 0) + 1;
    }
  }

  const star = simulateStar(contract, batches);
  const tables: Record<string, TableFigures> = {};
  for (const name of contract.tableNames) {
    const table = contract.table(name);
    if (table.source === undefined) continue;
    const rows = latest.get(table.source) ?? new Map<string, SampleRow>();
    if (table.kind === 'dimension') {
      tables[name] =
        table.generated === 'calendar'
          ? { rows: calendarDates(contract, name, batches).size }
          : dimensionFigures(star.dimensions.get(name)!);
      continue;
    }
    const keys = new Set([table.surrogateKey, table.naturalKey, ...Object.keys(table.foreignKeys)]);
    const dataset = contract.dataset(table.source);
    const sums: Record<string, number> = {};
    for (const column of table.columns.filter((c) => !keys.has(c.name) && isNumeric(c.type))) {
      const source = dataset.columns.find((c) => c.name === column.name);
      const value: DerivedValue | undefined =
        derived[`${name}.${column.name}`] ??
        (source && ((row) => numberOrZero(trimmed(row[column.name]) || source.default)));
      if (!value) throw new Error(`the oracle needs a derived value for ${name}.${column.name}`);
      // Decimals add up in whole cents, as Redshift's exact arithmetic does.
      const scale = storageType(column.type).kind === 'decimal' ? 100 : 1;
      let total = 0;
      for (const row of rows.values()) total += Math.round(value(row) * scale);
      sums[column.name] = total / scale;
    }
    const sourcedKeys = Object.keys(table.foreignKeys).filter(
      (column) => contract.table(table.foreignKeys[column].references).history !== undefined,
    );
    tables[name] = { rows: rows.size, sums, on_inferred: onInferred(star.facts.get(name)!, sourcedKeys) };
  }
  return { tables, rejected_by_dataset: rejected, rows: latest, star };
}

/** Every date a fact row ever referenced the calendar by: the calendar keeps one member per date. */
function calendarDates(
  contract: Contract,
  calendar: string,
  batches: readonly Pick<ContractBatch, 'accepted'>[],
): Set<string> {
  const dates = new Set<string>();
  for (const fact of contract.facts.map((name) => contract.table(name))) {
    const vias = Object.values(fact.foreignKeys).filter((key) => key.references === calendar);
    for (const batch of batches)
      for (const row of batch.accepted[fact.source!] ?? [])
        for (const { via } of vias) if (trimmed(row[via]) !== '') dates.add(trimmed(row[via]));
  }
  return dates;
}

/** Values are trimmed of spaces and tabs before they are used, as the validator does. */
export function trimmed(value: string | undefined): string {
  return (value ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
}

/** An empty value counts as NULL, which SUM skips. */
export function numberOrZero(value: string | undefined): number {
  return value === undefined || value === '' ? 0 : Number(value);
}
