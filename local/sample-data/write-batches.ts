import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GeneratedBatch } from './batches';

/**
 * Writes batches as the local pipeline reads them: `<dir>/<date>/<dataset>.csv`, plus
 * `sales_events.ndjson` when the batch has streamed events.
 */
export async function writeBatchFolders(dir: string, batches: readonly GeneratedBatch[]): Promise<void> {
  for (const batch of batches) {
    const folder = path.join(dir, batch.date);
    await mkdir(folder, { recursive: true });
    for (const [dataset, bytes] of Object.entries(batch.files)) {
      await writeFile(path.join(folder, `${dataset}.csv`), bytes);
    }
    if (batch.events.length > 0) await writeFile(path.join(folder, 'sales_events.ndjson'), batch.events);
  }
}
