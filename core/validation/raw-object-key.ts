import { Contract } from '../../contract';
import { ObjectLocation } from '../ports/object-store';
import { InvalidObjectKeyError } from './errors';
import { ValidationTargets } from './validate-to-store';

/** What a raw object's key says about it: `<dataset>/ingest_date=YYYY-MM-DD/<name>.csv`. */
export interface RawObjectKey {
  readonly dataset: string;
  readonly ingestDate: string;
  /** File name without `.csv`. */
  readonly name: string;
}

/** Parses a raw-zone key by the contract's layout; throws InvalidObjectKeyError if it does not fit. */
export function parseRawObjectKey(contract: Contract, key: string): RawObjectKey {
  const match = contract.matchLayoutPath('raw', key);
  const name = /^([^/]+)\.csv$/.exec(match?.rest ?? '')?.[1];
  if (!match || !name || !match.dataset || !contract.isDataset(match.dataset)) {
    throw new InvalidObjectKeyError(
      `raw object key "${key}" does not match ${contract.layoutPath('raw', { dataset: '<dataset>', date: 'YYYY-MM-DD' })}<name>.csv with a contract dataset`,
    );
  }
  return { dataset: match.dataset, ingestDate: match.date, name };
}

/**
 * Output locations of a raw object, by the contract's layout: accepted rows in the curated
 * bucket's validated (silver) zone, rejected rows and the report in the quarantine bucket.
 */
export function validationTargets(
  contract: Contract,
  raw: RawObjectKey,
  buckets: { readonly curatedBucket: string; readonly quarantineBucket: string },
): ValidationTargets {
  const values = { dataset: raw.dataset, date: raw.ingestDate };
  const quarantine = (suffix: string): ObjectLocation => ({
    bucket: buckets.quarantineBucket,
    key: `${contract.layoutPath('quarantine', values)}${raw.name}${suffix}`,
  });
  return {
    accepted: {
      bucket: buckets.curatedBucket,
      key: `${contract.layoutPath('validated', values)}${raw.name}.csv`,
    },
    rejected: quarantine('.rejected.ndjson'),
    report: quarantine('.report.json'),
  };
}
