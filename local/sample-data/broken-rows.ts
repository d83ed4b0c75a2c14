/**
 * Rows broken on purpose for any contract's dataset: each starts as a valid row and is broken
 * in exactly one way, so the validator must give it one known reason, whatever the contract's
 * precedence of reasons.
 */
import { DatasetSpec, ReasonCode } from '../../contract';
import { ColumnValues } from './column-values';
import { csvRecord } from './csv-record';
import { SeededRandom } from './random';
import { RowChecks } from './row-checks';
import { SampleRow } from './write-batches';

/** A row broken on purpose: the line it is on in its file (line 1 is the first) and the reason it must get. */
export interface InjectedReject {
  readonly line: number;
  readonly reason: ReasonCode;
}

/** A broken row: its CSV line (no line ending) and the reason the validator must give it. */
export interface BrokenRow {
  readonly reason: ReasonCode;
  readonly line: Buffer;
}

/** What breaking a dataset's rows needs to know of it. */
export interface BreakableDataset {
  readonly spec: DatasetSpec;
  readonly values: ReadonlyMap<string, ColumnValues>;
  readonly checks: RowChecks;
}

/** Tries to find values that break one of the dataset's rules. */
const RULE_TRIES = 300;

/**
 * The broken rows of one file of `valid` rows: a few rows per reason that applies to the
 * dataset (DUPLICATE_KEY repeats the file's first row), as many as stay within half of its
 * reject threshold; when not every reason fits, the reasons take turns from one batch to the
 * next. `fresh` gives a valid row with a key not used before.
 */
export function brokenRows(
  dataset: BreakableDataset,
  valid: readonly SampleRow[],
  fresh: () => SampleRow,
  rng: SeededRandom,
  day: number,
  date: string,
): BrokenRow[] {
  const threshold = dataset.spec.rejectThreshold;
  const budget =
    threshold >= 1 ? valid.length : Math.floor((0.5 * threshold * valid.length) / (1 - threshold));
  const kinds = breakages(dataset, valid, rng, date);
  const chosen =
    budget >= kinds.length
      ? kinds
      : Array.from({ length: budget }, (_, i) => kinds[(day * budget + i) % kinds.length]);
  const perKind = Math.max(1, Math.min(Math.round(valid.length * 0.002), Math.floor(budget / kinds.length)));
  return chosen.flatMap((kind) =>
    Array.from({ length: perKind }, () => kind(fresh())).filter((row): row is BrokenRow => row !== undefined),
  );
}

type Breakage = (base: SampleRow) => BrokenRow | undefined;

/** One way to break a valid row per reason that applies to the dataset. */
function breakages(
  dataset: BreakableDataset,
  valid: readonly SampleRow[],
  rng: SeededRandom,
  date: string,
): Breakage[] {
  const { spec, values, checks } = dataset;
  const names = spec.columns.map((column) => column.name);
  const line = (row: SampleRow) => Buffer.from(csvRecord(names.map((name) => row[name])));
  const nonKeyFirst = [...spec.columns].sort(
    (a, b) => Number(a.name === spec.key) - Number(b.name === spec.key),
  );
  const missing = nonKeyFirst.find((column) => column.required)!;
  const invalid = nonKeyFirst.find((column) => values.get(column.name)!.invalidType !== undefined);
  // Numbers first: a varchar's overflow makes a long line.
  const outOfRange = [...nonKeyFirst]
    .filter((column) => values.get(column.name)!.outOfRange !== undefined)
    .sort((a, b) => outOfRangeLength(values.get(a.name)!) - outOfRangeLength(values.get(b.name)!))[0];
  const kinds: Breakage[] = [
    // A field more than the header has.
    (row) => ({ reason: 'MALFORMED_ROW', line: Buffer.concat([line(row), Buffer.from(',x')]) }),
    // A byte that is never UTF-8, after the key (a key never needs quotes).
    (row) => {
      const at = names.indexOf(spec.key);
      const before = Buffer.from(csvRecord(names.slice(0, at + 1).map((name) => row[name])));
      const after =
        at + 1 < names.length
          ? Buffer.from(`,${csvRecord(names.slice(at + 1).map((name) => row[name]))}`)
          : Buffer.alloc(0);
      return { reason: 'ENCODING', line: Buffer.concat([before, Buffer.from([0xff]), after]) };
    },
    // Blank rather than empty: the validator trims it away, and a one-column line stays a line.
    (row) => ({ reason: 'MISSING_VALUE', line: line({ ...row, [missing.name]: ' ' }) }),
  ];
  if (invalid)
    kinds.push((row) => ({
      reason: 'INVALID_TYPE',
      line: line({ ...row, [invalid.name]: values.get(invalid.name)!.invalidType! }),
    }));
  if (outOfRange)
    kinds.push((row) => ({
      reason: 'OUT_OF_RANGE',
      line: line({ ...row, [outOfRange.name]: values.get(outOfRange.name)!.outOfRange! }),
    }));
  if (spec.rules.length > 0)
    kinds.push((row) => {
      for (let attempt = 0; attempt < RULE_TRIES; attempt++) {
        const candidate = { ...row };
        for (const name of checks.ruleColumns) candidate[name] = values.get(name)!.wide(rng, date);
        const reason = checks.brokenRule(candidate);
        if (reason !== undefined) return { reason, line: line(candidate) };
      }
      return undefined;
    });
  if (valid.length > 0) kinds.push(() => ({ reason: 'DUPLICATE_KEY', line: line(valid[0]) }));
  return kinds;
}

function outOfRangeLength(values: ColumnValues): number {
  return Buffer.byteLength(values.outOfRange!);
}
