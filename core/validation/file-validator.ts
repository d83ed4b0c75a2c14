import { Contract, DatasetSpec, ReasonCode } from '../../contract';
import { ByteWriter } from './byte-writer';
import { CsvRecord, CsvScanner } from './csv-scanner';
import { scanErrorMessage } from './faults';
import { bindHeader, normalizedHeader } from './header';
import { KeySet } from './key-set';
import { buildReport, emptyReasonCounts, FileError, ValidationReport, ValidationTally } from './report';
import { RowValidator } from './row-validator';

/** A later part of a file split at a record boundary, validated on its own (see file-parts.ts). */
export interface FilePart {
  /** The file's first bytes through the header record's line terminator: read, not written out. */
  readonly header: Buffer;
  /** Added to rejected rows' line numbers: the file's lines before the part minus the header's. */
  readonly lineOffset: number;
  /** Keys accepted before the part: a row repeating one is a DUPLICATE_KEY. @default none */
  readonly acceptedKeys?: KeySet;
}

export interface FileValidatorOptions {
  /** The contract the file is checked against. */
  readonly contract: Contract;
  /** One of the contract's datasets. */
  readonly dataset: string;
  /** Receives the accepted CSV (normalized header, then rows) in chunks. */
  readonly onAccepted: (chunk: Buffer) => void;
  /** Receives the rejected rows as NDJSON `{line, reason, message, raw}` in chunks. */
  readonly onRejected: (chunk: Buffer) => void;
  /** @default the contract's limits.maxRowBytes (1 MiB) */
  readonly maxRowBytes?: number;
  /** Set when the bytes pushed are a later part of the file. @default the whole file */
  readonly part?: FilePart;
}

/**
 * Validates one raw file pushed chunk by chunk: synchronous, pure and bounded in memory. It
 * never throws on data; everything wrong with the bytes ends up in the report.
 *
 * When the file FAILS, accepted rows written so far must be discarded by the caller
 * (`validateToStore` does): the threshold verdict is only known at the end.
 */
export class FileValidator {
  private readonly scanner: CsvScanner;
  private readonly accepted: ByteWriter;
  private readonly rejected: ByteWriter;
  private readonly maxRowBytes: number;
  private readonly spec: DatasetSpec;
  private rows: RowValidator | undefined;
  private bytesIn = 0;
  private rowsAccepted = 0;
  private readonly rejectedByReason: Record<ReasonCode, number>;
  private fileErrors: readonly FileError[] = [];
  private extraColumns: readonly string[] = [];
  private readonly lineOffset: number;

  constructor(private readonly options: FileValidatorOptions) {
    this.spec = options.contract.dataset(options.dataset);
    this.maxRowBytes = options.maxRowBytes ?? options.contract.spec.limits.maxRowBytes;
    this.rejectedByReason = emptyReasonCounts(options.contract);
    this.accepted = new ByteWriter(options.onAccepted);
    this.rejected = new ByteWriter(options.onRejected);
    this.scanner = new CsvScanner((record) => this.onRecord(record), { maxRowBytes: this.maxRowBytes });
    this.lineOffset = options.part?.lineOffset ?? 0;
    if (options.part) this.push(options.part.header);
  }

  /** True once the header has failed: the remaining bytes cannot change the report. */
  get settled(): boolean {
    return this.fileErrors.length > 0;
  }

  push(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    if (this.settled) return;
    this.scanner.push(chunk);
    this.rows?.flush(this.accepted);
    this.accepted.flush();
    this.rejected.flush();
  }

  /** True when the bytes pushed so far end at a record boundary (see CsvScanner). */
  get atRecordStart(): boolean {
    return this.scanner.atRecordStart;
  }

  /** The keys of the rows accepted so far. */
  get acceptedKeys(): KeySet {
    return this.rows?.keys ?? new KeySet();
  }

  /** Ends the input and returns the report. */
  end(): ValidationReport {
    return buildReport(this.options.contract, { dataset: this.options.dataset, ...this.endPart() });
  }

  /** Ends the input and returns the counts, for a file validated in parts. */
  endPart(): ValidationTally {
    if (!this.settled) this.scanner.end();
    this.rows?.flush(this.accepted);
    if (this.bytesIn === 0) {
      this.fileErrors = [{ code: 'EMPTY_FILE', message: 'the file is empty (0 bytes)' }];
    } else if (!this.rows && !this.settled) {
      this.fileErrors = [{ code: 'EMPTY_FILE', message: 'the file has no header row, only empty lines' }];
    }
    this.accepted.flush();
    this.rejected.flush();
    return {
      rowsAccepted: this.rowsAccepted,
      rejectedByReason: this.rejectedByReason,
      fileErrors: this.fileErrors,
      extraColumns: this.extraColumns,
    };
  }

  private onRecord(record: CsvRecord): void {
    if (record.end === record.start && record.error === undefined) return; // empty line
    if (this.settled) return;
    if (!this.rows) {
      this.startRows(record);
      return;
    }
    const rejection = this.rows.check(record, this.accepted);
    if (rejection === undefined) {
      this.rowsAccepted++;
      return;
    }
    this.rejectedByReason[rejection.reason]++;
    const raw = record.buf.toString('utf8', record.start, record.end);
    this.rejected.text(`${JSON.stringify({ line: record.line + this.lineOffset, ...rejection, raw })}\n`);
  }

  private startRows(header: CsvRecord): void {
    const spec = this.spec;
    if (header.error !== undefined) {
      const why = scanErrorMessage(header.error, this.maxRowBytes);
      this.fileErrors = [
        {
          code: 'MISSING_COLUMN',
          message: `the header row is unreadable (${why}), so no column can be found`,
        },
      ];
      return;
    }
    const binding = bindHeader(spec, header);
    this.extraColumns = binding.extraColumns;
    this.fileErrors = binding.errors;
    if (this.settled) return;
    const part = this.options.part;
    this.rows = new RowValidator(this.options.contract, spec, binding, this.maxRowBytes, part?.acceptedKeys);
    if (!part) this.accepted.text(normalizedHeader(spec));
  }
}
