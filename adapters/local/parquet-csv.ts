/**
 * Reads the Parquet part files of one local folder (a gold partition written by Spark) and
 * yields them as CSV chunks for PostgreSQL's COPY, so a million-row fact loads in a few
 * COPY calls rather than a million INSERTs.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';

export interface ParquetCsvChunk {
  /** Column names in file order. */
  readonly columns: readonly string[];
  /** RFC 4180 CSV without a header; NULL is an unquoted empty field. */
  readonly csv: string;
}

/** Rows per chunk: bounds memory while keeping COPY calls few. */
const CHUNK_ROWS = 100_000;

/** The folder's `*.parquet` files in name order; Spark's `_SUCCESS` and `.crc` files are skipped. */
export async function parquetFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => []);
  return names
    .filter((name) => name.endsWith('.parquet'))
    .sort()
    .map((name) => join(folder, name));
}

export async function* parquetCsvChunks(file: string): AsyncGenerator<ParquetCsvChunk> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  const rowCount = Number(metadata.num_rows);
  for (let rowStart = 0; rowStart < rowCount; rowStart += CHUNK_ROWS) {
    let rows: unknown[][] = [];
    await parquetRead({
      file: buffer,
      metadata,
      rowStart,
      rowEnd: Math.min(rowStart + CHUNK_ROWS, rowCount),
      // Dates stay YYYY-MM-DD text, as COPY wants them, instead of becoming JS Dates.
      parsers: { dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10) },
      onComplete: (chunk: unknown[][]) => (rows = chunk),
    });
    yield { columns, csv: rows.map((row) => row.map(csvField).join(',')).join('\n') };
  }
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  throw new Error(`cannot load a ${typeof value} Parquet value into the local warehouse`);
}
