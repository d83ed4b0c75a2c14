import { parseArgs } from 'node:util';
import {
  generateBatches,
  generateContractBatches,
  SampleDataError,
  writeBatchFolders,
} from '../../local/sample-data';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';

/**
 * `generate --out DIR --days N --seed N ...`: deterministic sample batches, one `DIR/YYYY-MM-DD/`
 * folder per day, as `pipeline:local --input` reads them.
 * - `--sales-per-day N`: the sales example's own data (its four datasets' CSV files and, with
 *   `--events-per-day`, the day's sale events).
 * - `--contract FILE --rows-per-day N`: data for any contract: `--rows-per-day` fact rows per
 *   dataset, dimensions' datasets starting with `--members` members, broken rows of every
 *   reason that applies and, with `--events-per-day`, each contract event's NDJSON file.
 * Exits 1 when the contract's bounds or rules leave no valid data to make.
 */
export const generateCommand: Command = {
  name: 'generate',
  usage:
    '--out DIR --days N --seed N [--start-date YYYY-MM-DD] [--events-per-day N] ' +
    '(--sales-per-day N | --contract FILE --rows-per-day N [--members N])',
  async run(args, output) {
    const options = parseGenerateArgs(args);
    if (options.contract === undefined) {
      const batches = generateBatches({ ...options, salesPerDay: options.salesPerDay! });
      await writeBatchFolders(options.out, batches);
      output.out(`${batches.length} batch(es) of ${options.salesPerDay} sales written to ${options.out}`);
      return 0;
    }
    const contract = contractOption(options.contract);
    try {
      const batches = generateContractBatches(contract, { ...options, rowsPerDay: options.rowsPerDay! });
      await writeBatchFolders(options.out, batches);
      output.out(
        `${batches.length} batch(es) of contract ${contract.version} (${contract.datasetNames.join(', ')}) written to ${options.out}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof SampleDataError)) throw error;
      output.err(`cannot generate data for ${options.contract}: ${error.message}`);
      return 1;
    }
  },
};

function parseGenerateArgs(args: readonly string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        out: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        'start-date': { type: 'string' },
        'events-per-day': { type: 'string' },
        'sales-per-day': { type: 'string' },
        contract: { type: 'string' },
        'rows-per-day': { type: 'string' },
        members: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = (name: string, min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(
        `--${name} must be an integer from ${min} to ${max} (got ${values[name] ?? 'nothing'})`,
      );
    }
    return value;
  };
  const optional = (name: string, min: number, max: number) =>
    values[name] === undefined ? undefined : count(name, min, max);
  if (!values.out) throw new UsageError('--out is required');
  const startDate = values['start-date'];
  if (startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
    throw new UsageError(`--start-date must be YYYY-MM-DD (got ${startDate})`);
  }
  const contract = values.contract;
  if (contract === undefined && (values['rows-per-day'] !== undefined || values.members !== undefined))
    throw new UsageError('--rows-per-day and --members go with --contract');
  if (contract !== undefined && values['sales-per-day'] !== undefined)
    throw new UsageError('--sales-per-day is for the sales example; with --contract, give --rows-per-day');
  return {
    out: values.out,
    days: count('days', 1, 366),
    seed: count('seed', 0, 2 ** 32 - 1),
    startDate,
    eventsPerDay: optional('events-per-day', 0, 1_000_000) ?? 0,
    contract,
    salesPerDay: contract === undefined ? count('sales-per-day', 1, 10_000_000) : undefined,
    rowsPerDay: contract === undefined ? undefined : count('rows-per-day', 1, 10_000_000),
    members: optional('members', 1, 10_000_000),
  };
}
