import { Contract, FileErrorCode, ReasonCode } from '../../contract';

export type ValidationStatus = 'PASSED' | 'FAILED';

/** A reason the whole file failed. */
export interface FileError {
  readonly code: FileErrorCode;
  readonly message: string;
}

/** What `report.json` holds, and what the validator returns. */
export interface ValidationReport {
  readonly dataset: string;
  readonly status: ValidationStatus;
  /** Data rows: records after the header, empty lines excluded. Always accepted + rejected. */
  readonly rows_in: number;
  /** Rows that passed every check (not emitted when the file FAILED). */
  readonly rows_accepted: number;
  readonly rows_rejected: number;
  /** Every reason code of the contract, in precedence order, with its count. */
  readonly rejected_by_reason: Readonly<Record<ReasonCode, number>>;
  readonly file_errors: readonly FileError[];
  /** Header columns the contract does not know; their values are ignored. */
  readonly extra_columns: readonly string[];
}

/** A zero count for every reason code, in the contract's precedence order. */
export function emptyReasonCounts(contract: Contract): Record<ReasonCode, number> {
  return Object.fromEntries(contract.spec.reasonCodes.map((code) => [code, 0])) as Record<ReasonCode, number>;
}

/** What a validator counted, before the threshold verdict. The parts of one file add up. */
export interface ValidationTally {
  readonly rowsAccepted: number;
  readonly rejectedByReason: Readonly<Record<ReasonCode, number>>;
  readonly fileErrors: readonly FileError[];
  readonly extraColumns: readonly string[];
}

/**
 * The tally of a file validated in two parts: the counts add up; file errors and extra columns
 * come from the header, which only the first part reads as the file's own.
 */
export function addTallies(first: ValidationTally, second: ValidationTally): ValidationTally {
  const rejectedByReason = { ...first.rejectedByReason };
  for (const code of Object.keys(rejectedByReason) as ReasonCode[]) {
    rejectedByReason[code] += second.rejectedByReason[code];
  }
  return { ...first, rowsAccepted: first.rowsAccepted + second.rowsAccepted, rejectedByReason };
}

/**
 * The final report: FAILED when there is a file error or when the rejected share of the rows
 * is over the dataset's threshold.
 */
export function buildReport(
  contract: Contract,
  input: ValidationTally & { readonly dataset: string },
): ValidationReport {
  const rowsRejected = Object.values(input.rejectedByReason).reduce((sum, n) => sum + n, 0);
  const rowsIn = input.rowsAccepted + rowsRejected;
  const threshold = contract.dataset(input.dataset).rejectThreshold;
  const fileErrors = [...input.fileErrors];
  if (rowsIn > 0 && rowsRejected / rowsIn > threshold) {
    fileErrors.push({
      code: 'REJECT_THRESHOLD_EXCEEDED',
      message: `${rowsRejected} of ${rowsIn} rows rejected (${percent(rowsRejected / rowsIn)}), over the ${input.dataset} threshold of ${percent(threshold)}`,
    });
  }
  return {
    dataset: input.dataset,
    status: fileErrors.length ? 'FAILED' : 'PASSED',
    rows_in: rowsIn,
    rows_accepted: input.rowsAccepted,
    rows_rejected: rowsRejected,
    rejected_by_reason: input.rejectedByReason,
    file_errors: fileErrors,
    extra_columns: input.extraColumns,
  };
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 10000) / 100}%`;
}
