import { statSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { formatResult, RESULT_FORMATS, ResultFormat } from '../../local/query/format-result';
import { LakeQueryError, LocalLake } from '../../local/query/local-lake';
import { Contract } from '../../contract';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';

/**
 * `query [--contract FILE] --state DIR (--sql "..." | --named NAME) [--format table|csv|json]`:
 * runs SQL on DuckDB over the gold Parquet the local pipeline wrote with that contract (default:
 * the sales example), with the Glue catalog's table names. Named queries are the contract's
 * lake queries, which the Athena workgroup saves. A rejected query exits 1.
 */
export const queryCommand: Command = {
  name: 'query',
  usage: '[--contract FILE] --state DIR (--sql "SELECT ..." | --named NAME) [--format table|csv|json]',
  async run(args, output) {
    const { contract, state, sql, format } = parseQueryArgs(args);
    let lake: LocalLake | undefined;
    try {
      lake = await LocalLake.open(contract, state);
      for (const line of formatResult(await lake.query(sql), format)) output.out(line);
      return 0;
    } catch (error) {
      if (!(error instanceof LakeQueryError)) throw error;
      output.err(error.message);
      return 1;
    } finally {
      lake?.close();
    }
  },
};

function parseQueryArgs(args: readonly string[]): {
  contract: Contract;
  state: string;
  sql: string;
  format: ResultFormat;
} {
  let values: { contract?: string; state?: string; sql?: string; named?: string; format?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        contract: { type: 'string' },
        state: { type: 'string' },
        sql: { type: 'string' },
        named: { type: 'string' },
        format: { type: 'string', default: 'table' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.state) throw new UsageError('--state is required');
  const state = path.resolve(values.state);
  if (!statSync(state, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`--state ${values.state} is not a folder`);
  }
  if ((values.sql === undefined) === (values.named === undefined)) {
    throw new UsageError('give exactly one of --sql and --named');
  }
  const format = values.format as ResultFormat;
  if (!RESULT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${RESULT_FORMATS.join(', ')} (got ${values.format})`);
  }
  const contract = contractOption(values.contract);
  return { contract, state, sql: values.sql ?? namedQuery(contract, values.named!), format };
}

function namedQuery(contract: Contract, name: string): string {
  const queries = contract.spec.lakeQueries;
  const query = queries.find((candidate) => candidate.name === name);
  if (!query) {
    const names = queries.map((q) => q.name).join(', ');
    throw new UsageError(
      names
        ? `--named must be one of ${names} (got ${name})`
        : `the contract has no lake queries to name (got ${name})`,
    );
  }
  return query.sql;
}
