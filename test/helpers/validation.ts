import { Contract, defaultContract, ReasonCode } from '../../contract';
import { FileValidator, ValidationReport } from '../../core/validation';

/** A rejected row as written to rejected.ndjson. */
export interface RejectedRow {
  readonly line: number;
  readonly reason: ReasonCode;
  readonly message: string;
  readonly raw: string;
}

export interface ValidatedFile {
  readonly report: ValidationReport;
  /** The accepted CSV as emitted (before a FAILED file's rows are discarded by the caller). */
  readonly accepted: string;
  readonly rejected: RejectedRow[];
}

/**
 * Runs the streaming core over `input`, cut into chunks at `cuts` (byte offsets) or every
 * `chunkSize` bytes, and collects its outputs. The contract is the sales example unless given.
 */
export function validate(
  dataset: string,
  input: string | Buffer,
  options: {
    readonly cuts?: readonly number[];
    readonly chunkSize?: number;
    readonly maxRowBytes?: number;
    readonly contract?: Contract;
  } = {},
): ValidatedFile {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const accepted: Buffer[] = [];
  const rejected: Buffer[] = [];
  const validator = new FileValidator({
    contract: options.contract ?? defaultContract(),
    dataset,
    maxRowBytes: options.maxRowBytes,
    onAccepted: (chunk) => accepted.push(Buffer.from(chunk)),
    onRejected: (chunk) => rejected.push(Buffer.from(chunk)),
  });
  for (const chunk of chunks(bytes, options)) validator.push(chunk);
  const report = validator.end();
  const ndjson = Buffer.concat(rejected).toString();
  return {
    report,
    accepted: Buffer.concat(accepted).toString(),
    rejected: ndjson
      ? ndjson
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as RejectedRow)
      : [],
  };
}

function chunks(
  bytes: Buffer,
  options: { readonly cuts?: readonly number[]; readonly chunkSize?: number },
): Buffer[] {
  const points = new Set([0, bytes.length, ...(options.cuts ?? [])]);
  for (
    let at = options.chunkSize ?? bytes.length;
    at < bytes.length;
    at += options.chunkSize ?? bytes.length
  ) {
    points.add(at);
  }
  const sorted = [...points].filter((at) => at >= 0 && at <= bytes.length).sort((a, b) => a - b);
  return sorted.slice(1).map((end, i) => bytes.subarray(sorted[i], end));
}

/** The sales header in contract order. */
export const SALES_HEADER = defaultContract()
  .dataset('sales')
  .columns.map((column) => column.name)
  .join(',');

/** A valid sales row; override fields by name. */
export function salesRow(overrides: Partial<Record<string, string>> = {}): string {
  const row: Record<string, string> = {
    sale_id: '1',
    sale_date: '2024-03-01',
    customer_id: '10',
    product_id: '20',
    location_id: '30',
    quantity: '2',
    unit_price: '10.00',
    discount: '1.50',
    tax_amount: '0.80',
    ...overrides,
  };
  return SALES_HEADER.split(',')
    .map((name) => row[name])
    .join(',');
}

/** A sales file: the header, then the given rows, LF-terminated. */
export function salesFile(...rows: string[]): string {
  return [SALES_HEADER, ...rows].map((line) => `${line}\n`).join('');
}
