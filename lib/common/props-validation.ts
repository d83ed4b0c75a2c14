/**
 * Props validation, written once. A check says what is wrong with one value in the house
 * form, `maxWorkers must be a whole number between 2 and 299 (got 1)`; a construct exports
 * its checks once, as `Rules` (e.g. STAR_SCHEMA_JOB_RULES); its constructor throws the first
 * problem, and the environment config lists every problem of the same rules under its own
 * field names. Each check passes an unresolved token, whose value is known at deploy time only.
 */
import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';

/** The problem with `value`, as a sentence that starts with `name`, or undefined when it passes. */
export type Check<T> = (name: string, value: T) => string | undefined;

/** A problem that involves several props (absent ones pass); `nameOf` spells a prop as the caller does. */
export type CrossCheck<P> = (props: Partial<P>, nameOf: (prop: keyof P) => string) => string | undefined;

/** A construct's rules. */
export interface Rules<P> {
  /** One check per prop; a prop left out (undefined) is not checked. */
  readonly props: { readonly [K in keyof P]?: Check<NonNullable<P[K]>> };
  /** Checks over several props. */
  readonly across?: readonly CrossCheck<P>[];
}

/**
 * Every problem of `props` under `rules`. `names` renames props in the messages, e.g.
 * `{ maxWorkers: 'glue.maxWorkers' }` for the environment config.
 */
export function propsProblems<P>(
  props: Partial<P>,
  rules: Rules<P>,
  names: { readonly [K in keyof P]?: string } = {},
): string[] {
  const nameOf = (prop: keyof P) => names[prop] ?? String(prop);
  const checks = Object.entries(rules.props) as [keyof P, Check<unknown> | undefined][];
  return [
    ...checks.map(([prop, check]) =>
      props[prop] === undefined ? undefined : check?.(nameOf(prop), props[prop]),
    ),
    ...(rules.across ?? []).map((check) => check(props, nameOf)),
  ].filter((problem): problem is string => problem !== undefined);
}

/** Throws the first problem of `props`, for a constructor. */
export function validateProps<P>(props: Partial<P>, rules: Rules<P>): void {
  const [problem] = propsProblems(props, rules);
  if (problem) throw new Error(problem);
}

/** Options shared by the range checks. */
export interface RangeOptions<T> {
  readonly min?: T;
  readonly max?: T;
  /** Why the range is what it is, e.g. `a Kinesis limit`; follows the rule after a comma. */
  readonly note?: string;
}

/** A whole number in a range, e.g. `memorySize must be a whole number between 128 and 10240 MiB (got 64)`. */
export function wholeNumber(range: RangeOptions<number> & { readonly unit?: string }): Check<number> {
  return (name, value) => {
    if (Token.isUnresolved(value)) return undefined;
    const inRange =
      Number.isInteger(value) &&
      (range.min === undefined || value >= range.min) &&
      (range.max === undefined || value <= range.max);
    if (inRange) return undefined;
    const unit = range.unit ? ` ${range.unit}` : '';
    const rule = `be a whole number ${range.max === undefined ? 'of ' : ''}${bounds(range, String)}${unit}`;
    return sentence(name, rule, range.note, String(value));
  };
}

/** The unit a duration rule speaks in; by default a duration reads as `1 minute 30 seconds`. */
export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/**
 * A duration in a range, e.g. `timeout must be between 10 seconds and 15 minutes (got 5 seconds)`;
 * with `whole`, a whole number of `unit`: `freshnessWindow must be a whole number of hours
 * between 1 and 168 (got 1.5 hours)`.
 */
export function durationRange(
  range: RangeOptions<Duration> & { readonly unit?: DurationUnit; readonly whole?: boolean },
): Check<Duration> {
  const { unit, whole } = range;
  if (whole && !unit) throw new Error('a whole-number duration range needs its unit');
  const amount = (duration: Duration): number => {
    const exact = { integral: false };
    if (unit === 'days') return duration.toDays(exact);
    if (unit === 'hours') return duration.toHours(exact);
    if (unit === 'minutes') return duration.toMinutes(exact);
    return duration.toSeconds(exact);
  };
  // `1 day`, `2 days`; without a unit, Duration's own `1 minute 30 seconds`.
  const show = (duration: Duration) => {
    if (!unit) return duration.toHumanString();
    const n = amount(duration);
    return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
  };
  return (name, value) => {
    if (value.isUnresolved()) return undefined;
    const seconds = value.toSeconds({ integral: false });
    const inRange =
      (!whole || Number.isInteger(amount(value))) &&
      (range.min === undefined || seconds >= range.min.toSeconds({ integral: false })) &&
      (range.max === undefined || seconds <= range.max.toSeconds({ integral: false }));
    if (inRange) return undefined;
    // Two bounds share the unit: `between 24 and 8760 hours`.
    const amounts = bounds(range, (duration) => String(amount(duration)));
    const both = range.min !== undefined && range.max !== undefined;
    let rule = unit && both ? `be ${amounts} ${unit}` : `be ${bounds(range, show)}`;
    if (whole) rule = `be a whole number of ${unit} ${both ? amounts : `of ${amounts}`}`;
    return sentence(name, rule, range.note, show(value));
  };
}

/** A size in a range, in MiB, e.g. `bytesScannedCutoffPerQuery must be between 10 MiB and 2047 MiB (got 5 MiB)`. */
export function sizeRange(range: RangeOptions<Size>): Check<Size> {
  const show = (size: Size) => `${size.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB`;
  return (name, value) => {
    if (value.isUnresolved()) return undefined;
    const bytes = value.toBytes();
    const inRange =
      (range.min === undefined || bytes >= range.min.toBytes()) &&
      (range.max === undefined || bytes <= range.max.toBytes());
    return inRange ? undefined : sentence(name, `be ${bounds(range, show)}`, range.note, show(value));
  };
}

/**
 * A string matching `pattern`; `rule` completes "must ...", e.g. `be 3 to 64 lowercase
 * letters, digits or hyphens`, and the value is quoted: `(got "Bad_Name")`.
 */
export function matches(pattern: RegExp, rule: string): Check<string> {
  return (name, value) =>
    Token.isUnresolved(value) || pattern.test(value)
      ? undefined
      : sentence(name, rule, undefined, `"${value}"`);
}

/** One of `choices`, e.g. `workerType must be one of G.1X, G.2X (got G.16X)`. */
export function oneOf<T extends string | number>(choices: readonly T[]): Check<T> {
  return (name, value) =>
    Token.isUnresolved(value) || choices.includes(value)
      ? undefined
      : sentence(name, `be one of ${choices.join(', ')}`, undefined, String(value));
}

/**
 * A check of an enum-like class by its `name` (GlueWorkerType, UsageLimitPeriod, ...), e.g.
 * `byName(oneOf<string>(GLUE_WORKER_TYPES))`: `workerType must be one of G.1X, G.2X (got G.9X)`.
 */
export function byName<T extends { readonly name: string }>(check: Check<string>): Check<T> {
  return (name, value) => check(name, value.name);
}

/** `between a and b`, `at least a` or `at most b`. */
function bounds<T>(range: RangeOptions<T>, show: (value: T) => string): string {
  if (range.min !== undefined && range.max !== undefined) {
    return `between ${show(range.min)} and ${show(range.max)}`;
  }
  if (range.min !== undefined) return `at least ${show(range.min)}`;
  if (range.max !== undefined) return `at most ${show(range.max)}`;
  throw new Error('a range needs min, max or both');
}

function sentence(name: string, rule: string, note: string | undefined, got: string): string {
  return `${name} must ${rule}${note ? `, ${note}` : ''} (got ${got})`;
}
