/**
 * The CLI's `validate` on a local file: a large file is validated as two parts, the second on a
 * worker thread, and merged into the same three outputs as one pass writes (core/validation/
 * file-parts.ts says how). Only here: the Lambda reads S3 streams and stays sequential.
 */
import { closeSync, createReadStream, createWriteStream, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parentPort, Worker } from 'node:worker_threads';
import { Contract, ContractSpec } from '../../contract';
import { LocalFolderObjectStore } from '../../adapters/local/folder-object-store';
import {
  addTallies,
  buildReport,
  ValidationReport,
  ValidationTally,
  validateToStore,
} from '../../core/validation';
import { findSplit, headerExtent, PartOutcome, validatePart } from '../../core/validation/file-parts';
import { normalizedHeader } from '../../core/validation/header';
import { KeySet } from '../../core/validation/key-set';

/** Below this size a second thread's start-up costs more than it saves. */
export const PARTS_MIN_BYTES = 16 * 1024 * 1024;
const IO_CHUNK = 1024 * 1024;
const OUTPUTS = { accepted: 'accepted.csv', rejected: 'rejected.ndjson', report: 'report.json' } as const;

/** One part of the file to validate, as plain data for a worker thread. */
export interface PartJob {
  readonly spec: ContractSpec;
  readonly dataset: string;
  readonly maxRowBytes?: number;
  readonly file: string;
  /** The part's bytes: [start, end) of the file. */
  readonly start: number;
  readonly end?: number;
  /** For the second part: the file's header bytes and the line offset (see FilePart). */
  readonly continues?: { readonly headerLength: number; readonly lineOffset: number };
  readonly acceptedFile: string;
  readonly rejectedFile: string;
}

/** What validates the second part: started early (a thread boots meanwhile), then given its job. */
export interface SecondPart {
  run(job: PartJob): Promise<PartOutcome>;
  /** Stops it when the file takes one pass after all. */
  cancel(): void;
}

export interface ValidateLocalFileOptions {
  readonly contract: Contract;
  readonly dataset: string;
  readonly file: string;
  /** Receives accepted.csv, rejected.ndjson and report.json. */
  readonly outDir: string;
  /** @default the contract's limits.maxRowBytes */
  readonly maxRowBytes?: number;
  /** Set to validate a large file in two parts. @default one pass */
  readonly parts?: {
    /** Starts what validates the second part; the CLI's runs `runPartInWorker` on a worker thread. */
    readonly startSecondPart: () => SecondPart;
    /** Files smaller than this take one pass. @default PARTS_MIN_BYTES */
    readonly minBytes?: number;
    /** Where to look for the split. @default the file's middle */
    readonly middle?: number;
  };
}

/**
 * Validates a local file into `outDir`: in two parts when `parts` is set, the file is large
 * enough and it splits at a record boundary; otherwise in one pass, as the Lambda does.
 */
export async function validateLocalFile(options: ValidateLocalFileOptions): Promise<ValidationReport> {
  await mkdir(options.outDir, { recursive: true });
  const report = options.parts && (await validateInParts(options, options.parts));
  if (report) return report;
  const bucket = path.basename(options.outDir);
  // The output folder is a "bucket" of a store rooted at its parent.
  return validateToStore({
    contract: options.contract,
    store: new LocalFolderObjectStore(path.dirname(options.outDir)),
    dataset: options.dataset,
    maxRowBytes: options.maxRowBytes,
    input: createReadStream(options.file, { highWaterMark: IO_CHUNK }),
    targets: {
      accepted: { bucket, key: OUTPUTS.accepted },
      rejected: { bucket, key: OUTPUTS.rejected },
      report: { bucket, key: OUTPUTS.report },
    },
  });
}

/** The CLI's `parts` option: the second part on a worker thread running `script`. */
export function partsInWorker(script: string): ValidateLocalFileOptions['parts'] {
  if (availableParallelism() < 2) return undefined;
  return {
    startSecondPart: () => {
      const worker = new Worker(script);
      const outcome = new Promise<PartOutcome>((resolve, reject) => {
        worker
          .once('message', resolve)
          .once('error', reject)
          .once('exit', (code) => reject(new Error(`validation worker exited (${code}) without a result`)));
      });
      outcome.catch(() => undefined); // awaited by `run`; a cancelled worker's exit is expected
      return {
        run: (job) => {
          worker.postMessage(job);
          return outcome;
        },
        cancel: () => void worker.terminate(),
      };
    },
  };
}

/** The worker thread's side of `partsInWorker`: runs the job it is sent and posts the outcome. */
export function runPartInWorker(): void {
  parentPort?.once('message', (job: PartJob) => {
    void validatePartOfFile(job).then((outcome) => parentPort?.postMessage(outcome));
  });
}

/** Validates one part of a file into two files. */
export async function validatePartOfFile(job: PartJob, acceptedKeys?: KeySet): Promise<PartOutcome> {
  const accepted = createWriteStream(job.acceptedFile, { highWaterMark: IO_CHUNK });
  const rejected = createWriteStream(job.rejectedFile, { highWaterMark: IO_CHUNK });
  const header = job.continues && (await readBytes(job.file, 0, job.continues.headerLength));
  const outcome = await validatePart({
    contract: Contract.fromSpec(job.spec),
    dataset: job.dataset,
    maxRowBytes: job.maxRowBytes,
    input: createReadStream(job.file, {
      start: job.start,
      end: job.end === undefined ? undefined : job.end - 1, // inclusive
      highWaterMark: IO_CHUNK,
    }),
    accepted,
    rejected,
    part: header && { header, lineOffset: job.continues?.lineOffset ?? 0, acceptedKeys },
  });
  await Promise.all([close(accepted), close(rejected)]);
  return outcome;
}

/** The report, or undefined when the file is to be validated in one pass. */
async function validateInParts(
  options: ValidateLocalFileOptions,
  parts: NonNullable<ValidateLocalFileOptions['parts']>,
): Promise<ValidationReport | undefined> {
  const { contract, dataset, file, outDir } = options;
  const size = (await stat(file)).size;
  if (size < (parts.minBytes ?? PARTS_MIN_BYTES)) return undefined;
  const secondPart = parts.startSecondPart();
  let temp: string | undefined;
  try {
    const maxRowBytes = options.maxRowBytes ?? contract.spec.limits.maxRowBytes;
    const header = headerExtent(await readBytes(file, 0, maxRowBytes + IO_CHUNK), maxRowBytes);
    if (header === undefined) return undefined;
    const split = findSplit(fileChunks(file), Math.max(parts.middle ?? Math.floor(size / 2), header.length));
    if (split === undefined) return undefined;

    const dir = await mkdtemp(path.join(outDir, '.parts-'));
    temp = dir;
    const job = (n: number) => ({
      spec: contract.spec,
      dataset,
      maxRowBytes: options.maxRowBytes,
      file,
      acceptedFile: path.join(dir, `${n}.${OUTPUTS.accepted}`),
      rejectedFile: path.join(dir, `${n}.${OUTPUTS.rejected}`),
    });
    const second: PartJob = {
      ...job(2),
      start: split.offset,
      continues: { headerLength: header.length, lineOffset: split.linesBefore - header.lines },
    };
    const secondRun = secondPart.run(second);
    secondRun.catch(() => undefined); // awaited below, unless the first part fails first
    const first = await validatePartOfFile({ ...job(1), start: 0, end: split.offset });
    if (first.tally.fileErrors.length > 0) {
      // The header failed: the rest of the file cannot change the report.
      await secondRun.catch(() => undefined);
      return await commit(contract, dataset, outDir, first.tally, [job(1)]);
    }
    let secondOutcome = await secondRun;
    if (!first.atRecordStart) return undefined;
    const acceptedFirst = new KeySet(first.keys);
    if (acceptedFirst.overlaps(new KeySet(secondOutcome.keys))) {
      // Rare: the second part accepted keys the first one had. Seeded with the first part's
      // keys, a second pass over it rejects exactly the rows one pass would.
      secondOutcome = await validatePartOfFile(second, acceptedFirst);
    }
    return await commit(contract, dataset, outDir, addTallies(first.tally, secondOutcome.tally), [
      job(1),
      second,
    ]);
  } finally {
    secondPart.cancel();
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}

/** Writes the three outputs from the parts' files, each renamed into place when complete. */
async function commit(
  contract: Contract,
  dataset: string,
  outDir: string,
  tally: ValidationTally,
  jobs: readonly Pick<PartJob, 'acceptedFile' | 'rejectedFile'>[],
): Promise<ValidationReport> {
  const report = buildReport(contract, { dataset, ...tally });
  const [first, ...rest] = jobs;
  if (report.status === 'FAILED') {
    // As in one pass: a FAILED file's accepted rows are discarded, only the header is written.
    await writeFile(first.acceptedFile, normalizedHeader(contract.dataset(dataset)));
  } else {
    append(
      first.acceptedFile,
      rest.map((job) => job.acceptedFile),
    );
  }
  append(
    first.rejectedFile,
    rest.map((job) => job.rejectedFile),
  );
  await rename(first.acceptedFile, path.join(outDir, OUTPUTS.accepted));
  await rename(first.rejectedFile, path.join(outDir, OUTPUTS.rejected));
  const reportFile = path.join(path.dirname(first.acceptedFile), OUTPUTS.report);
  await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  await rename(reportFile, path.join(outDir, OUTPUTS.report));
  return report;
}

/**
 * Appends the sources to the target. Synchronous: nothing else is running by then, and a plain
 * read/write loop copies twice as fast as a stream pipeline.
 */
function append(target: string, sources: readonly string[]): void {
  const buf = Buffer.allocUnsafe(IO_CHUNK);
  const to = openSync(target, 'a');
  try {
    for (const source of sources) {
      const from = openSync(source, 'r');
      try {
        for (let n = readSync(from, buf); n > 0; n = readSync(from, buf)) writeSync(to, buf, 0, n);
      } finally {
        closeSync(from);
      }
    }
  } finally {
    closeSync(to);
  }
}

async function close(stream: Writable): Promise<void> {
  stream.end();
  await finished(stream);
}

async function readBytes(file: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(file);
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The file's bytes in order, read synchronously for `findSplit`. */
function* fileChunks(file: string): Generator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(IO_CHUNK);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) yield buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
