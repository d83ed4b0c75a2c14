/**
 * StartBatch: turns a trigger event into the run of one batch date. The execution is named
 * after the date, which is the one-run-per-date guard: Step Functions refuses a second
 * execution of a Standard workflow with a used name (and treats a repeat of a running one,
 * same name and input, as the same execution).
 */
import { Contract } from '../../contract';
import { parseBatchDate, previousUtcDate } from './batch-date';

export type BatchTrigger = 'schedule' | 'ready-marker';

export interface BatchRun {
  readonly batchDate: string;
  readonly executionName: string;
  readonly trigger: BatchTrigger;
}

/** `STARTED`, or `ALREADY_HANDLED` when the date's execution exists (running or closed). */
export type StartOutcome = 'STARTED' | 'ALREADY_HANDLED';

/** Starts the pipeline execution `name` with `input` (Step Functions StartExecution). */
export type StartExecution = (name: string, input: { readonly batchDate: string }) => Promise<StartOutcome>;

/** An event this trigger does not start runs for; the message says what was expected. */
export class UnsupportedTriggerError extends Error {
  override readonly name = 'UnsupportedTriggerError';
}

/** The execution name of a batch date's run: `batch-YYYY-MM-DD`. */
export function executionName(batchDate: string): string {
  return `batch-${parseBatchDate(batchDate)}`;
}

/**
 * The batch of an EventBridge event: a Scheduled Event runs the UTC day before its `time`
 * (so a retried delivery still picks the same day); an S3 Object Created event for a
 * contract dataset's ready marker in the raw zone (e.g. `<dataset>/ingest_date=YYYY-MM-DD/_READY`)
 * runs that date.
 */
export function batchRunFromEvent(contract: Contract, event: unknown): BatchRun {
  const { source, 'detail-type': detailType, time, detail } = (event ?? {}) as Record<string, unknown>;
  if (source === 'aws.events' && detailType === 'Scheduled Event') {
    const instant = new Date(typeof time === 'string' ? time : Number.NaN);
    if (Number.isNaN(instant.getTime())) {
      throw new UnsupportedTriggerError(`scheduled event without a valid time (got ${JSON.stringify(time)})`);
    }
    return run(previousUtcDate(instant), 'schedule');
  }
  if (source === 'aws.s3' && detailType === 'Object Created') {
    const rawKey = (detail as { object?: { key?: unknown } } | undefined)?.object?.key;
    if (typeof rawKey !== 'string') throw new UnsupportedTriggerError('S3 event without detail.object.key');
    const key = decodeS3Key(rawKey);
    const match = contract.matchLayoutPath('raw', key);
    const marker = contract.spec.layout.readyMarker;
    if (!match || match.rest !== marker || !contract.isDataset(match.dataset ?? '')) {
      const expected = contract.layoutPath('raw', { dataset: '<dataset>', date: 'YYYY-MM-DD' });
      throw new UnsupportedTriggerError(
        `"${key}" is not a batch-ready marker: expected ${expected}${marker} for a contract dataset`,
      );
    }
    return run(parseBatchDate(match.date), 'ready-marker');
  }
  throw new UnsupportedTriggerError(
    `expected a Scheduled Event or an S3 Object Created event (got source ${JSON.stringify(source)}, detail-type ${JSON.stringify(detailType)})`,
  );
}

/** Starts (or recognizes as started) the run an event asks for. */
export async function startBatch(
  contract: Contract,
  event: unknown,
  startExecution: StartExecution,
): Promise<BatchRun & { readonly outcome: StartOutcome }> {
  const batch = batchRunFromEvent(contract, event);
  const outcome = await startExecution(batch.executionName, { batchDate: batch.batchDate });
  return { ...batch, outcome };
}

function run(batchDate: string, trigger: BatchTrigger): BatchRun {
  return { batchDate, executionName: executionName(batchDate), trigger };
}

/** S3 event keys may arrive URL-encoded (`=` as `%3D`, space as `+`); plain keys pass through. */
function decodeS3Key(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}
