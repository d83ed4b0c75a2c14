import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { DATASET_NAMES, DatasetName } from '../../contract';

/** One batch to run: its date and the files it brings, per dataset. */
export interface BatchFolder {
  readonly date: string;
  readonly folder: string;
  readonly files: readonly { readonly dataset: DatasetName; readonly file: string }[];
  /** NDJSON files of sale events, streamed through the consumer's core. */
  readonly eventFiles: readonly string[];
}

/** A usage problem with `--input`, reported in one line. */
export class BatchInputError extends Error {
  override readonly name = 'BatchInputError';
}

const DATE_FOLDER = /^\d{4}-\d{2}-\d{2}$/;
const EVENTS_FILE = 'sales_events.ndjson';
const EVENTS_FILE_PATTERN = /^sales_events(-.+)?\.ndjson$/;

/**
 * `--input` is a single batch folder (named for its date, or dated today) or a folder of
 * `YYYY-MM-DD` batch folders, run in date order. A batch file is `<dataset>.csv` or
 * `<dataset>-<anything>.csv`; streamed sale events are `sales_events[-<anything>].ndjson`.
 */
export async function findBatches(input: string, today = new Date()): Promise<BatchFolder[]> {
  if (!(await stat(input).catch(() => undefined))?.isDirectory()) {
    throw new BatchInputError(`--input ${input} is not a folder`);
  }
  const entries = await readdir(input, { withFileTypes: true });
  const dated = entries.filter((e) => e.isDirectory() && DATE_FOLDER.test(e.name)).map((e) => e.name);
  const batches =
    dated.length > 0
      ? await Promise.all(dated.sort().map((name) => batchFolder(path.join(input, name), name)))
      : [
          await batchFolder(
            input,
            DATE_FOLDER.test(path.basename(input)) ? path.basename(input) : isoDate(today),
          ),
        ];
  const empty = batches.find((batch) => batch.files.length === 0 && batch.eventFiles.length === 0);
  if (empty) {
    throw new BatchInputError(
      `batch folder ${empty.folder} holds none of ${DATASET_NAMES.map((d) => `${d}.csv`).join(', ')}, ${EVENTS_FILE}`,
    );
  }
  return batches;
}

async function batchFolder(folder: string, date: string): Promise<BatchFolder> {
  const names = (await readdir(folder)).sort();
  const files = names.flatMap((name) => {
    const dataset = DATASET_NAMES.find(
      (d) => name === `${d}.csv` || (name.startsWith(`${d}-`) && name.endsWith('.csv')),
    );
    return dataset ? [{ dataset, file: path.join(folder, name) }] : [];
  });
  const eventFiles = names
    .filter((name) => EVENTS_FILE_PATTERN.test(name))
    .map((name) => path.join(folder, name));
  return { date, folder, files, eventFiles };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
