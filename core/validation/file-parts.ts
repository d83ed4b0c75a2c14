/**
 * Validating one file as two parts, e.g. on two threads, with the same outputs as in one pass.
 * The file is split at a line terminator after its middle; the second part is read with the
 * file's header in front, its rejected lines are renumbered, and its rows that repeat a key the
 * first part accepted become DUPLICATE_KEY. The split is only a guess until the first part's
 * scanner confirms that it ends between records: a quote the scanner reads as literal text
 * (`ab"c`) can make the guess fall inside a quoted field, and then the caller validates the
 * file in one pass instead.
 */
import { CR, LF, QUOTE } from './ascii';
import { CsvScanner } from './csv-scanner';
import { KeySetData } from './key-set';
import { ValidationTally } from './report';
import { streamThroughValidator, ValidateStreamOptions } from './validate-bytes';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Where the second part starts. */
export interface SplitPoint {
  /** Byte offset of the second part's first byte, just after a line terminator. */
  readonly offset: number;
  /** Line terminators (LF) before `offset`: the physical lines of the first part. */
  readonly linesBefore: number;
}

/**
 * The first LF at or after `middle` with an even number of quotes before it (RFC 4180: outside
 * any quoted field), given the file's bytes in order from its start; undefined if there is none.
 */
export function findSplit(chunks: Iterable<Buffer>, middle: number): SplitPoint | undefined {
  let offset = 0;
  let quotes = 0;
  let lines = 0;
  for (const chunk of chunks) {
    const tail = Math.min(chunk.length, Math.max(0, middle - offset));
    quotes += countByte(chunk, QUOTE, 0, tail);
    lines += countByte(chunk, LF, 0, tail);
    for (let from = tail; from < chunk.length;) {
      const lf = chunk.indexOf(LF, from);
      quotes += countByte(chunk, QUOTE, from, lf === -1 ? chunk.length : lf);
      if (lf === -1) break;
      lines++;
      if (quotes % 2 === 0) return { offset: offset + lf + 1, linesBefore: lines };
      from = lf + 1;
    }
    offset += chunk.length;
  }
  return undefined;
}

/** The file's first bytes through the header record's line terminator (a BOM, empty lines included). */
export interface HeaderExtent {
  readonly length: number;
  /** Line terminators (LF) in those bytes. */
  readonly lines: number;
}

/** The header's extent, or undefined when `head` holds no complete, readable header record. */
export function headerExtent(head: Buffer, maxRowBytes: number): HeaderExtent | undefined {
  const bom = head.subarray(0, BOM.length).equals(BOM) ? BOM.length : 0;
  let length: number | undefined;
  let seen = false;
  const scanner = new CsvScanner(
    (record) => {
      if (seen || (record.end === record.start && record.error === undefined)) return;
      seen = true;
      const lf = record.buf[record.end] === CR ? record.end + 1 : record.end;
      if (record.error === undefined && record.buf[lf] === LF) length = bom + lf + 1;
    },
    { maxRowBytes },
  );
  scanner.push(head);
  return length === undefined ? undefined : { length, lines: countByte(head, LF, 0, length) };
}

/** What validating one part of a file found; plain data, so it can cross threads. */
export interface PartOutcome {
  readonly tally: ValidationTally;
  /** The keys of the part's accepted rows. */
  readonly keys: KeySetData;
  /** The part ended between records: the split was a true record boundary. */
  readonly atRecordStart: boolean;
}

/** Validates one part of a file into the two writables (left open). */
export async function validatePart(options: ValidateStreamOptions): Promise<PartOutcome> {
  const validator = await streamThroughValidator(options);
  const atRecordStart = validator.atRecordStart;
  return { tally: validator.endPart(), keys: validator.acceptedKeys.data(), atRecordStart };
}

/** Occurrences of `byte` in buf[from, to); the search never looks past `to`. */
function countByte(buf: Buffer, byte: number, from: number, to: number): number {
  const range = buf.subarray(from, to);
  let count = 0;
  for (let at = range.indexOf(byte); at !== -1; at = range.indexOf(byte, at + 1)) count++;
  return count;
}
