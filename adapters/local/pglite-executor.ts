/**
 * SqlExecutor over PGlite (PostgreSQL compiled to WebAssembly, in process): the warehouse
 * for the tests and the local pipeline. It runs the same Redshift SQL as production through
 * redshiftToPostgres, binds `:name` parameters positionally, and carries out COPY from S3 by
 * reading the Parquet files of the matching local folder: s3://<bucket>/<prefix> is
 * <objectRoot>/<bucket>/<prefix>, the layout of the local object store.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { PGlite, Transaction, types } from '@electric-sql/pglite';
import {
  SqlExecutor,
  SqlParameters,
  SqlRow,
  SqlStatement,
  StatementFailedError,
} from '../../core/warehouse/sql-executor';
import { ParquetCsvConverter, parquetFiles } from './parquet-csv';
import { redshiftToPostgres } from './redshift-to-postgres';

export interface PgliteExecutorOptions {
  /** Folder standing in for S3: `s3://bucket/key` is `<objectRoot>/bucket/key`. */
  readonly objectRoot: string;
  /** Where PGlite keeps its files. @default in memory */
  readonly dataDir?: string;
}

type Queryable = Pick<PGlite | Transaction, 'query'>;

export class PgliteExecutor implements SqlExecutor {
  /**
   * Starts an embedded PostgreSQL; dates and timestamps come back as text, as from the Data API.
   * Foreign keys stay declared but are not enforced, as in Redshift: the session runs as a
   * replica, which skips PostgreSQL's FK triggers. Orphans therefore reach the quality checks,
   * as they do in AWS, and a million-row fact MERGE is not held up by 4 million FK lookups.
   */
  static async create(options: PgliteExecutorOptions): Promise<PgliteExecutor> {
    return PgliteExecutor.open(options.objectRoot, { dataDir: options.dataDir });
  }

  private static async open(
    objectRoot: string,
    storage: { readonly dataDir?: string; readonly loadDataDir?: Blob | File },
  ): Promise<PgliteExecutor> {
    const db = await PGlite.create({
      ...storage,
      parsers: { [types.DATE]: (value) => value, [types.TIMESTAMP]: (value) => value },
    });
    await db.exec('set session_replication_role = replica');
    return new PgliteExecutor(db, objectRoot);
  }

  private readonly parquet = new ParquetCsvConverter();

  constructor(
    /** The database itself, for tests and tools that inspect it directly. */
    readonly db: PGlite,
    private readonly objectRoot: string,
  ) {}

  async runTransaction(statements: readonly SqlStatement[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const statement of statements) await this.run(tx, statement);
    });
  }

  async execute(statement: SqlStatement): Promise<void> {
    await this.run(this.db, statement);
  }

  async query<T extends SqlRow = SqlRow>(statement: SqlStatement): Promise<T[]> {
    return (await this.run(this.db, statement)) as T[];
  }

  /** An independent in-memory copy of this warehouse as it is now: tests prepare a state once and start each case from it. */
  async clone(): Promise<PgliteExecutor> {
    return PgliteExecutor.open(this.objectRoot, { loadDataDir: await this.db.dumpDataDir('none') });
  }

  async close(): Promise<void> {
    await this.parquet.close();
    await this.db.close();
  }

  private async run(target: Queryable, statement: SqlStatement): Promise<SqlRow[]> {
    const postgres = redshiftToPostgres(statement.sql);
    try {
      if (postgres.kind === 'copyParquet') {
        await this.copyParquet(target, postgres.table, postgres.s3Uri);
        return [];
      }
      const { sql, values } = toPositional(postgres.sql, statement.parameters ?? {});
      return (await target.query<SqlRow>(sql, values)).rows;
    } catch (error) {
      // The same error type as the Data API adapter, carrying PostgreSQL's message.
      throw new StatementFailedError(statement.sql, (error as Error).message);
    }
  }

  /** COPY <table> FROM 's3://...' FORMAT AS PARQUET, from the matching local folder. */
  private async copyParquet(target: Queryable, table: string, s3Uri: string): Promise<void> {
    const folder = this.localFolder(s3Uri);
    const files = await parquetFiles(folder);
    if (files.length === 0)
      throw new Error(`COPY found no Parquet files at ${s3Uri} (local folder ${folder})`);
    const expected = await this.columnsOf(target, table);
    const scratch = await mkdtemp(join(tmpdir(), 'pglite-copy-'));
    try {
      const csv = await this.parquet.convert(files, join(scratch, 'csv'));
      // Redshift maps Parquet columns by position; insist the names agree too.
      if (csv.columns.join(',') !== expected.join(',')) {
        throw new Error(
          `${folder} has columns (${csv.columns.join(', ')}); ${table} needs (${expected.join(', ')})`,
        );
      }
      for (const file of csv.files) {
        await target.query(`copy ${table} from '/dev/blob' with (format csv)`, [], {
          blob: new Blob([await readFile(file)]),
        });
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private localFolder(s3Uri: string): string {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(s3Uri);
    if (!match) throw new Error(`not an s3:// URI: ${s3Uri}`);
    const root = resolve(this.objectRoot);
    const folder = resolve(join(root, match[1], match[2]));
    if (!folder.startsWith(root + sep)) throw new Error(`${s3Uri} resolves outside ${root}`);
    return folder;
  }

  private async columnsOf(target: Queryable, qualifiedTable: string): Promise<string[]> {
    const [schema, table] = qualifiedTable.split('.');
    const { rows } = await target.query<{ column_name: string }>(
      'select column_name from information_schema.columns where table_schema = $1 and table_name = $2 ' +
        'order by ordinal_position',
      [schema, table],
    );
    return rows.map((row) => row.column_name);
  }
}

/**
 * `:name` placeholders to `$n`, skipping string literals, quoted identifiers, comments and
 * `::` casts. Like the Data API, every placeholder needs a value and every value a placeholder.
 */
export function toPositional(sql: string, parameters: SqlParameters): { sql: string; values: string[] } {
  const names: string[] = [];
  const positional = sql.replace(
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|::|:([a-z_][a-z0-9_]*)/gi,
    (token, name: string | undefined) => {
      if (name === undefined) return token;
      if (!(name in parameters)) throw new Error(`no value for parameter :${name}`);
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    },
  );
  const unused = Object.keys(parameters).filter((name) => !names.includes(name));
  if (unused.length > 0) throw new Error(`parameters without a placeholder: ${unused.join(', ')}`);
  return { sql: positional, values: names.map((name) => parameters[name]) };
}
