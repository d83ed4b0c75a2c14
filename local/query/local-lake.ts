/**
 * The local twin of the Athena lake workgroup: DuckDB, in memory, over the gold Parquet the
 * local pipeline wrote. Each gold table of the contract is a view named as in the Glue catalog,
 * with its partition column, so the contract's named lake queries run here unchanged.
 * Read-only: one SELECT per call, and nothing is written to the state folder.
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, StatementType } from '@duckdb/node-api';
import { goldTableLayout } from '../../contract/lake-layout';
import { Contract } from '../../contract';
import { LOCAL_BUCKETS } from '../pipeline/local-state';

/** A query the twin refuses or DuckDB rejects; the message says why. */
export class LakeQueryError extends Error {
  override readonly name = 'LakeQueryError';
}

export interface LakeColumn {
  readonly name: string;
  /** Integer, decimal or floating-point: printed as a number (exactly, as DuckDB renders it). */
  readonly numeric: boolean;
}

/** A value as DuckDB renders it for JSON: decimals and big integers are exact strings. */
export type LakeValue = string | number | boolean | null;

export interface LakeQueryResult {
  readonly columns: readonly LakeColumn[];
  readonly rows: readonly (readonly LakeValue[])[];
}

const NUMERIC_TYPES: ReadonlySet<DuckDBTypeId> = new Set([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

/** Where the local pipeline keeps a gold table's partitions, e.g. `<state>/lake/<curated>/gold/<table>/`. */
export function localGoldFolder(contract: Contract, stateDir: string, table: string): string {
  return path.join(stateDir, 'lake', LOCAL_BUCKETS.curated, goldTableLayout(contract, table).prefix);
}

export class LocalLake {
  /** Registers every gold table of `stateDir` as a view; fails when the pipeline has not run there. */
  static async open(contract: Contract, stateDir: string): Promise<LocalLake> {
    const missing = contract.tableNames.filter(
      (table) => !hasParquet(localGoldFolder(contract, stateDir, table)),
    );
    if (missing.length > 0) {
      throw new LakeQueryError(
        `no gold Parquet for ${missing.join(', ')} under ${path.join(stateDir, 'lake', LOCAL_BUCKETS.curated)}: ` +
          `run the local pipeline with --state ${stateDir} first`,
      );
    }
    // No extension downloads: everything the twin needs (Parquet) is built into the package.
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await instance.connect();
    for (const table of contract.tableNames) {
      const { partitionKey } = goldTableLayout(contract, table);
      const files = path.join(localGoldFolder(contract, stateDir, table), `${partitionKey}=*`, '*.parquet');
      // hive_partitioning turns the <key>=D folders into the partition column, as the catalog's partition key.
      await connection.run(
        `create view ${table} as select * from read_parquet(${sqlString(files)}, hive_partitioning = true, union_by_name = true)`,
      );
    }
    return new LocalLake(instance, connection);
  }

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Runs one SELECT and returns its columns and rows. */
  async query(sql: string): Promise<LakeQueryResult> {
    try {
      const statements = await this.connection.extractStatements(sql);
      if (statements.count !== 1) {
        throw new LakeQueryError(`give exactly one SQL statement (got ${statements.count})`);
      }
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        throw new LakeQueryError(
          `only SELECT runs on the lake twin, which is read-only (got ${StatementType[prepared.statementType]})`,
        );
      }
      const reader = await prepared.runAndReadAll();
      return {
        columns: reader.columnNames().map((name, index) => ({
          name,
          numeric: NUMERIC_TYPES.has(reader.columnTypes()[index].typeId),
        })),
        rows: reader.getRowsJson().map((row) => row.map(toLakeValue)),
      };
    } catch (error) {
      if (error instanceof LakeQueryError) throw error;
      throw new LakeQueryError(`query failed: ${(error as Error).message}`);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function hasParquet(tableFolder: string): boolean {
  try {
    return readdirSync(tableFolder).some(
      (partition) =>
        statSync(path.join(tableFolder, partition)).isDirectory() &&
        readdirSync(path.join(tableFolder, partition)).some((file) => file.endsWith('.parquet')),
    );
  } catch {
    return false;
  }
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Lists and structs (not in the gold tables, but a SELECT can build them) become JSON text. */
function toLakeValue(value: unknown): LakeValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as LakeValue;
  return JSON.stringify(value);
}
