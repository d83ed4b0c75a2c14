/**
 * CheckCuratedOutput: the star-schema job's manifest exists for the batch, and every star
 * table whose source dataset brought accepted rows got rows of its own.
 */
import { Contract } from '../../contract';
import { ObjectStore, readObjectTextIfExists } from '../ports/object-store';
import { parseManifest } from '../warehouse/manifest';
import { parseBatchDate } from './batch-date';
import { acceptedRowsByDataset, FileValidationResult } from './validation-results';

/** Thrown when the curated output cannot be loaded as it is; Step Functions catches it by name. */
export class CuratedOutputError extends Error {
  override readonly name = 'CuratedOutputError';
}

export interface CuratedOutput {
  readonly batchDate: string;
  readonly manifest: string;
  /** Rows the job wrote per star table for this batch. */
  readonly tables: Readonly<Record<string, number>>;
}

/** Reads and checks the manifest of `batchDate` in the curated bucket. */
export async function checkCuratedOutput(
  contract: Contract,
  input: { readonly batchDate?: unknown; readonly validation?: readonly FileValidationResult[] },
  store: ObjectStore,
  curatedBucket: string,
): Promise<CuratedOutput> {
  const batchDate = parseBatchDate(input?.batchDate);
  const key = contract.layoutPath('manifest', { date: batchDate });
  const location = `s3://${curatedBucket}/${key}`;
  const text = await readObjectTextIfExists(store, curatedBucket, key);
  if (text === undefined) {
    throw new CuratedOutputError(`manifest ${location} is missing: the star-schema job published no output`);
  }
  let tables: Record<string, number>;
  try {
    tables = { ...parseManifest(contract, text, batchDate).rowCounts };
  } catch (error) {
    throw new CuratedOutputError(`manifest ${location} is unusable: ${(error as Error).message}`);
  }
  const accepted = acceptedRowsByDataset(input.validation ?? []);
  const empty = contract.tableNames.filter((table) => {
    const source = contract.table(table).source ?? '';
    return (accepted[source] ?? 0) > 0 && tables[table] === 0;
  });
  if (empty.length > 0) {
    const detail = empty.map((table) => {
      const source = contract.table(table).source ?? '';
      return `${table} has 0 rows but ${source} had ${accepted[source]} accepted rows`;
    });
    throw new CuratedOutputError(
      `curated output of ${batchDate} is incomplete (${location}): ${detail.join('; ')}`,
    );
  }
  return { batchDate, manifest: location, tables };
}
