import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { BatchInputError } from '../../local/pipeline/batch-folders';
import { BreakingContractChangeError } from '../../contract';
import { BatchFailedError, runLocalPipeline } from '../../local/pipeline/run-local-pipeline';
import { Command, UsageError } from './command';
import { contractOption } from './contract-option';

/**
 * `pipeline:local [--contract FILE] --input DIR --out DIR [--state DIR] [--from DATE] [--to DATE]`:
 * runs the platform on this machine with the given contract (default: the sales example) and
 * writes OUT/kpis.json; --from/--to run only the batches of that range (a replay into --state).
 * Exits 1 naming the batch, step and reason when a batch fails, or listing each breaking change
 * when the contract is one the warehouse in --state may not evolve to (before anything is written).
 */
export const pipelineLocalCommand: Command = {
  name: 'pipeline:local',
  usage: '[--contract FILE] --input DIR --out DIR [--state DIR] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  async run(args, output) {
    const { contract, input, out, state, from, to } = parsePipelineArgs(args);
    try {
      const result = await runLocalPipeline({
        contract: contractOption(contract),
        input,
        out,
        state,
        from,
        to,
        log: (line) => output.err(line),
      });
      output.out(`${result.batches.length} batch(es) loaded; KPIs in ${path.join(out, 'kpis.json')}`);
      return 0;
    } catch (error) {
      if (error instanceof BatchInputError) throw new UsageError(error.message);
      // A failed batch, or a contract the warehouse refuses: the message says it all.
      if (!(error instanceof BatchFailedError || error instanceof BreakingContractChangeError)) throw error;
      output.err(error.message);
      return 1;
    }
  },
};

function parsePipelineArgs(args: readonly string[]) {
  let values: {
    contract?: string;
    input?: string;
    out?: string;
    state?: string;
    from?: string;
    to?: string;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        contract: { type: 'string' },
        input: { type: 'string' },
        out: { type: 'string' },
        state: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.input || !values.out) throw new UsageError('--input and --out are required');
  return {
    contract: values.contract,
    input: path.resolve(values.input),
    out: path.resolve(values.out),
    state: values.state && path.resolve(values.state),
    from: values.from,
    to: values.to,
  };
}
