/**
 * The pipeline's batch date: `YYYY-MM-DD`, a real calendar date, in UTC. One run loads one
 * batch date, and its execution is named after it.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** One UTC day; batch dates are whole UTC days. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Thrown for a batch date the pipeline cannot run; Step Functions catches it by this name. */
export class InvalidBatchDateError extends Error {
  override readonly name = 'InvalidBatchDateError';
}

/** The batch date itself, or InvalidBatchDateError saying what was wrong with it. */
export function parseBatchDate(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidBatchDateError(`batchDate must be a string YYYY-MM-DD (got ${describe(value)})`);
  }
  const match = ISO_DATE.exec(value);
  if (!match) {
    throw new InvalidBatchDateError(`batchDate must look like YYYY-MM-DD (got "${value}")`);
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2024-02-30 over to March; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new InvalidBatchDateError(`batchDate must be a real calendar date (got "${value}")`);
  }
  return value;
}

/** The UTC calendar day before `instant`: what the daily schedule loads. */
export function previousUtcDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) {
    throw new InvalidBatchDateError('cannot derive a batch date from an invalid instant');
  }
  return new Date(instant.getTime() - DAY_MS).toISOString().slice(0, 10);
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}
