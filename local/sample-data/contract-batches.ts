/**
 * Sample batches for any valid contract, deterministic for a seed: the folders `pipeline:local
 * --input` reads, with valid rows for every dataset and rows broken on purpose, each with the
 * reason the validator must give it.
 *
 * - A dataset that is the source of a (non-calendar) dimension holds members: the first batch
 *   brings them, later ones re-send some with new values (SCD1 updates) and add a few.
 * - Every other dataset brings fresh rows each batch (facts).
 * - A fact column through which a foreign key finds its member (`via`) takes the members' keys,
 *   and now and then a value no member has, which the warehouse puts on the Unknown member.
 * - Valid rows keep the dataset's rules and give the star tables built from them non-negative
 *   values where declared and derived values that fit their types.
 * - Broken rows, a few of each reason that applies, stay under the file's reject threshold.
 */
import { Contract, DatasetSpec } from '../../contract';
import { BreakableDataset, brokenRows, InjectedReject } from './broken-rows';
import { columnValues } from './column-values';
import { eventBatch, EventBatch } from './contract-events';
import { csvRecord } from './csv-record';
import { SeededRandom } from './random';
import { SampleDataError } from './sample-data-error';
import { acceptedRow, rowChecks } from './row-checks';
import { BatchFiles, SampleRow } from './write-batches';

export interface ContractBatchOptions {
  /** Number of daily batches. */
  readonly days: number;
  /** Valid rows per batch of each fact dataset (broken rows come on top). */
  readonly rowsPerDay: number;
  readonly seed: number;
  /** First batch date. @default '2026-01-15' */
  readonly startDate?: string;
  /** Members each dimension's dataset starts with. @default max(20, rowsPerDay / 10) */
  readonly members?: number;
  /** Valid events per batch of each contract event (a redelivery and broken ones come on top). @default 0 */
  readonly eventsPerDay?: number;
}

export interface ContractBatch extends BatchFiles {
  /** Per dataset, the rows the validator must accept, as it writes them, in file order. */
  readonly accepted: Readonly<Record<string, readonly SampleRow[]>>;
  /** Per dataset, the rows it must reject (line 1 is the header). */
  readonly rejected: Readonly<Record<string, readonly InjectedReject[]>>;
  /** Per event lake dataset, what its NDJSON file holds. */
  readonly events: Readonly<Record<string, EventBatch>>;
}

/** How many tries a row gets to meet the checks before the generator gives up on the contract. */
const TRIES = 1000;
/** One fact row in this many refers to a member that does not exist. */
const ORPHAN_EVERY = 40;
/** Share of an optional column's values left empty. */
const EMPTY_SHARE = 0.1;
/** Share of the members re-sent with new values in each later batch. */
const UPDATE_SHARE = 0.05;

export function generateContractBatches(contract: Contract, options: ContractBatchOptions): ContractBatch[] {
  const world = new World(contract, options);
  const start = Date.parse(`${options.startDate ?? '2026-01-15'}T00:00:00Z`);
  return Array.from({ length: options.days }, (_, day) =>
    world.batch(day, new Date(start + day * 86_400_000).toISOString().slice(0, 10)),
  );
}

/** What the generator knows and keeps of one dataset across batches. */
interface DatasetState extends BreakableDataset {
  readonly name: string;
  /** Fact columns through which a foreign key finds a member, with the dataset that holds the members. */
  readonly references: ReadonlyMap<string, string>;
  /** Members by key, for a dimension's dataset. */
  readonly members: Map<string, SampleRow> | undefined;
  /** Per reference column, the members' keys valid in it, as of a number of members (they only grow). */
  readonly memberKeys: Map<string, { readonly size: number; readonly keys: readonly string[] }>;
  /** Keys handed out so far. */
  keys: number;
}

class World {
  private readonly rng: SeededRandom;
  /** Datasets whose members others refer to come first. */
  private readonly datasets: readonly DatasetState[];

  constructor(
    private readonly contract: Contract,
    private readonly options: ContractBatchOptions,
  ) {
    this.rng = new SeededRandom(options.seed);
    const memberSources = new Set(
      contract.dimensions.flatMap((name) => {
        const table = contract.table(name);
        return table.generated === undefined && table.source !== undefined ? [table.source] : [];
      }),
    );
    const states = contract.datasetNames.map((name): DatasetState => {
      const spec = contract.dataset(name);
      const values = new Map(spec.columns.map((column) => [column.name, columnValues(column)]));
      for (const column of spec.columns)
        if (column.required && values.get(column.name)!.empty)
          throw new SampleDataError(
            `${name}.${column.name} is required, but no value lies within its bounds and storage type`,
          );
      return {
        name,
        spec,
        values,
        checks: rowChecks(contract, name),
        references: referencesOf(contract, name),
        members: memberSources.has(name) ? new Map() : undefined,
        memberKeys: new Map(),
        keys: 0,
      };
    });
    const referenced = new Set(states.flatMap((state) => [...state.references.values()]));
    this.datasets = [...states].sort(
      (a, b) => Number(referenced.has(b.name)) - Number(referenced.has(a.name)),
    );
  }

  batch(day: number, date: string): ContractBatch {
    const batch: ContractBatch = { date, files: {}, eventFiles: {}, accepted: {}, rejected: {}, events: {} };
    for (const dataset of this.datasets) {
      const rows = dataset.members ? this.memberRows(dataset, day, date) : this.factRows(dataset, date);
      const broken = brokenRows(
        dataset,
        rows,
        () => this.row(dataset, this.nextKey(dataset), date),
        this.rng,
        day,
        date,
      );
      const file = csvFile(dataset.spec, rows, broken);
      Object.assign(batch.files, { [dataset.name]: file.bytes });
      Object.assign(batch.accepted, { [dataset.name]: rows.map((row) => acceptedRow(dataset.spec, row)) });
      Object.assign(batch.rejected, { [dataset.name]: file.rejected });
    }
    for (const name of this.contract.eventNames) {
      const event = this.contract.event(name);
      const dataset = this.datasets.find((candidate) => candidate.name === event.dataset)!;
      const rows = Array.from({ length: this.options.eventsPerDay ?? 0 }, () =>
        this.row(dataset, this.nextKey(dataset), date),
      );
      const events = eventBatch(event, dataset.spec, rows, this.rng, date);
      Object.assign(batch.events, { [event.lakeDataset]: events });
      Object.assign(batch.eventFiles, { [event.lakeDataset]: events.bytes });
    }
    return batch;
  }

  /** The first batch's members; later, some of them re-sent with new values, and a few new ones. */
  private memberRows(dataset: DatasetState, day: number, date: string): SampleRow[] {
    const members = dataset.members!;
    const initial = this.options.members ?? Math.max(20, Math.ceil(this.options.rowsPerDay / 10));
    const updated =
      day === 0
        ? []
        : [...members.keys()]
            .filter(() => this.rng.next() < UPDATE_SHARE)
            .map((key) => this.row(dataset, key, date));
    const added = day === 0 ? initial : Math.max(1, Math.ceil(initial * UPDATE_SHARE));
    const rows = [
      ...updated,
      ...Array.from({ length: added }, () => this.row(dataset, this.nextKey(dataset), date)),
    ];
    for (const row of rows) members.set(row[dataset.spec.key], row);
    return rows;
  }

  private factRows(dataset: DatasetState, date: string): SampleRow[] {
    return Array.from({ length: this.options.rowsPerDay }, (_, i) =>
      this.row(dataset, this.nextKey(dataset), date, i % ORPHAN_EVERY === ORPHAN_EVERY - 1),
    );
  }

  private nextKey(dataset: DatasetState): string {
    return dataset.values.get(dataset.spec.key)!.key(++dataset.keys);
  }

  /** A valid row with the given key that meets the checks; an `orphan` refers to members that do not exist. */
  private row(dataset: DatasetState, key: string, date: string, orphan = false): SampleRow {
    let problem: string | undefined;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      // Typical values, then values from the whole domain (bounds included) in turn, for rules
      // that typical values rarely meet (e.g. `lte: [amount, 20]` on a column typically larger).
      const values = (column: string) => dataset.values.get(column)!;
      const draw = attempt % 2 === 0 ? 'valid' : 'wide';
      const row: Record<string, string> = {};
      for (const column of dataset.spec.columns) {
        const target = dataset.references.get(column.name);
        if (column.name === dataset.spec.key) row[column.name] = key;
        else if (!column.required && (this.rng.next() < EMPTY_SHARE || values(column.name).empty))
          row[column.name] = '';
        else if (target !== undefined)
          row[column.name] = this.reference(dataset, column.name, target, orphan, date);
        else row[column.name] = values(column.name)[draw](this.rng, date);
      }
      problem = dataset.checks.problem(row);
      if (problem === undefined) return row;
    }
    throw new SampleDataError(
      `cannot generate a valid row of ${dataset.name} in ${TRIES} tries (the last one: ${problem}): loosen its bounds or rules`,
    );
  }

  /** A member's key; for an orphan (or while there are no members), a valid value no member has. */
  private reference(
    dataset: DatasetState,
    column: string,
    target: string,
    orphan: boolean,
    date: string,
  ): string {
    const values = dataset.values.get(column)!;
    const members = this.datasets.find((candidate) => candidate.name === target)!.members!;
    if (orphan || members.size === 0) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const value = values.wide(this.rng, date);
        if (!members.has(value)) return value;
      }
    }
    let cached = dataset.memberKeys.get(column);
    if (cached?.size !== members.size) {
      cached = { size: members.size, keys: [...members.keys()].filter((key) => values.accepts(key)) };
      dataset.memberKeys.set(column, cached);
    }
    return cached.keys.length > 0 ? this.rng.pick(cached.keys) : values.valid(this.rng, date);
  }
}

/**
 * The fact columns of a dataset through which a foreign key finds a member of a sourced
 * dimension, with that dimension's dataset (calendar members come from the dates themselves).
 */
function referencesOf(contract: Contract, dataset: string): Map<string, string> {
  const references = new Map<string, string>();
  for (const name of contract.facts) {
    const fact = contract.table(name);
    if (fact.source !== dataset) continue;
    for (const { references: dimension, via } of Object.values(fact.foreignKeys)) {
      const target = contract.table(dimension);
      if (target.generated === undefined && target.source !== undefined) references.set(via, target.source);
    }
  }
  return references;
}

/** A dataset's CSV: the header in contract order, the valid rows, and the broken rows spread among them. */
function csvFile(
  spec: DatasetSpec,
  rows: readonly SampleRow[],
  broken: ReturnType<typeof brokenRows>,
): { bytes: Buffer; rejected: InjectedReject[] } {
  const names = spec.columns.map((column) => column.name);
  const lines: Buffer[] = [Buffer.from(names.join(','))];
  const rejected: InjectedReject[] = [];
  const stride = Math.max(1, Math.floor(rows.length / (broken.length + 1)));
  let next = 0;
  const addBroken = () => {
    lines.push(broken[next].line);
    rejected.push({ line: lines.length, reason: broken[next++].reason });
  };
  rows.forEach((row, i) => {
    lines.push(Buffer.from(csvRecord(names.map((name) => row[name]))));
    if (i % stride === stride - 1 && next < broken.length) addBroken();
  });
  while (next < broken.length) addBroken();
  return { bytes: Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])), rejected };
}
