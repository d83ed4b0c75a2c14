import { parseArgs } from 'node:util';
import { generateBatches, writeBatchFolders } from '../../local/sample-data';
import { Command, UsageError } from './command';

/**
 * `generate --out DIR --days N --sales-per-day N --seed N`: deterministic sample batches,
 * one `DIR/YYYY-MM-DD/` folder per day holding the four datasets' CSV files and, with
 * `--events-per-day`, the day's streamed sale events as `sales_events.ndjson`.
 */
export const generateCommand: Command = {
  name: 'generate',
  usage: '--out DIR --days N --sales-per-day N --seed N [--events-per-day N] [--start-date YYYY-MM-DD]',
  async run(args, output) {
    const options = parseGenerateArgs(args);
    const batches = generateBatches(options);
    await writeBatchFolders(options.out, batches);
    output.out(`${batches.length} batch(es) of ${options.salesPerDay} sales written to ${options.out}`);
    return 0;
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
        'sales-per-day': { type: 'string' },
        seed: { type: 'string' },
        'start-date': { type: 'string' },
        'events-per-day': { type: 'string' },
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
  if (!values.out) throw new UsageError('--out is required');
  const startDate = values['start-date'];
  if (startDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
    throw new UsageError(`--start-date must be YYYY-MM-DD (got ${startDate})`);
  }
  return {
    out: values.out,
    days: count('days', 1, 366),
    salesPerDay: count('sales-per-day', 1, 10_000_000),
    seed: count('seed', 0, 2 ** 32 - 1),
    eventsPerDay: values['events-per-day'] === undefined ? 0 : count('events-per-day', 0, 1_000_000),
    startDate,
  };
}
