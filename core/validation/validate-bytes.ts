import { Writable } from 'node:stream';
import { Contract } from '../../contract';
import { FilePart, FileValidator } from './file-validator';
import { ValidationReport } from './report';

export interface ValidateStreamOptions {
  readonly contract: Contract;
  /** One of the contract's datasets. */
  readonly dataset: string;
  /** The raw file's bytes, e.g. an fs or S3 stream. */
  readonly input: AsyncIterable<Uint8Array>;
  /** Receives the accepted CSV; left open (the caller commits or discards it). */
  readonly accepted: Writable;
  /** Receives the rejected rows as NDJSON; left open. */
  readonly rejected: Writable;
  /** @default the contract's limits.maxRowBytes */
  readonly maxRowBytes?: number;
  /** Set when `input` is a later part of the file (see file-parts.ts). @default the whole file */
  readonly part?: FilePart;
}

/**
 * Streams `input` through a FileValidator into the two writables, waiting for them to drain
 * so that a slow consumer (an S3 upload) bounds memory instead of buffering the file.
 */
export async function validateStream(options: ValidateStreamOptions): Promise<ValidationReport> {
  return (await streamThroughValidator(options)).end();
}

/** Pushes all of `input` through a new FileValidator and returns it, not yet ended. */
export async function streamThroughValidator(options: ValidateStreamOptions): Promise<FileValidator> {
  const congested = new Set<Writable>();
  const sendTo = (target: Writable) => (chunk: Buffer) => {
    if (!target.write(chunk)) congested.add(target);
  };
  const validator = new FileValidator({
    contract: options.contract,
    dataset: options.dataset,
    maxRowBytes: options.maxRowBytes,
    part: options.part,
    onAccepted: sendTo(options.accepted),
    onRejected: sendTo(options.rejected),
  });
  for await (const chunk of options.input) {
    validator.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    if (validator.settled) break; // the header failed: the rest cannot change the report
    if (congested.size) {
      await Promise.all([...congested].map(drained));
      congested.clear();
    }
  }
  return validator;
}

/** Resolves when the writable can take more, rejects if it fails first. */
function drained(target: Writable): Promise<void> {
  if (!target.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      target.off('drain', settle).off('error', settle).off('close', settle);
      if (error) reject(error);
      else if (target.destroyed && !target.writableFinished) reject(new Error('output stream closed early'));
      else resolve();
    };
    target.on('drain', settle).on('error', settle).on('close', settle);
  });
}
