import { Contract, HISTORY } from '../../contract';
import type { SampleRow } from '../../local/sample-data';
import { trimmed } from './table-oracle';

/** One row of a sourced dimension as the platform's rules give it. */
export interface Version {
  readonly key: string;
  readonly validFrom: string;
  validTo: string;
  /** The member's latest values for this version; undefined while it is an inferred placeholder. */
  row?: SampleRow;
}

/** A batch as the oracle reads it: its date and the rows the validator accepted, per dataset. */
export interface OracleBatch {
  readonly date: string;
  readonly accepted: Readonly<Record<string, readonly SampleRow[]>>;
}

/** A fact's latest row and, per foreign key into a sourced dimension, the version it was keyed to. */
export interface ResolvedFact {
  readonly row: SampleRow;
  readonly versions: Readonly<Record<string, Version | undefined>>;
}

const empty = (value: string | undefined): string | null => (trimmed(value) === '' ? null : trimmed(value));

/**
 * The sourced dimensions and the facts of a run, simulated in plain TypeScript by the rules of
 * docs/history.md, independently of Spark and SQL: batch by batch, each member's row either
 * opens a version (SCD2, a tracked column changed, at the batch date), completes a placeholder
 * in place, or updates the current version in place; then every fact reference to a member no
 * version has adds a placeholder; then each fact row is keyed to the version valid at its asOf
 * date (scd2) or the member's only row (scd1). Later batches replace a fact row (its natural key).
 */
export function simulateStar(contract: Contract, batches: readonly OracleBatch[]) {
  const sourced = contract.dimensions.filter((name) => contract.table(name).history !== undefined);
  const dimensions = new Map(sourced.map((name) => [name, new Map<string, Version[]>()]));
  const facts = new Map<string, Map<string, ResolvedFact>>(contract.facts.map((name) => [name, new Map()]));

  for (const batch of batches) {
    for (const name of sourced) {
      const table = contract.table(name);
      const members = dimensions.get(name)!;
      const key = contract.dataset(table.source!).key;
      for (const row of batch.accepted[table.source!] ?? []) {
        const versions = members.get(trimmed(row[key]));
        const current = versions?.at(-1);
        if (!versions || !current) {
          members.set(trimmed(row[key]), [
            { key: trimmed(row[key]), validFrom: HISTORY.beginning, validTo: HISTORY.openEnd, row },
          ]);
        } else if (
          current.row !== undefined &&
          (table.tracked ?? []).some((column) => empty(current.row![column]) !== empty(row[column]))
        ) {
          current.validTo = batch.date;
          versions.push({ key: current.key, validFrom: batch.date, validTo: HISTORY.openEnd, row });
        } else {
          current.row = row;
        }
      }
    }
    for (const name of contract.facts) {
      const fact = contract.table(name);
      const rows = batch.accepted[fact.source!] ?? [];
      const sourcedKeys = Object.entries(fact.foreignKeys).filter(([, key]) =>
        dimensions.has(key.references),
      );
      for (const [, { references, via }] of sourcedKeys) {
        const members = dimensions.get(references)!;
        for (const row of rows) {
          const value = trimmed(row[via]);
          if (value !== '' && !members.has(value))
            members.set(value, [{ key: value, validFrom: HISTORY.beginning, validTo: HISTORY.openEnd }]);
        }
      }
      for (const row of rows) {
        const versions = Object.fromEntries(
          sourcedKeys.map(([column, { references, via, asOf }]) => {
            const candidates = dimensions.get(references)!.get(trimmed(row[via])) ?? [];
            const date = asOf === undefined ? undefined : empty(row[asOf]);
            const valid =
              date === null || date === undefined
                ? candidates.at(-1)
                : candidates.find((v) => v.validFrom <= date && date < v.validTo);
            return [column, valid];
          }),
        );
        facts.get(name)!.set(trimmed(row[fact.naturalKey]), { row, versions });
      }
    }
  }
  return { dimensions, facts };
}

/** A dimension's figures in kpis.json `tables`: rows (versions and placeholders), members, placeholders. */
export function dimensionFigures(members: ReadonlyMap<string, readonly Version[]>) {
  const versions = [...members.values()].flat();
  return {
    rows: versions.length,
    members: members.size,
    inferred: versions.filter((version) => version.row === undefined).length,
  };
}

/** A fact's rows keyed to a placeholder that is still waiting for its member, per foreign key. */
export function onInferred(facts: ReadonlyMap<string, ResolvedFact>, columns: readonly string[]) {
  return Object.fromEntries(
    columns.map((column) => [
      column,
      [...facts.values()].filter((fact) => fact.versions[column] && !fact.versions[column]!.row).length,
    ]),
  );
}
