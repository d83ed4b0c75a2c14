import { ObjectLocation } from '../ports/object-store';
import { ValidationReport } from './report';

/**
 * A raw file FAILED validation. The validator itself does not throw it (it writes its outputs
 * and returns the report); an orchestrator that must stop on a failed file throws it, and Step
 * Functions can catch it by name.
 */
export class ValidationFailedError extends Error {
  override readonly name = 'ValidationFailedError';

  constructor(
    readonly source: ObjectLocation,
    readonly report: ValidationReport,
  ) {
    const reasons = report.file_errors.map((error) => `${error.code}: ${error.message}`).join('; ');
    super(`s3://${source.bucket}/${source.key} (${report.dataset}) FAILED validation: ${reasons}`);
  }
}

/** An object key that does not follow the raw zone's layout. */
export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
}
