import { isUtf8 } from 'node:buffer';
import { ColumnSpec, Contract, DatasetSpec, EventSpec, ReasonCode } from '../../contract';
import { ByteWriter } from '../validation/byte-writer';
import { CsvRecord, CsvScanner, decodeField } from '../validation/csv-scanner';
import { reasonRanks } from '../validation/faults';
import { bindHeader, normalizedHeader } from '../validation/header';
import { Rejection, RowValidator } from '../validation/row-validator';
import { compileEnvelopeField, EnvelopeCheck, jsonType } from './envelope';
import { rowAsCsvRecord } from './row-fields';

/** What became of one event. `line` is the normalized event as one NDJSON line (no newline). */
export type EventVerdict =
  | { readonly accepted: true; readonly eventId: string; readonly line: string }
  | ({ readonly accepted: false } & Rejection);

/**
 * Validates stream events of one contract event with the batch validator's own code: the
 * envelope fields are checked here, and the row the event carries
 * is serialized as one CSV record and checked by the same RowValidator as a file's rows, so
 * events and CSV rows pass the same field rules, get the same reason codes and messages and
 * are normalized alike (values trimmed, defaults filled in).
 *
 * Differences, by design: a repeated row key is not DUPLICATE_KEY, because a stream has no
 * file to be unique within (keys are deduplicated downstream, see docs/streaming.md); bytes
 * that are not JSON, or JSON that is not an object, are MALFORMED_ROW.
 *
 * Never throws on input. One instance is reused for every event of a container: it keeps no
 * state between events.
 */
export class EventValidator {
  readonly spec: EventSpec;
  /** Precedence, as in the batch validator: the code listed first in the contract wins. */
  private readonly rank: Readonly<Record<ReasonCode, number>>;
  private readonly columns: readonly ColumnSpec[];
  private readonly envelope: readonly { readonly name: string; readonly check: EnvelopeCheck }[];
  private readonly rowSpec: DatasetSpec;
  private readonly maxRowBytes: number;
  /** Checks records; the first one it sees is the header that binds the columns. */
  private readonly scanner: CsvScanner;
  /** Splits an accepted (normalized) record back into its values. */
  private readonly splitter: CsvScanner;
  private readonly accepted: ByteWriter;
  private rows: RowValidator | undefined;
  private acceptedChunks: Buffer[] = [];
  private rowRejection: Rejection | undefined;
  private values: string[] = [];

  constructor(
    readonly contract: Contract,
    event: string,
    options: { readonly maxRowBytes?: number } = {},
  ) {
    this.spec = contract.event(event);
    this.rank = reasonRanks(contract);
    const dataset = contract.dataset(this.spec.dataset);
    this.columns = dataset.columns;
    // No key: RowValidator's DUPLICATE_KEY is a within-file check, and events have no file.
    this.rowSpec = { ...dataset, key: '' };
    this.envelope = this.spec.envelope.map((field) => ({
      name: field.name,
      check: compileEnvelopeField(field),
    }));
    this.maxRowBytes = options.maxRowBytes ?? contract.spec.limits.maxRowBytes;
    // 2 KiB output chunks come from Node's buffer pool: one event's row is far smaller.
    this.accepted = new ByteWriter((chunk) => this.acceptedChunks.push(chunk), 2048);
    this.scanner = new CsvScanner((record) => this.check(record), { maxRowBytes: this.maxRowBytes });
    this.splitter = new CsvScanner((record) => this.split(record), { maxRowBytes: Infinity });
    const header = Buffer.from(normalizedHeader(this.rowSpec));
    this.scanner.push(header);
    this.splitter.push(header);
  }

  /** Checks one event (a Kinesis record's bytes). */
  validate(data: Buffer): EventVerdict {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch (error) {
      return rejected('MALFORMED_ROW', `not valid JSON: ${(error as Error).message}`);
    }
    // After the parse, as a CSV row's scan errors come before its encoding check.
    if (!isUtf8(data)) return rejected('ENCODING', 'the event is not valid UTF-8');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return rejected('MALFORMED_ROW', `expected a JSON object, got ${jsonType(parsed)}`);
    }
    const event = parsed as Record<string, unknown>;

    let worst: Rejection | undefined;
    const consider = (rejection: Rejection | undefined) => {
      if (
        rejection !== undefined &&
        (worst === undefined || this.rank[rejection.reason] < this.rank[worst.reason])
      ) {
        worst = rejection;
      }
    };
    const envelope: Record<string, string> = {};
    for (const { name, check } of this.envelope) {
      const result = check(Object.hasOwn(event, name) ? event[name] : undefined);
      if ('text' in result) envelope[name] = result.text;
      else consider(result);
    }
    const { record, lostDigits } = rowAsCsvRecord(event, this.columns);
    consider(lostDigits);
    consider(this.checkRow(record));
    if (worst !== undefined) return rejected(worst.reason, worst.message);

    const output: Record<string, string> = envelope;
    this.columns.forEach((column, c) => (output[column.name] = this.values[c]));
    return { accepted: true, eventId: envelope[this.spec.key], line: JSON.stringify(output) };
  }

  /** Runs the record through the RowValidator; on success `values` holds it normalized. */
  private checkRow(record: string): Rejection | undefined {
    this.rowRejection = undefined;
    this.acceptedChunks = [];
    this.scanner.push(Buffer.from(record));
    this.accepted.flush();
    if (this.rowRejection !== undefined) return this.rowRejection;
    this.splitter.push(
      this.acceptedChunks.length === 1 ? this.acceptedChunks[0] : Buffer.concat(this.acceptedChunks),
    );
    return undefined;
  }

  private check(record: CsvRecord): void {
    if (this.rows === undefined) {
      this.rows = new RowValidator(
        this.contract,
        this.rowSpec,
        bindHeader(this.rowSpec, record),
        this.maxRowBytes,
      );
      return;
    }
    this.rowRejection = this.rows.check(record, this.accepted);
    this.rows.flush(this.accepted); // the record's buffer is only valid during this callback
  }

  private split(record: CsvRecord): void {
    const values: string[] = [];
    for (let f = 0; f < record.fieldCount; f++) {
      values.push(decodeField(record.buf, record.fieldStart[f], record.fieldEnd[f], record.fieldFlags[f]));
    }
    this.values = values;
  }
}

function rejected(reason: ReasonCode, message: string): EventVerdict {
  return { accepted: false, reason, message };
}
