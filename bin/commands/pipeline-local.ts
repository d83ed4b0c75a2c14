import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BatchInputError } from '../../local/pipeline/batch-folders';
import { BatchFailedError, runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { Command, UsageError } from './command';

/**
 * `pipeline:local --input DIR --out DIR [--state DIR]`: runs the platform on this machine and
 * writes OUT/kpis.json. Exits 1 naming the batch, step and reason when a batch fails.
 */
export const pipelineLocalCommand: Command = {
  name: 'pipeline:local',
  usage: '--input DIR --out DIR [--state DIR]',
  async run(args, output) {
    const { input, out, state } = parsePipelineArgs(args);
    try {
      const result = await runLocalPipeline({ input, out, state, log: (line) => output.err(line) });
      output.out(`${result.batches.length} batch(es) loaded; KPIs in ${path.join(out, 'kpis.json')}`);
      return 0;
    } catch (error) {
      if (error instanceof BatchInputError) throw new UsageError(error.message);
      if (!(error instanceof BatchFailedError)) throw error;
      output.err(error.message);
      return 1;
    }
  },
};

function parsePipelineArgs(args: readonly string[]) {
  let values: { input?: string; out?: string; state?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { input: { type: 'string' }, out: { type: 'string' }, state: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.input || !values.out) throw new UsageError('--input and --out are required');
  return {
    input: path.resolve(values.input),
    out: path.resolve(values.out),
    state: values.state && path.resolve(values.state),
  };
}
