/**
 * Backfill: re-runs the pipeline for each date of a range, in date order, one at a time (a
 * batch builds on the previous batch's dimension snapshots). Each run's execution is named
 * after the backfill and the date, so starting the same backfill again is a no-op for the
 * dates it already started: Step Functions returns the running execution for the same name and
 * input, and refuses a closed one's name for 90 days, which then reports that execution's
 * outcome (StartExecution: https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
 */
import { DAY_MS, parseBatchDate } from './batch-date';

/** Longest range one backfill runs: a year of daily batches. */
export const MAX_BACKFILL_DAYS = 366;
/** Step Functions execution names: 1 to 80 of letters, digits, `-` and `_`. */
const RUN_LABEL = /^[A-Za-z0-9_-]{1,40}$/;

export class BackfillRangeError extends Error {
  override readonly name = 'BackfillRangeError';
}

/** Every date from `from` to `to`, both included, in order. */
export function backfillDates(from: string, to: string): string[] {
  const start = Date.parse(`${parseBatchDate(from)}T00:00:00Z`);
  const end = Date.parse(`${parseBatchDate(to)}T00:00:00Z`);
  if (end < start) throw new BackfillRangeError(`--to must not be before --from (got ${from} to ${to})`);
  const days = (end - start) / DAY_MS + 1;
  if (days > MAX_BACKFILL_DAYS)
    throw new BackfillRangeError(
      `a backfill runs at most ${MAX_BACKFILL_DAYS} dates (got ${days}, ${from} to ${to}): split the range`,
    );
  return Array.from({ length: days }, (_, day) => new Date(start + day * DAY_MS).toISOString().slice(0, 10));
}

/**
 * The execution name of a backfill's run of `date`: `backfill-<label>-YYYY-MM-DD`. The label
 * tells one backfill of a range from the next (e.g. after a fix, `--run fix-1234`).
 */
export function backfillExecutionName(label: string, date: string): string {
  if (!RUN_LABEL.test(label))
    throw new BackfillRangeError(`--run must be 1 to 40 letters, digits, - or _ (got "${label}")`);
  return `backfill-${label}-${parseBatchDate(date)}`;
}

/** A Step Functions execution's terminal state, as DescribeExecution reports it. */
export interface ExecutionOutcome {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly error?: string;
  readonly cause?: string;
}

export interface BackfillPorts {
  /** Starts execution `name` with `input`; true when it started now, false when it existed. */
  start(name: string, input: { readonly batchDate: string }): Promise<boolean>;
  /** Waits until execution `name` ends. */
  waitFor(name: string): Promise<ExecutionOutcome>;
  /** A line of progress, as each date starts and ends. */
  report(line: string): void;
}

export interface BackfillDateResult extends ExecutionOutcome {
  readonly batchDate: string;
  readonly executionName: string;
  /** False when the execution existed already: a repeated backfill. */
  readonly started: boolean;
}

/**
 * Runs each date in order and stops at the first that does not succeed: later batches build on
 * it. Returns what each date did; the last one is the failure, if any.
 */
export async function runBackfill(
  dates: readonly string[],
  label: string,
  ports: BackfillPorts,
): Promise<BackfillDateResult[]> {
  const results: BackfillDateResult[] = [];
  for (const batchDate of dates) {
    const executionName = backfillExecutionName(label, batchDate);
    const started = await ports.start(executionName, { batchDate });
    ports.report(`${batchDate}: ${started ? 'started' : 'already started'} ${executionName}`);
    const outcome = await ports.waitFor(executionName);
    results.push({ batchDate, executionName, started, ...outcome });
    const why = [outcome.error, outcome.cause].filter(Boolean).join(': ');
    ports.report(`${batchDate}: ${outcome.status}${why ? ` (${why})` : ''}`);
    if (outcome.status !== 'SUCCEEDED') break;
  }
  return results;
}
