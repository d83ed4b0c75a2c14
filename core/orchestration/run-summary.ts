/**
 * SummarizeRun: the success message of a batch, from the results the state machine collected.
 * A pure formatter; the state machine publishes what it returns.
 */
import type { LoadWarehouseResult } from '../warehouse/tasks';
import type { QualityReport } from '../warehouse/quality-checks';
import { parseBatchDate } from './batch-date';
import { FileValidationResult } from './validation-results';

export interface RunSummaryInput {
  readonly batchDate: string;
  readonly executionName: string;
  /** `$$.Execution.StartTime`, ISO 8601. */
  readonly startedAt: string;
  readonly validation: readonly FileValidationResult[];
  /** The loader's results: one per LoadDimensions branch, and LoadFact's. */
  readonly loads: {
    readonly dimensions: readonly Pick<LoadWarehouseResult, 'rowCounts'>[];
    readonly fact: Pick<LoadWarehouseResult, 'rowCounts'>;
  };
  readonly quality: Pick<QualityReport, 'checks'>;
}

export interface DatasetIntake {
  readonly files: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  /** Non-zero reject counts by reason code. */
  readonly rejectedByReason: Readonly<Record<string, number>>;
}

export interface RunSummary {
  /** SNS subject: ASCII, under SNS's 100-character limit. */
  readonly subject: string;
  readonly message: string;
  readonly batchDate: string;
  readonly executionName: string;
  readonly durationSeconds: number;
  readonly rowsLoaded: Readonly<Record<string, number>>;
  readonly intake: Readonly<Record<string, DatasetIntake>>;
  readonly qualityChecksPassed: number;
}

/** Thrown when the collected results cannot be summarized (a wiring error, not a data one). */
export class RunSummaryInputError extends Error {
  override readonly name = 'RunSummaryInputError';
}

export function summarizeRun(input: RunSummaryInput, now: Date): RunSummary {
  const batchDate = parseBatchDate(input.batchDate);
  const started = Date.parse(input.startedAt);
  if (Number.isNaN(started)) {
    throw new RunSummaryInputError(
      `startedAt must be an ISO 8601 timestamp (got ${JSON.stringify(input.startedAt)})`,
    );
  }
  const loads = [...(input.loads?.dimensions ?? []), input.loads?.fact];
  if (
    !Array.isArray(input.validation) ||
    !loads.every((load) => load?.rowCounts) ||
    !Array.isArray(input.quality?.checks)
  ) {
    throw new RunSummaryInputError(
      'expected validation (array), loads.dimensions and loads.fact (each with rowCounts) and quality.checks',
    );
  }
  const durationSeconds = Math.max(0, Math.round((now.getTime() - started) / 1000));
  const rowsLoaded = Object.assign({}, ...loads.map((load) => load.rowCounts)) as Record<string, number>;
  const intake = intakeByDataset(input.validation);
  const qualityChecksPassed = input.quality.checks.filter((check) => check.failedRows === 0).length;
  const message = [
    `Batch ${batchDate} loaded by execution ${input.executionName} in ${formatDuration(durationSeconds)}.`,
    '',
    'Rows loaded into the warehouse:',
    ...table(Object.entries(rowsLoaded).map(([name, rows]) => [name, String(rows)])),
    '',
    `Validation (${input.validation.length} files):`,
    ...table(
      Object.entries(intake).map(([dataset, counts]) => [
        dataset,
        `accepted ${counts.rowsAccepted}`,
        `rejected ${counts.rowsRejected}${formatReasons(counts.rejectedByReason)}`,
      ]),
    ),
    '',
    `Quality checks: ${qualityChecksPassed} of ${input.quality.checks.length} passed.`,
  ].join('\n');
  return {
    subject: `Data pipeline: batch ${batchDate} succeeded`,
    message,
    batchDate,
    executionName: input.executionName,
    durationSeconds,
    rowsLoaded,
    intake,
    qualityChecksPassed,
  };
}

function intakeByDataset(results: readonly FileValidationResult[]): Record<string, DatasetIntake> {
  const intake: Record<string, DatasetIntake> = {};
  for (const { report } of results) {
    const previous = intake[report.dataset] ?? {
      files: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      rejectedByReason: {},
    };
    const reasons: Record<string, number> = { ...previous.rejectedByReason };
    for (const [code, count] of Object.entries(report.rejected_by_reason)) {
      if (count > 0) reasons[code] = (reasons[code] ?? 0) + count;
    }
    intake[report.dataset] = {
      files: previous.files + 1,
      rowsAccepted: previous.rowsAccepted + report.rows_accepted,
      rowsRejected: previous.rowsRejected + report.rows_rejected,
      rejectedByReason: reasons,
    };
  }
  return intake;
}

function formatReasons(reasons: Readonly<Record<string, number>>): string {
  const parts = Object.entries(reasons).map(([code, count]) => `${code} ${count}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function formatDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return [hours ? `${hours}h` : '', hours || minutes ? `${minutes}m` : '', `${rest}s`]
    .filter(Boolean)
    .join(' ');
}

/** Rows of left-aligned columns, indented, for a plain-text e-mail. */
function table(rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return ['  (none)'];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    `  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd(),
  );
}
