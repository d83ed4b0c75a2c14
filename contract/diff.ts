/**
 * What changes between two contracts, each change additive or breaking. Additive changes
 * become generated warehouse migrations; a breaking change is refused unless the new contract
 * names a hand-written migration that `resolves` its subject.
 *
 * Additive: a new dataset, star table, nullable column or foreign key (existing fact rows get
 * the Unknown member), a varchar or decimal precision widened, validation tightened or relaxed.
 * Breaking: a dropped dataset, table or column; a narrowed or otherwise changed type; a changed
 * key, source, derivation or physical design; nullability changed either way (Redshift changes
 * neither in place); a new NOT NULL column that existing rows have no value for.
 */
import { ContractSpec, DatasetSpec, PLATFORM_COLUMN_FILL, StarColumnSpec, StarTableSpec } from './spec';
import { compareTypes, storageType } from './storage-types';

export type ChangeDetail =
  | { readonly type: 'dataset-added'; readonly dataset: string }
  | { readonly type: 'table-added'; readonly table: string }
  | {
      readonly type: 'column-added';
      readonly table: string;
      readonly column: StarColumnSpec;
      /** The value existing rows get, for a NOT NULL platform column (spec.ts PLATFORM_COLUMN_FILL). */
      readonly fill?: string | boolean;
    }
  | {
      readonly type: 'foreign-key-added';
      readonly table: string;
      readonly column: StarColumnSpec;
      readonly references: string;
    }
  | {
      readonly type: 'column-widened';
      readonly table: string;
      readonly column: string;
      readonly from: string;
      readonly to: string;
    }
  | { readonly type: 'other' };

export interface ContractChange {
  readonly kind: 'additive' | 'breaking';
  /** What changed: `customer_dim`, `customer_dim.email`, `datasets.sales.discount`, `events.sale_event`. */
  readonly subject: string;
  readonly change: string;
  readonly detail: ChangeDetail;
}

const OTHER = { type: 'other' } as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function added<T>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>): string[] {
  return Object.keys(after).filter((name) => !Object.hasOwn(before, name));
}

function datasetChanges(name: string, before: DatasetSpec, after: DatasetSpec): ContractChange[] {
  const subject = (column: string) => `datasets.${name}.${column}`;
  const changes: ContractChange[] = [];
  if (before.key !== after.key)
    changes.push({
      kind: 'breaking',
      subject: `datasets.${name}`,
      change: `key changed from ${before.key} to ${after.key}`,
      detail: OTHER,
    });
  const old = new Map(before.columns.map((column) => [column.name, column]));
  const now = new Map(after.columns.map((column) => [column.name, column]));
  for (const [column, spec] of old) {
    const next = now.get(column);
    if (!next) {
      changes.push({ kind: 'breaking', subject: subject(column), change: 'column dropped', detail: OTHER });
      continue;
    }
    const widening = spec.storage === next.storage ? 'same' : compareTypes(spec.storage, next.storage);
    if (spec.type !== next.type || widening === 'other')
      changes.push({
        kind: 'breaking',
        subject: subject(column),
        change: `type changed from ${spec.type} ${spec.storage} to ${next.type} ${next.storage}`,
        detail: OTHER,
      });
    else if (widening === 'wider')
      changes.push({
        kind: 'additive',
        subject: subject(column),
        change: `storage widened from ${spec.storage} to ${next.storage}`,
        detail: OTHER,
      });
    if (!spec.required && next.required)
      changes.push({
        kind: 'breaking',
        subject: subject(column),
        change: 'optional column made required',
        detail: OTHER,
      });
    if (
      !same(
        [spec.min, spec.max, spec.default, spec.required],
        [next.min, next.max, next.default, next.required],
      ) &&
      spec.required === next.required
    )
      changes.push({
        kind: 'additive',
        subject: subject(column),
        change: 'validation changed',
        detail: OTHER,
      });
  }
  for (const [column, spec] of now) {
    if (old.has(column)) continue;
    changes.push(
      spec.required
        ? {
            kind: 'breaking',
            subject: subject(column),
            change: 'required column added (existing sources do not send it)',
            detail: OTHER,
          }
        : { kind: 'additive', subject: subject(column), change: 'optional column added', detail: OTHER },
    );
  }
  if (!same([before.rules, before.rejectThreshold], [after.rules, after.rejectThreshold]))
    changes.push({
      kind: 'additive',
      subject: `datasets.${name}`,
      change: 'validation changed',
      detail: OTHER,
    });
  return changes;
}

const PHYSICAL = ['distStyle', 'distKey', 'sortKey'] as const;

function tableChanges(name: string, before: StarTableSpec, after: StarTableSpec): ContractChange[] {
  const changes: ContractChange[] = [];
  const breaking = (change: string, column?: string) =>
    changes.push({ kind: 'breaking', subject: column ? `${name}.${column}` : name, change, detail: OTHER });
  for (const field of ['kind', 'source', 'generated', 'surrogateKey', 'naturalKey'] as const) {
    if (before[field] !== after[field])
      breaking(`${field} changed from ${before[field] ?? '(none)'} to ${after[field] ?? '(none)'}`);
  }
  if (PHYSICAL.some((field) => !same(before[field], after[field])))
    breaking(
      'physical design (distStyle, distKey, sortKey) changed; write a migration that alters the table',
    );
  const old = new Map(before.columns.map((column) => [column.name, column]));
  for (const [column, spec] of old) {
    const next = after.columns.find((candidate) => candidate.name === column);
    if (!next) {
      breaking('column dropped', column);
      continue;
    }
    if (spec.type !== next.type) {
      const kind = storageType(spec.type).kind;
      if (compareTypes(spec.type, next.type) === 'wider' && (kind === 'varchar' || kind === 'decimal'))
        changes.push({
          kind: 'additive',
          subject: `${name}.${column}`,
          change: `widened from ${spec.type} to ${next.type}`,
          detail: { type: 'column-widened', table: name, column, from: spec.type, to: next.type },
        });
      else
        breaking(
          `type changed from ${spec.type} to ${next.type} (only varchar length and decimal precision widen in place)`,
          column,
        );
    }
    if (spec.nullable !== next.nullable)
      breaking(spec.nullable ? 'nullable column made not-null' : 'not-null column made nullable', column);
    if (!same(spec.derived, next.derived))
      breaking('derivation changed (existing rows hold the old values)', column);
    const [was, is] = [before.foreignKeys[column], after.foreignKeys[column]];
    if (was && !same({ ...was, asOf: undefined }, is && { ...is, asOf: undefined }))
      breaking(`foreign key changed from ${JSON.stringify(was)} to ${JSON.stringify(is ?? null)}`, column);
    else if (was && was.asOf !== is?.asOf)
      changes.push({
        kind: 'additive',
        subject: `${name}.${column}`,
        change: `version picked as of ${is?.asOf ?? '(none)'} (was ${was.asOf ?? 'none'}) from the next batch; loaded rows keep their key`,
        detail: OTHER,
      });
  }
  changes.push(...historyChanges(name, before, after));
  for (const column of after.columns) {
    if (old.has(column.name)) continue;
    const key = after.foreignKeys[column.name];
    if (key)
      changes.push({
        kind: 'additive',
        subject: `${name}.${column.name}`,
        change: `foreign key to ${key.references} added (existing rows get the Unknown member)`,
        detail: { type: 'foreign-key-added', table: name, column, references: key.references },
      });
    else if (platformFill(after, column) !== undefined)
      changes.push({
        kind: 'additive',
        subject: `${name}.${column.name}`,
        change: `platform column added (existing rows get ${String(platformFill(after, column))})`,
        detail: { type: 'column-added', table: name, column, fill: platformFill(after, column) },
      });
    else if (column.nullable)
      changes.push({
        kind: 'additive',
        subject: `${name}.${column.name}`,
        change: 'nullable column added (NULL on existing rows until they next change)',
        detail: { type: 'column-added', table: name, column },
      });
    else breaking('not-null column added (existing rows have no value for it)', column.name);
  }
  if (!same(before.nonNegative, after.nonNegative))
    changes.push({ kind: 'additive', subject: name, change: 'non-negative checks changed', detail: OTHER });
  return changes;
}

/** The existing rows' value of a platform column the table now carries, if `column` is one. */
function platformFill(table: StarTableSpec, column: StarColumnSpec): string | boolean | undefined {
  return table.history !== undefined && !column.nullable ? PLATFORM_COLUMN_FILL[column.name] : undefined;
}

/**
 * Turning SCD2 on is additive (today's rows become first versions); turning it off would fold
 * versions into one row, which is breaking. Tracking other columns applies from the next batch.
 */
function historyChanges(name: string, before: StarTableSpec, after: StarTableSpec): ContractChange[] {
  const [was, is] = [before.history ?? 'scd1', after.history ?? 'scd1'];
  if (was !== is)
    return [
      is === 'scd2'
        ? {
            kind: 'additive',
            subject: name,
            change: "history scd1 -> scd2 (today's rows become the first versions)",
            detail: OTHER,
          }
        : {
            kind: 'breaking',
            subject: name,
            change: 'history scd2 -> scd1 (versions would fold into one row per member)',
            detail: OTHER,
          },
    ];
  if (!same(before.tracked, after.tracked))
    return [
      {
        kind: 'additive',
        subject: name,
        change: `tracked columns changed from ${before.tracked?.join(', ')} to ${after.tracked?.join(', ')} (from the next batch)`,
        detail: OTHER,
      },
    ];
  return [];
}

/** Every change from `before` to `after`, datasets first, then star tables, then the rest. */
export function diffContracts(before: ContractSpec, after: ContractSpec): ContractChange[] {
  const changes: ContractChange[] = [];
  for (const name of Object.keys(before.datasets)) {
    if (!after.datasets[name])
      changes.push({
        kind: 'breaking',
        subject: `datasets.${name}`,
        change: 'dataset dropped',
        detail: OTHER,
      });
    else changes.push(...datasetChanges(name, before.datasets[name], after.datasets[name]));
  }
  for (const name of added(before.datasets, after.datasets))
    changes.push({
      kind: 'additive',
      subject: `datasets.${name}`,
      change: 'dataset added',
      detail: { type: 'dataset-added', dataset: name },
    });
  for (const name of Object.keys(before.star)) {
    if (!after.star[name])
      changes.push({ kind: 'breaking', subject: name, change: 'table dropped', detail: OTHER });
    else changes.push(...tableChanges(name, before.star[name], after.star[name]));
  }
  for (const name of added(before.star, after.star))
    changes.push({
      kind: 'additive',
      subject: name,
      change: `${after.star[name].kind} table added`,
      detail: { type: 'table-added', table: name },
    });
  for (const name of Object.keys(before.events)) {
    if (!after.events[name])
      changes.push({ kind: 'breaking', subject: `events.${name}`, change: 'event dropped', detail: OTHER });
    else if (!same({ ...before.events[name], description: '' }, { ...after.events[name], description: '' }))
      changes.push({
        kind: 'breaking',
        subject: `events.${name}`,
        change: 'event changed (producers send the old form)',
        detail: OTHER,
      });
  }
  for (const name of added(before.events, after.events))
    changes.push({ kind: 'additive', subject: `events.${name}`, change: 'event added', detail: OTHER });
  if (!same(before.layout, after.layout))
    changes.push({
      kind: 'breaking',
      subject: 'layout',
      change: 'lake layout changed (stored objects stay where they are)',
      detail: OTHER,
    });
  if (!same(before.unknownMember, after.unknownMember))
    changes.push({
      kind: 'breaking',
      subject: 'unknownMember',
      change: 'Unknown member changed (existing rows reference the old one)',
      detail: OTHER,
    });
  for (const [field, label] of [
    ['marts', 'marts changed (rebuilt on the next refresh)'],
    ['lakeQueries', 'lake queries changed'],
    ['kpis', 'KPI queries changed'],
    ['reasonCodes', 'reason code precedence changed'],
    ['limits', 'validation limits changed'],
    ['types', 'type patterns changed'],
  ] as const) {
    if (!same(before[field], after[field]))
      changes.push({ kind: 'additive', subject: field, change: label, detail: OTHER });
  }
  return changes;
}

/** The breaking changes that no hand-written migration of `after` resolves. */
export function unresolvedBreakingChanges(
  changes: readonly ContractChange[],
  after: ContractSpec,
): ContractChange[] {
  const resolved = new Set(after.migrations.flatMap((migration) => migration.resolves));
  return changes.filter((change) => change.kind === 'breaking' && !resolved.has(change.subject));
}

/** One line per change, e.g. `breaking  customer_dim.email: column dropped`. */
export function formatChange(change: ContractChange): string {
  return `${change.kind.padEnd(9)} ${change.subject}: ${change.change}`;
}

/** Thrown where a contract change would break the warehouse: synth, deploy, the local pipeline. */
export class BreakingContractChangeError extends Error {
  override readonly name = 'BreakingContractChangeError';

  constructor(
    readonly from: string,
    readonly to: string,
    readonly changes: readonly ContractChange[],
  ) {
    super(
      `contract ${to} has breaking changes from ${from}; write a migration that resolves each, or revert it:\n` +
        changes.map((change) => `  ${formatChange(change)}`).join('\n'),
    );
  }
}

/** Refuses a contract change with breaking changes that no migration resolves. */
export function assertEvolvable(before: ContractSpec, after: ContractSpec): ContractChange[] {
  const changes = diffContracts(before, after);
  const refused = unresolvedBreakingChanges(changes, after);
  if (refused.length > 0) throw new BreakingContractChangeError(before.version, after.version, refused);
  return changes;
}
