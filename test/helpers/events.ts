import type { ValidateRawEvent } from '../../lambdas/validate-raw/handler';

/** The validator's invocation event for one raw object. */
export function validateRawEvent(bucket: string, key: string): ValidateRawEvent {
  return { bucket, key };
}
