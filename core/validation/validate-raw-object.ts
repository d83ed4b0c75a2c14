import { Contract } from '../../contract';
import { ObjectLocation, ObjectStore } from '../ports/object-store';
import { parseRawObjectKey, validationTargets } from './raw-object-key';
import { ValidationReport } from './report';
import { validateToStore, ValidationTargets } from './validate-to-store';

export interface ValidateRawObjectInput {
  readonly contract: Contract;
  readonly store: ObjectStore;
  readonly rawBucket: string;
  /** Under the contract's raw layout, e.g. `<dataset>/ingest_date=YYYY-MM-DD/<name>.csv` */
  readonly key: string;
  readonly curatedBucket: string;
  readonly quarantineBucket: string;
}

export interface ValidateRawObjectResult {
  readonly source: ObjectLocation;
  readonly outputs: ValidationTargets;
  readonly report: ValidationReport;
}

/**
 * Validates one raw object and writes its outputs by the lake layout. The raw object is only
 * read. A FAILED file still gets its outputs and a returned report: deciding to stop is the
 * caller's (see ValidationFailedError).
 */
export async function validateRawObject(input: ValidateRawObjectInput): Promise<ValidateRawObjectResult> {
  const raw = parseRawObjectKey(input.contract, input.key);
  const outputs = validationTargets(input.contract, raw, input);
  const report = await validateToStore({
    store: input.store,
    contract: input.contract,
    dataset: raw.dataset,
    input: await input.store.read(input.rawBucket, input.key),
    targets: outputs,
  });
  return { source: { bucket: input.rawBucket, key: input.key }, outputs, report };
}
