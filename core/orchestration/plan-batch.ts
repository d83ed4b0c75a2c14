/**
 * PlanBatch: which raw objects make up a batch, listed through the ObjectStore port, so the
 * same plan is made from S3 in AWS and from a folder locally.
 */
import { Contract } from '../../contract';
import { ObjectStore } from '../ports/object-store';
import { parseBatchDate } from './batch-date';
import { isReadyMarker } from './ready-marker';

/** One raw object to validate. */
export interface RawObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly dataset: string;
}

/** PlanBatch's output: the Map iterates `rawObjects`; `datasets` are those with files. */
export interface BatchPlan {
  readonly batchDate: string;
  readonly rawObjects: readonly RawObjectRef[];
  readonly datasets: readonly string[];
}

/** A batch without a single raw file: loading it would publish an empty day as if it were real. */
export class EmptyBatchError extends Error {
  override readonly name = 'EmptyBatchError';
}

/**
 * Lists the raw folder of `batchDate` (layout.raw) for every dataset of the contract, skipping
 * ready markers and folder placeholders. Fails with InvalidBatchDateError for a bad date and
 * with EmptyBatchError when no dataset has a file.
 */
export async function planBatch(
  contract: Contract,
  batchDate: unknown,
  store: ObjectStore,
  rawBucket: string,
): Promise<BatchPlan> {
  const date = parseBatchDate(batchDate);
  const listed = await Promise.all(
    contract.datasetNames.map(async (dataset) => {
      const prefix = contract.layoutPath('raw', { dataset, date });
      const keys = await store.list(rawBucket, prefix);
      return keys
        .filter((key) => key.startsWith(prefix) && !key.endsWith('/') && !isReadyMarker(contract, key))
        .map((key): RawObjectRef => ({ bucket: rawBucket, key, dataset }));
    }),
  );
  const rawObjects = listed.flat().sort((a, b) => a.key.localeCompare(b.key));
  if (rawObjects.length === 0) {
    const prefixes = contract.datasetNames.map((dataset) => contract.layoutPath('raw', { dataset, date }));
    throw new EmptyBatchError(
      `batch ${date} has no raw files in s3://${rawBucket}/ under ${prefixes.join(', ')}: land the files, then re-run the batch`,
    );
  }
  const datasets = contract.datasetNames.filter((dataset) =>
    rawObjects.some((object) => object.dataset === dataset),
  );
  return { batchDate: date, rawObjects, datasets };
}
