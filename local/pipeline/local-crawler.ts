import { parse } from 'csv-parse';
import { Contract } from '../../contract';
import { layoutPrefix } from '../../contract/lake-layout';
import type { CatalogTable } from '../../core/orchestration/catalog-drift';
import { ObjectStore } from '../../core/ports/object-store';

/** Rows the stand-in samples per table, like a crawler's classifier. */
const SAMPLE_ROWS = 1000;

/**
 * Stand-in for the Glue crawler over the validated zone: one table per dataset folder (the
 * crawler's targets come from the contract's layout), columns from the CSV header, and types
 * inferred from sampled values the way Glue's CSV classifier does (bigint, double, else
 * string). It reads no column of the contract, so ValidateCatalog checks real inference
 * against the contract, as in AWS.
 */
export async function crawlValidatedZone(
  contract: Contract,
  store: ObjectStore,
  curatedBucket: string,
): Promise<CatalogTable[]> {
  const tables: CatalogTable[] = [];
  for (const dataset of contract.datasetNames) {
    const keys = (await store.list(curatedBucket, layoutPrefix(contract, 'validated', { dataset }))).filter(
      (key) => key.endsWith('.csv'),
    );
    if (keys.length === 0) continue;
    const rows = await sampleCsv(store, curatedBucket, keys[keys.length - 1]);
    const [header = [], ...values] = rows;
    tables.push({
      name: dataset,
      columns: header.map((name, i) => ({ name, type: inferGlueType(values.map((row) => row[i] ?? '')) })),
    });
  }
  return tables;
}

async function sampleCsv(store: ObjectStore, bucket: string, key: string): Promise<string[][]> {
  const rows: string[][] = [];
  const parser = (await store.read(bucket, key)).pipe(
    parse({ to_line: SAMPLE_ROWS + 1, relax_column_count: true }),
  );
  for await (const row of parser) rows.push(row as string[]);
  return rows;
}

/** A bigint's range: a whole number outside it is read as a double. */
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

const isBigint = (value: string): boolean =>
  /^-?\d{1,19}$/.test(value) && BigInt(value) >= BIGINT_MIN && BigInt(value) <= BIGINT_MAX;

export function inferGlueType(values: readonly string[]): string {
  const present = values.filter((value) => value !== '');
  if (present.length === 0) return 'string';
  if (present.every(isBigint)) return 'bigint';
  if (present.every((value) => /^-?\d+(\.\d+)?$/.test(value))) return 'double';
  return 'string';
}
