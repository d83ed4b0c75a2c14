/**
 * The smoke batch: a few rows per dataset that the integration test lands in a real account,
 * with the warehouse row counts the pipeline must produce from them. smoke-batch.test.ts runs
 * the same files through the local pipeline and checks the same counts, so the expectations
 * are the pipeline's, not hand-made.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultContract } from '../../contract';

/** The smoke batch is the sales example's. */
const contract = defaultContract();

/** The batch date; the run it triggers is the execution `batch-<date>`. */
export const SMOKE_BATCH_DATE = '2026-01-15';

/** One `YYYY-MM-DD` folder of `<dataset>.csv` files, the layout the local pipeline reads. */
export const SMOKE_BATCH_DIR = path.join(__dirname, 'smoke-batch');

export interface RawObject {
  readonly dataset: string;
  /** Key in the raw bucket: `<dataset>/ingest_date=<date>/<file>`. */
  readonly key: string;
  readonly body: string;
}

/** The batch's CSV files as raw-zone objects, in the contract's layout. */
export function smokeBatchObjects(): RawObject[] {
  const folder = path.join(SMOKE_BATCH_DIR, SMOKE_BATCH_DATE);
  return readdirSync(folder)
    .sort()
    .map((file) => {
      const dataset = contract.datasetNames.find((name) => file === `${name}.csv`);
      if (!dataset) throw new Error(`${file} in ${folder} is not <dataset>.csv for a contract dataset`);
      const key = `${contract.layoutPath('raw', { dataset, date: SMOKE_BATCH_DATE })}${file}`;
      return { dataset, key, body: readFileSync(path.join(folder, file), 'utf8') };
    });
}

/** The ready marker key (`_READY`) of each dataset in the batch; the first one starts the run. */
export function readyMarkerKeys(objects: readonly RawObject[]): string[] {
  return [...new Set(objects.map((object) => object.dataset))].map(
    (dataset) =>
      `${contract.layoutPath('raw', { dataset, date: SMOKE_BATCH_DATE })}${contract.spec.layout.readyMarker}`,
  );
}

/**
 * Rows in the warehouse after the batch. Each dimension holds its source rows plus the
 * Unknown member (key -1); date_dim holds the two sale dates plus Unknown; sale 1004 names
 * customer 9, who is not in customers.csv, so customer_dim also holds an inferred placeholder
 * for customer 9, and the sale is keyed to it, not to the Unknown customer.
 */
export const EXPECTED_ROW_COUNTS: ReadonlyArray<readonly [name: string, rows: number]> = [
  ['customer_dim', 5],
  ['product_dim', 3],
  ['location_dim', 3],
  ['date_dim', 3],
  ['sales_fact', 5],
  ['sales_of_unknown_customers', 0],
  ['sales_of_inferred_customers', 1],
];

const COUNT_QUERIES: Readonly<Record<string, string>> = {
  customer_dim: 'select count(*) from presentation.customer_dim',
  product_dim: 'select count(*) from presentation.product_dim',
  location_dim: 'select count(*) from presentation.location_dim',
  date_dim: 'select count(*) from presentation.date_dim',
  sales_fact: 'select count(*) from presentation.sales_fact',
  sales_of_unknown_customers: 'select count(*) from presentation.sales_fact where customer_key = -1',
  sales_of_inferred_customers:
    'select count(*) from presentation.sales_fact inner join presentation.customer_dim ' +
    'on sales_fact.customer_key = customer_dim.customer_key where customer_dim.is_inferred',
};

/** One statement, one row: a column per count, in EXPECTED_ROW_COUNTS' order (the Data API runs one statement). */
export const ROW_COUNTS_SQL = `select ${EXPECTED_ROW_COUNTS.map(([name]) => `(${COUNT_QUERIES[name]}) as ${name}`).join(', ')}`;
