/**
 * The contract the warehouse runs, recorded in public.contract_versions by every migration that
 * changes it: a revision number, the contract's version, when, and its normalized JSON in
 * chunks (sql/contract_versions/create_table.sql says why chunks). A deployment, or the local
 * pipeline, reads it back to diff the next contract against it before it writes anything.
 */
import { Contract, ContractSpec } from '../../contract';
import { readSqlFile } from '../../contract/sql-files';
import { SqlExecutor, SqlStatement } from './sql-executor';
import { parameter, renderSql, sqlTimestamp } from './sql-template';

/** Characters per chunk; the JSON is ASCII, so also bytes (see create_table.sql). */
export const CONTRACT_CHUNK_CHARS = 32_000;

export interface RecordedContract {
  /** 1 for the first contract the warehouse ran, then one more per change. */
  readonly revision: number;
  readonly contract: Contract;
}

/** Whether `schema.table` exists; reads the catalog only, so it is safe before any write. */
export async function tableExists(executor: SqlExecutor, schema: string, table: string): Promise<boolean> {
  const [row] = await executor.query<{ tables_found: unknown }>({
    sql: renderSql(readSqlFile('schema_migrations/table_exists.sql').sql, {
      schema_name: parameter('schema_name'),
      table_name: parameter('table_name'),
    }),
    parameters: { schema_name: schema, table_name: table },
  });
  return Number(row?.tables_found ?? 0) > 0;
}

/** The newest recorded contract and its revision, or undefined on a warehouse that has none. Reads only. */
export async function latestRecordedContract(executor: SqlExecutor): Promise<RecordedContract | undefined> {
  if (!(await tableExists(executor, 'public', 'contract_versions'))) return undefined;
  const rows = await executor.query<{ revision: unknown; chunk_index: unknown; spec_chunk: string }>({
    sql: readSqlFile('contract_versions/select_latest.sql').sql,
  });
  if (rows.length === 0) return undefined;
  const revision = Number(rows[0].revision);
  if (rows.some((row, index) => Number(row.chunk_index) !== index))
    throw new Error(`contract_versions revision ${revision} is missing chunks; restore it from a snapshot`);
  const spec = JSON.parse(rows.map((row) => row.spec_chunk).join('')) as ContractSpec;
  // It was checked when it was recorded, as the deployed contract was at synth.
  return { revision, contract: Contract.fromSpec(spec) };
}

/** The contract the warehouse runs, or undefined on a new warehouse. Reads only. */
export async function recordedContract(executor: SqlExecutor): Promise<Contract | undefined> {
  return (await latestRecordedContract(executor))?.contract;
}

/** The contract's normalized JSON with every non-ASCII character \u-escaped: as many bytes as characters. */
export function asciiJson(contract: Contract): string {
  return JSON.stringify(contract).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The INSERTs that record `contract` as `revision`, for the transaction that completes a migration. */
export function recordContractStatements(
  contract: Contract,
  revision: number,
  appliedAt: Date,
): SqlStatement[] {
  const json = asciiJson(contract);
  const template = readSqlFile('contract_versions/record.sql').sql;
  const statements: SqlStatement[] = [];
  for (let index = 0; index * CONTRACT_CHUNK_CHARS < json.length; index++) {
    // A transaction shares one parameter list (the Data API batch), so each chunk names its own.
    const chunk = `spec_chunk_${index}`;
    statements.push({
      sql: renderSql(template, {
        revision: parameter('revision'),
        version: parameter('contract_version'),
        applied_at: parameter('applied_at'),
        chunk_index: parameter(`chunk_index_${index}`),
        spec_chunk: parameter(chunk),
      }),
      parameters: {
        revision: String(revision),
        contract_version: contract.version,
        applied_at: sqlTimestamp(appliedAt),
        [`chunk_index_${index}`]: String(index),
        [chunk]: json.slice(index * CONTRACT_CHUNK_CHARS, (index + 1) * CONTRACT_CHUNK_CHARS),
      },
    });
  }
  return statements;
}
