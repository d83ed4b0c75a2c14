/**
 * Turns the Parquet part files of one local folder (a gold partition written by Spark) into CSV
 * files for PostgreSQL's COPY, with DuckDB: it decodes Parquet natively, on every core, and
 * writes decimals exactly. A million-row fact thus loads in a few COPY calls, without a value
 * passing through JavaScript (decoding it in JavaScript took most of the local load).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface ParquetCsv {
  /** Column names in file order. */
  readonly columns: readonly string[];
  /**
   * RFC 4180 CSV files without a header, in no particular order: NULL is an unquoted empty
   * field, and every text value is quoted (so an empty string is `""`, as COPY reads it).
   */
  readonly files: readonly string[];
}

/** Bytes per CSV file: bounds what one COPY call holds in memory while keeping the calls few. */
const CSV_FILE_BYTES = '32MB';

/** The folder's `*.parquet` files in name order; Spark's `_SUCCESS` and `.crc` files are skipped. */
export async function parquetFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => []);
  return names
    .filter((name) => name.endsWith('.parquet'))
    .sort()
    .map((name) => join(folder, name));
}

/**
 * One in-memory DuckDB, opened on first use and closed with its owner; each conversion has a
 * connection of its own, as the tables of a batch load in parallel.
 */
export class ParquetCsvConverter {
  private instance?: Promise<DuckDBInstance>;

  /** Writes the rows of `files` (Parquet files of one schema) as CSV files into the empty folder `outDir`. */
  async convert(files: readonly string[], outDir: string): Promise<ParquetCsv> {
    // No extension downloads: Parquet and CSV are built into the package.
    this.instance ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await (await this.instance).connect();
    try {
      return await convertWith(connection, files, outDir);
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    const instance = await this.instance;
    this.instance = undefined;
    instance?.closeSync();
  }
}

async function convertWith(
  connection: DuckDBConnection,
  files: readonly string[],
  outDir: string,
): Promise<ParquetCsv> {
  // The files' own columns only, as Redshift's COPY reads them: DuckDB would otherwise add the
  // `batch_date=D` of the folder name as a column.
  const source = `read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false)`;
  const described = (await connection.runAndReadAll(`describe select * from ${source}`)).getRowObjects();
  const columns = described.map((row) => String(row.column_name));
  const text = described
    .filter((row) => /^VARCHAR/.test(String(row.column_type)))
    .map((row) => sqlIdentifier(String(row.column_name)));
  const quoted = text.length === 0 ? '' : `, force_quote (${text.join(', ')})`;
  await connection.run(
    `copy (select * from ${source}) to ${sqlString(outDir)} ` +
      `(format csv, header false, file_size_bytes '${CSV_FILE_BYTES}', overwrite_or_ignore true${quoted})`,
  );
  const written = (await readdir(outDir)).filter((name) => name.endsWith('.csv'));
  return { columns, files: written.map((name) => join(outDir, name)) };
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
