import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** One field value per dataset column (or event field), as written ('' for empty). */
export type SampleRow = Readonly<Record<string, string>>;

/** A batch's files, as the local pipeline reads them from its folder. */
export interface BatchFiles {
  /** Batch (ingest) date, YYYY-MM-DD: the folder's name. */
  readonly date: string;
  /** CSV bytes per dataset, written as `<dataset>.csv`. */
  readonly files: Readonly<Record<string, Buffer>>;
  /** NDJSON bytes per event lake dataset, written as `<lake dataset>.ndjson` unless empty. */
  readonly eventFiles: Readonly<Record<string, Buffer>>;
}

/** Writes batches as the local pipeline reads them: `<dir>/<date>/<dataset>.csv` and the event files. */
export async function writeBatchFolders(dir: string, batches: readonly BatchFiles[]): Promise<void> {
  for (const batch of batches) {
    const folder = path.join(dir, batch.date);
    await mkdir(folder, { recursive: true });
    for (const [dataset, bytes] of Object.entries(batch.files)) {
      await writeFile(path.join(folder, `${dataset}.csv`), bytes);
    }
    for (const [lakeDataset, bytes] of Object.entries(batch.eventFiles)) {
      if (bytes.length > 0) await writeFile(path.join(folder, `${lakeDataset}.ndjson`), bytes);
    }
  }
}
