import { PassThrough, Readable } from 'node:stream';
import { Contract } from '../../contract';
import { ObjectLocation, ObjectStore } from '../ports/object-store';
import { normalizedHeader } from './header';
import { ValidationReport } from './report';
import { validateStream } from './validate-bytes';

/** Where the validator's three outputs go. */
export interface ValidationTargets {
  /** Normalized CSV of the accepted rows; only the header when the file FAILED. */
  readonly accepted: ObjectLocation;
  /** NDJSON `{line, reason, message, raw}`, one line per rejected row. */
  readonly rejected: ObjectLocation;
  readonly report: ObjectLocation;
}

export interface ValidateToStoreOptions {
  readonly store: ObjectStore;
  readonly contract: Contract;
  /** One of the contract's datasets. */
  readonly dataset: string;
  readonly input: Readable;
  readonly targets: ValidationTargets;
  /** @default the contract's limits.maxRowBytes */
  readonly maxRowBytes?: number;
}

const CSV = 'text/csv; charset=utf-8';
const NDJSON = 'application/x-ndjson';
const JSON_TYPE = 'application/json';
const OUTPUT_BUFFER_BYTES = 1024 * 1024;

/**
 * Validates a raw file and writes its outputs. Accepted rows are streamed into an upload that
 * is committed only when the file PASSES; when it FAILS the upload is aborted and a header-only
 * CSV is written instead, so downstream never sees rows of a failed file. Rejected rows and the
 * report are always written. Re-running overwrites the same three objects.
 */
export async function validateToStore(options: ValidateToStoreOptions): Promise<ValidationReport> {
  const { store, targets } = options;
  // Room for a few validator chunks, so validation and writing overlap instead of taking turns.
  const accepted = new PassThrough({ highWaterMark: OUTPUT_BUFFER_BYTES });
  const rejected = new PassThrough({ highWaterMark: OUTPUT_BUFFER_BYTES });
  // Stream errors reach us through the write promises (handled below); a store may attach its
  // own listeners only after some async setup, so these keep an early error from going unhandled.
  for (const stream of [accepted, rejected]) stream.on('error', () => undefined);
  const acceptedWrite = store.write(targets.accepted.bucket, targets.accepted.key, accepted, CSV);
  const rejectedWrite = store.write(targets.rejected.bucket, targets.rejected.key, rejected, NDJSON);
  acceptedWrite.catch(() => undefined);
  rejectedWrite.catch(() => undefined);

  let report: ValidationReport;
  try {
    report = await validateStream({ ...options, accepted, rejected });
  } catch (error) {
    accepted.destroy(error as Error);
    rejected.destroy(error as Error);
    throw error;
  }
  rejected.end();
  if (report.status === 'PASSED') {
    accepted.end();
    await Promise.all([acceptedWrite, rejectedWrite]);
  } else {
    accepted.destroy(new Error('discarded: the file FAILED validation'));
    await Promise.allSettled([acceptedWrite]);
    await rejectedWrite;
    const header = normalizedHeader(options.contract.dataset(options.dataset));
    await store.write(targets.accepted.bucket, targets.accepted.key, header, CSV);
  }
  await store.write(
    targets.report.bucket,
    targets.report.key,
    `${JSON.stringify(report, null, 2)}\n`,
    JSON_TYPE,
  );
  return report;
}
