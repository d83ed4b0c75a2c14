/**
 * Reads the SQL files under sql/. The Lambda bundles copy sql/ next to the handler
 * (lib/warehouse/warehouse-function.ts), and the repository keeps it at its root, so the
 * folder is found by walking up from this module; WAREHOUSE_SQL_ROOT overrides both.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ContractSqlFile } from './spec';

export interface SqlFile {
  /** File name without `.sql`, e.g. `0003_create_customer_dim` or `mv_customer_value`. */
  readonly name: string;
  /** The statement, without its trailing semicolon (the Data API takes one statement). */
  readonly sql: string;
  /** SHA-256 of the file's bytes, recorded in schema_migrations. */
  readonly checksum: string;
}

let cachedRoot: string | undefined;

/** The sql/ folder: WAREHOUSE_SQL_ROOT, else the nearest `sql/migrations` above this module. */
export function sqlRoot(): string {
  if (process.env.WAREHOUSE_SQL_ROOT) return process.env.WAREHOUSE_SQL_ROOT;
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'sql', 'migrations'))) return (cachedRoot = join(dir, 'sql'));
    if (dirname(dir) === dir) throw new Error(`no sql/migrations folder above ${__dirname}`);
  }
}

/** One file, e.g. `readSqlFile('load/merge_into_presentation.sql')`. */
export function readSqlFile(relativePath: string): SqlFile {
  const text = readFileSync(join(sqlRoot(), relativePath), 'utf8');
  return {
    name: relativePath.replace(/^.*\//, '').replace(/\.sql$/, ''),
    sql: text.trim().replace(/;$/, ''),
    checksum: createHash('sha256').update(text).digest('hex'),
  };
}

/** The `.sql` files of one folder whose names start with `prefix`, in name order. */
export function readSqlFolder(folder: string, prefix: RegExp): SqlFile[] {
  return readdirSync(join(sqlRoot(), folder))
    .filter((file) => file.endsWith('.sql') && prefix.test(file))
    .sort()
    .map((file) => readSqlFile(`${folder}/${file}`));
}

/** Versioned migrations: `sql/migrations/NNNN_*.sql`, applied once each, in order. */
export const readMigrations = (): SqlFile[] => readSqlFolder('migrations', /^\d{4}_/);

/** A SQL file that travels inside a contract, with the checksum of its text. */
export function contractSqlFile(file: ContractSqlFile): SqlFile {
  return { ...file, checksum: createHash('sha256').update(file.sql).digest('hex') };
}

/**
 * Streaming migrations: `sql/streaming/NNNN_*.sql`, numbered in the same sequence as
 * sql/migrations and applied after them, on AWS only and only when a stream is wired in
 * (they read Kinesis, which the local PostgreSQL cannot).
 */
export const readStreamingMigrations = (): SqlFile[] => readSqlFolder('streaming', /^\d{4}_/);

/**
 * Access migrations: `sql/access/NNNN_*.sql`, the database roles of the warehouse Lambdas and
 * their grants, in the same sequence; on AWS only (Redshift's role grammar has no PostgreSQL
 * twin, and the local warehouse runs every task as one user).
 */
export const readAccessMigrations = (): SqlFile[] => readSqlFolder('access', /^\d{4}_/);
