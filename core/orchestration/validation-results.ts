/**
 * What ValidateFiles collects: one validator result per raw object (handlers/validate-raw.ts).
 * The orchestration reads only these fields, so it depends on this type, not on the validator.
 */
import type { ValidateRawObjectResult } from '../validation';

export type FileValidationResult = Pick<ValidateRawObjectResult, 'source' | 'report' | 'outputs'>;

/** Rows accepted per dataset over the batch's files (FAILED files stop the run before this). */
export function acceptedRowsByDataset(results: readonly FileValidationResult[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const { report } of results)
    totals[report.dataset] = (totals[report.dataset] ?? 0) + report.rows_accepted;
  return totals;
}
