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

/** One in-memory DuckDB, opened on first use and closed with its owner. */
export class ParquetCsvConverter {
  private connection?: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }>;

  /** Writes the rows of `files` (Parquet files of one schema) as CSV files into the empty folder `outDir`. */
  async convert(files: readonly string[], outDir: string): Promise<ParquetCsv> {
    const { connection } = await (this.connection ??= open());
    // The files' own columns only, as Redshift's COPY reads them: DuckDB would otherwise add the
    // `batch_date=D` of the folder name as a column.
    const source = `read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false)`;
    const described = (await connection.runAndReadAll(`describe select * from ${source}`)).getRowObjects();
    const columns = described.map((row) => String(row.column_name));
    const text = described
      .filter((row) => /^VARCHAR/.test(String(row.column_type)))
      .map((row) => row.column_name);
    const quoted =
      text.length === 0
        ? ''
        : `, force_quote (${text.map((name) => sqlIdentifier(String(name))).join(', ')})`;
    await connection.run(
      `copy (select * from ${source}) to ${sqlString(outDir)} ` +
        `(format csv, header false, file_size_bytes '${CSV_FILE_BYTES}', overwrite_or_ignore true${quoted})`,
    );
    return {
      columns,
      files: (await readdir(outDir))
        .filter((name) => name.endsWith('.csv'))
        .map((name) => join(outDir, name)),
    };
  }

  async close(): Promise<void> {
    const opened = await this.connection;
    this.connection = undefined;
    opened?.connection.closeSync();
    opened?.instance.closeSync();
  }
}

async function open(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  // No extension downloads: Parquet and CSV are built into the package.
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  return { instance, connection: await instance.connect() };
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
