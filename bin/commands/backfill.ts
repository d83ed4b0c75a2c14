import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { parseArgs } from 'node:util';
import { stackOutput } from '../../adapters/aws/stack-outputs';
import { backfillPortsWith } from '../../adapters/aws/step-functions';
import { InvalidBatchDateError } from '../../core/orchestration/batch-date';
import {
  backfillDates,
  backfillExecutionName,
  BackfillRangeError,
  runBackfill,
} from '../../core/orchestration/backfill';
import { platformStackName, STATE_MACHINE_ARN_OUTPUT } from '../../lib/config/deployment-names';
import type { EnvironmentName } from '../../lib/config/environment-config';
import { ENVIRONMENTS } from '../../lib/config/environments';
import { Command, UsageError } from './command';

/**
 * `backfill --from DATE --to DATE [--env NAME] [--run LABEL] [--poll-seconds N] [--endpoint URL]`:
 * runs the deployed pipeline (the state machine ARN from the environment stack's output) for
 * each date of the range, in order, one at a time, and reports each. Execution names
 * (`backfill-<run>-<date>`, run default `<from>_<to>`) make a repeated backfill a no-op for the
 * dates it started; a new `--run` re-runs them. Exits 0 when every date succeeded, 1 at the first
 * that did not (later dates are not started: they build on it).
 */
export const backfillCommand: Command = {
  name: 'backfill',
  usage:
    '--from YYYY-MM-DD --to YYYY-MM-DD [--env dev|staging|prod] [--run LABEL] [--poll-seconds N] [--endpoint URL]',
  async run(args, output) {
    const options = parseBackfillArgs(args);
    const config = ENVIRONMENTS[options.env];
    // Local emulators (moto) speak HTTP/1.1; the clients otherwise keep their defaults.
    const clientConfig = {
      ...(config.region ? { region: config.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint, requestHandler: new NodeHttpHandler() } : {}),
    };
    const cloudFormation = new CloudFormationClient(clientConfig);
    const stepFunctions = new SFNClient(clientConfig);
    try {
      const stateMachineArn = await stackOutput(
        cloudFormation,
        platformStackName(config),
        STATE_MACHINE_ARN_OUTPUT,
      );
      output.out(`backfill ${options.from} to ${options.to} on ${stateMachineArn}`);
      const results = await runBackfill(options.dates, options.run, {
        ...backfillPortsWith(stepFunctions, stateMachineArn, { pollMillis: options.pollSeconds * 1000 }),
        report: (line) => output.out(line),
      });
      const succeeded = results.filter((result) => result.status === 'SUCCEEDED').length;
      output.out(`${succeeded} of ${options.dates.length} date(s) succeeded`);
      return succeeded === options.dates.length ? 0 : 1;
    } finally {
      cloudFormation.destroy();
      stepFunctions.destroy();
    }
  },
};

function parseBackfillArgs(args: readonly string[]) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        env: { type: 'string' },
        run: { type: 'string' },
        'poll-seconds': { type: 'string' },
        endpoint: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { from, to, endpoint } = values;
  if (!from || !to) throw new UsageError('--from and --to are required');
  const env = values.env ?? 'dev';
  if (!Object.hasOwn(ENVIRONMENTS, env))
    throw new UsageError(`--env must be one of ${Object.keys(ENVIRONMENTS).join(', ')} (got "${env}")`);
  const pollSeconds = Number(values['poll-seconds'] ?? 15);
  if (!(pollSeconds > 0 && pollSeconds <= 300))
    throw new UsageError(
      `--poll-seconds must be a number of seconds from 0 to 300 (got "${values['poll-seconds']}")`,
    );
  if (endpoint !== undefined && !URL.canParse(endpoint))
    throw new UsageError(`--endpoint is not a URL: ${endpoint}`);
  try {
    const dates = backfillDates(from, to);
    const run = values.run ?? `${from}_${to}`;
    backfillExecutionName(run, from); // a bad label is a usage error before anything starts
    return { from, to, dates, run, env: env as EnvironmentName, pollSeconds, endpoint };
  } catch (error) {
    if (error instanceof BackfillRangeError || error instanceof InvalidBatchDateError)
      throw new UsageError(error.message.replace(/^batchDate/, 'a date'));
    throw error;
  }
}
