import { isUtf8 } from 'node:buffer';
import { Contract, DatasetSpec, ReasonCode } from '../../contract';
import { ByteWriter } from './byte-writer';
import {
  CompiledColumn,
  compileColumn,
  DEC_SCALE,
  KIND_DATE,
  KIND_DEC,
  KIND_EMAIL,
  KIND_INT,
} from './columns';
import { CsvRecord, decodeField, FIELD_ESCAPED } from './csv-scanner';
import { Fault, FAULT_CODE, faultMessage, reasonRanks, scanErrorMessage } from './faults';
import { HeaderBinding } from './header';
import { KeySet } from './key-set';
import { ABSENT, BIG, CompiledRule, compileRule, EXACT, RuleOperands } from './rules';
import {
  bigScaled,
  checkDate,
  DATE_NOT_A_DATE,
  DATE_OK,
  fractionDigits,
  readDec,
  readInt,
} from './value-checks';
import { COMMA, CR, LF, QUOTE, SPACE, TAB } from './ascii';

/** Why a row was rejected. */
export interface Rejection {
  readonly reason: ReasonCode;
  readonly message: string;
}

/**
 * Checks data rows against one dataset's contract (compiled once per file) and writes the
 * accepted ones normalized: values trimmed, columns in contract order, defaults filled in.
 * This is the hot path: it works on byte ranges and creates strings only for rejections,
 * emails and over-long numbers.
 */
export class RowValidator {
  /** Precedence: a row that breaks several checks gets the code listed first in the contract. */
  private readonly rank: Readonly<Record<ReasonCode, number>>;
  /** Past every code's rank: the row has no fault (yet). */
  private readonly noFault: number;
  private readonly email: RegExp;
  private readonly columns: readonly CompiledColumn[];
  private readonly rules: readonly CompiledRule[];
  private readonly keyColumn: number;
  /** Trimmed value range per contract column for the current row (empty when absent). */
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly value: Float64Array;
  private readonly state: Uint8Array;
  private readonly operands: RuleOperands;
  private record!: CsvRecord;
  /** A run of accepted rows that need no change: bytes [runStart, runEnd) of runBuf. */
  private runBuf: Buffer = Buffer.alloc(0);
  private runStart = 0;
  private runEnd = 0;

  constructor(
    contract: Contract,
    spec: DatasetSpec,
    private readonly binding: HeaderBinding,
    private readonly maxRowBytes: number,
    /** The keys accepted so far; rows add theirs. */
    readonly keys: KeySet = new KeySet(),
  ) {
    this.rank = reasonRanks(contract);
    this.noFault = contract.spec.reasonCodes.length;
    this.email = new RegExp(contract.spec.types.email.pattern ?? '');
    this.columns = spec.columns.map(compileColumn);
    this.rules = spec.rules.map((rule) => compileRule(rule, this.columns));
    this.keyColumn = this.columns.findIndex((column) => column.name === spec.key);
    this.start = new Int32Array(this.columns.length);
    this.end = new Int32Array(this.columns.length);
    this.value = new Float64Array(this.columns.length);
    this.state = new Uint8Array(this.columns.length);
    this.operands = { value: this.value, state: this.state, big: (column) => this.bigValue(column) };
  }

  /** Checks a data record; when it passes, appends it normalized to `accepted`. */
  check(r: CsvRecord, accepted: ByteWriter): Rejection | undefined {
    if (r.error !== undefined) {
      return { reason: 'MALFORMED_ROW', message: scanErrorMessage(r.error, this.maxRowBytes) };
    }
    if (r.fieldCount !== this.binding.fieldCount) {
      return {
        reason: 'MALFORMED_ROW',
        message: `expected ${this.binding.fieldCount} fields as in the header, got ${r.fieldCount}`,
      };
    }
    if (r.nonAscii && !isUtf8(r.buf.subarray(r.start, r.end))) return this.encodingRejection(r);

    this.record = r;
    const { columns, start, end, value, state } = this;
    const fieldOf = this.binding.fieldOf;
    const fieldStart = r.fieldStart;
    const fieldEnd = r.fieldEnd;
    const buf = r.buf;
    const rankOf = this.rank;
    const noFault = this.noFault;
    const invalidTypeRank = rankOf.INVALID_TYPE;
    let rank = noFault;
    let fault: Fault = 'MISSING';
    let faultColumn = -1;
    let untouched = true; // no value trimmed, no default filled in

    for (let c = 0; c < columns.length; c++) {
      const column = columns[c];
      const f = fieldOf[c];
      let s = 0;
      let e = 0;
      if (f >= 0) {
        s = fieldStart[f];
        e = fieldEnd[f];
        while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
        while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
        if (s !== fieldStart[f] || e !== fieldEnd[f]) untouched = false;
      }
      start[c] = s;
      end[c] = e;
      state[c] = ABSENT;

      let found: Fault | undefined;
      if (s === e) {
        if (column.required) {
          found = 'MISSING';
        } else if (column.defaultBytes.length) {
          untouched = false;
          if (column.defaultValue !== undefined) {
            value[c] = column.defaultValue;
            state[c] = EXACT;
          }
        }
      } else if (rank > invalidTypeRank) {
        switch (column.kind) {
          case KIND_INT:
          case KIND_DEC: {
            const v = column.kind === KIND_INT ? readInt(buf, s, e) : readDec(buf, s, e);
            if (v !== v) {
              found = column.kind === KIND_INT ? 'NOT_INT' : 'NOT_DEC'; // NaN: not a number of this type
              break;
            }
            value[c] = v;
            state[c] = Number.isSafeInteger(v) ? EXACT : BIG;
            if (v < column.minNumber || v > column.maxNumber || state[c] === BIG) found = this.boundsFault(c);
            if (
              found === undefined &&
              column.maxFraction < DEC_SCALE &&
              fractionDigits(buf, s, e) > column.maxFraction
            ) {
              found = 'TOO_MANY_DECIMALS';
            }
            break;
          }
          case KIND_DATE: {
            const date = checkDate(buf, s, e);
            if (date !== DATE_OK) found = date === DATE_NOT_A_DATE ? 'NOT_DATE' : 'NOT_CALENDAR_DATE';
            break;
          }
          case KIND_EMAIL:
            if (!this.email.test(decodeField(buf, s, e, r.fieldFlags[f]))) found = 'NOT_EMAIL';
            else if (this.storedBytes(c) > column.maxBytes) found = 'TOO_MANY_BYTES';
            break;
          default: // KIND_STRING: byte length only matters past the limit
            if (e - s > column.maxBytes && this.storedBytes(c) > column.maxBytes) found = 'TOO_MANY_BYTES';
        }
      }
      if (found !== undefined && rankOf[FAULT_CODE[found]] < rank) {
        rank = rankOf[FAULT_CODE[found]];
        fault = found;
        faultColumn = c;
      }
    }

    if (rank < noFault) {
      return {
        reason: FAULT_CODE[fault],
        message: faultMessage(fault, columns[faultColumn], this.text(faultColumn)),
      };
    }
    for (const rule of this.rules) {
      if (rule.violated(this.operands)) return { reason: rule.code, message: this.ruleMessage(rule) };
    }
    if (this.keyColumn >= 0 && !this.addKey(this.keyColumn)) {
      return {
        reason: 'DUPLICATE_KEY',
        message: `${columns[this.keyColumn].name} ${this.text(this.keyColumn)} repeats a key accepted earlier in the file`,
      };
    }
    this.write(accepted, untouched);
    return undefined;
  }

  /** Exact (BigInt) bounds check of an int or dec: the contract's bounds, then the storage type's. */
  private boundsFault(c: number): Fault | undefined {
    const column = this.columns[c];
    const big = this.bigValue(c);
    if (column.contractMin !== undefined && big < column.contractMin) return 'BELOW_MIN';
    if (column.contractMax !== undefined && big > column.contractMax) return 'ABOVE_MAX';
    if ((column.min !== undefined && big < column.min) || (column.max !== undefined && big > column.max)) {
      return 'DOES_NOT_FIT';
    }
    return undefined;
  }

  /** UTF-8 length of a value as it will be stored: doubled quotes count once. */
  private storedBytes(c: number): number {
    const r = this.record;
    const s = this.start[c];
    const e = this.end[c];
    if (!(r.fieldFlags[this.binding.fieldOf[c]] & FIELD_ESCAPED)) return e - s;
    let length = e - s;
    for (let i = s; i < e - 1; i++) {
      if (r.buf[i] === QUOTE) {
        length--;
        i++;
      }
    }
    return length;
  }

  /** Adds the row's key; false when an earlier accepted row has it. */
  private addKey(c: number): boolean {
    if (this.columns[c].kind !== KIND_INT) return this.keys.addText(this.text(c, Infinity));
    if (this.state[c] === EXACT) return this.keys.addNumber(this.value[c]);
    return this.keys.addText(this.bigValue(c).toString());
  }

  /**
   * Appends an accepted row. Rows whose bytes need no change are not copied one by one: a run
   * of consecutive such rows is copied at once (`flush`). Rows with the header's layout and no
   * quotes are copied with their trimmed or defaulted values spliced in; others value by value.
   */
  private write(out: ByteWriter, untouched: boolean): void {
    const r = this.record;
    const buf = r.buf;
    const lfFollows = buf[r.end] === LF;
    if (untouched && r.plain && this.binding.identity && lfFollows) {
      if (buf === this.runBuf && r.start === this.runEnd) {
        this.runEnd = r.end + 1;
        return;
      }
      this.flush(out);
      this.runBuf = buf;
      this.runStart = r.start;
      this.runEnd = r.end + 1;
      return;
    }
    this.flush(out);
    const { columns, start, end } = this;
    if (r.plain && this.binding.identity) {
      let copied = r.start;
      for (let c = 0; c < columns.length; c++) {
        const s = start[c];
        const e = end[c];
        const fieldStart = r.fieldStart[c];
        const fieldEnd = r.fieldEnd[c];
        if (s === fieldStart && e === fieldEnd && s !== e) continue;
        out.bytes(buf, copied, fieldStart);
        if (s === e) out.bytes(columns[c].defaultBytes, 0, columns[c].defaultBytes.length);
        else out.bytes(buf, s, e);
        copied = fieldEnd;
      }
      out.bytes(buf, copied, r.end);
      out.byte(LF);
      return;
    }
    const fieldOf = this.binding.fieldOf;
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) out.byte(COMMA);
      const s = start[c];
      const e = end[c];
      if (s === e) out.bytes(columns[c].defaultBytes, 0, columns[c].defaultBytes.length);
      else if (r.plain) out.bytes(buf, s, e);
      else writeField(out, buf, s, e, r.fieldFlags[fieldOf[c]]);
    }
    out.byte(LF);
  }

  /** Copies the pending run of unchanged rows. Call before the input buffer is let go. */
  flush(out: ByteWriter): void {
    if (this.runEnd > this.runStart) out.bytes(this.runBuf, this.runStart, this.runEnd);
    this.runStart = this.runEnd = 0;
  }

  private bigValue(c: number): bigint {
    const column = this.columns[c];
    if (this.start[c] === this.end[c]) return BigInt(column.defaultValue ?? 0);
    return bigScaled(this.text(c, Infinity), column.scale);
  }

  /** A column's trimmed value as text, cut for messages. */
  private text(c: number, limit = 64): string {
    const r = this.record;
    const f = this.binding.fieldOf[c];
    const text = f < 0 ? '' : decodeField(r.buf, this.start[c], this.end[c], r.fieldFlags[f]);
    return text.length > limit ? `${text.slice(0, limit)}...` : text;
  }

  private ruleMessage(rule: CompiledRule): string {
    const values = rule.columns.map(
      (c) => `${this.columns[c].name}=${this.text(c) || this.columns[c].defaultBytes}`,
    );
    return `${rule.name}: ${rule.message} (${values.join(', ')})`;
  }

  private encodingRejection(r: CsvRecord): Rejection {
    const fields = Math.min(r.fieldCount, r.fieldStart.length);
    for (let f = 0; f < fields; f++) {
      if (!isUtf8(r.buf.subarray(r.fieldStart[f], r.fieldEnd[f]))) {
        return {
          reason: 'ENCODING',
          message: `${this.binding.names[f] ?? `field ${f + 1}`} is not valid UTF-8`,
        };
      }
    }
    return { reason: 'ENCODING', message: 'row is not valid UTF-8' };
  }
}

/** Writes a value from a record that had quotes or stray CRs, quoting it only when it must. */
function writeField(out: ByteWriter, buf: Buffer, s: number, e: number, flags: number): void {
  if (flags & FIELD_ESCAPED) {
    out.byte(QUOTE); // the range still holds its doubled quotes
    out.bytes(buf, s, e);
    out.byte(QUOTE);
    return;
  }
  let special = false;
  for (let i = s; i < e && !special; i++) {
    const b = buf[i];
    special = b === COMMA || b === QUOTE || b === CR || b === LF;
  }
  if (!special) {
    out.bytes(buf, s, e);
    return;
  }
  out.byte(QUOTE);
  for (let i = s; i < e; i++) {
    if (buf[i] === QUOTE) out.byte(QUOTE);
    out.byte(buf[i]);
  }
  out.byte(QUOTE);
}
