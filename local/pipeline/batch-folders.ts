import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Contract } from '../../contract';

/** One batch to run: its date and the files it brings, per dataset. */
export interface BatchFolder {
  readonly date: string;
  readonly folder: string;
  readonly files: readonly { readonly dataset: string; readonly file: string }[];
  /** NDJSON files of streamed events, each with the contract event it carries. */
  readonly eventFiles: readonly { readonly event: string; readonly file: string }[];
}

/** A usage problem with `--input`, reported in one line. */
export class BatchInputError extends Error {
  override readonly name = 'BatchInputError';
}

const DATE_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `name` is `<stem><extension>` or `<stem>-<anything><extension>`. */
const fileOf = (name: string, stem: string, extension: string): boolean =>
  name.endsWith(extension) && (name === `${stem}${extension}` || name.startsWith(`${stem}-`));

/**
 * `--input` is a single batch folder (named for its date, or dated today) or a folder of
 * `YYYY-MM-DD` batch folders, run in date order. A batch file is `<dataset>.csv` or
 * `<dataset>-<anything>.csv` for a contract dataset; the streamed events of a contract event are
 * `<lake dataset>[-<anything>].ndjson` (its `lakeDataset`, e.g. `sales_events.ndjson`).
 */
export async function findBatches(
  contract: Contract,
  input: string,
  today = new Date(),
): Promise<BatchFolder[]> {
  if (!(await stat(input).catch(() => undefined))?.isDirectory()) {
    throw new BatchInputError(`--input ${input} is not a folder`);
  }
  const entries = await readdir(input, { withFileTypes: true });
  const dated = entries.filter((e) => e.isDirectory() && DATE_FOLDER.test(e.name)).map((e) => e.name);
  const batches =
    dated.length > 0
      ? await Promise.all(dated.sort().map((name) => batchFolder(contract, path.join(input, name), name)))
      : [
          await batchFolder(
            contract,
            input,
            DATE_FOLDER.test(path.basename(input)) ? path.basename(input) : isoDate(today),
          ),
        ];
  const empty = batches.find((batch) => batch.files.length === 0 && batch.eventFiles.length === 0);
  if (empty) {
    const expected = [
      ...contract.datasetNames.map((dataset) => `${dataset}.csv`),
      ...contract.eventNames.map((event) => `${contract.event(event).lakeDataset}.ndjson`),
    ];
    throw new BatchInputError(`batch folder ${empty.folder} holds none of ${expected.join(', ')}`);
  }
  return batches;
}

/** The batches dated from `from` to `to` (either end open when absent), or an error naming the range. */
export function batchesInRange(
  batches: readonly BatchFolder[],
  range: { readonly from?: string; readonly to?: string },
): BatchFolder[] {
  const { from, to } = range;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ])
    if (value !== undefined && !DATE_FOLDER.test(value))
      throw new BatchInputError(`--${name} must be a date YYYY-MM-DD (got "${value}")`);
  if (from && to && to < from)
    throw new BatchInputError(`--to must not be before --from (got ${from} to ${to})`);
  const selected = batches.filter((batch) => (!from || batch.date >= from) && (!to || batch.date <= to));
  if (selected.length === 0)
    throw new BatchInputError(
      `no batch dated ${from ?? 'any time'} to ${to ?? 'any time'} (the input has ${batches.map((b) => b.date).join(', ')})`,
    );
  return selected;
}

async function batchFolder(contract: Contract, folder: string, date: string): Promise<BatchFolder> {
  const names = (await readdir(folder)).sort();
  const files = names.flatMap((name) => {
    const dataset = contract.datasetNames.find((d) => fileOf(name, d, '.csv'));
    return dataset ? [{ dataset, file: path.join(folder, name) }] : [];
  });
  const eventFiles = names.flatMap((name) => {
    const event = contract.eventNames.find((e) => fileOf(name, contract.event(e).lakeDataset, '.ndjson'));
    return event ? [{ event, file: path.join(folder, name) }] : [];
  });
  return { date, folder, files, eventFiles };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
