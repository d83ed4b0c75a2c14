import { ContractError } from '../../contract';
import { CliOutput, CliRuntime, Command, EXIT_USAGE, UsageError } from './command';

/**
 * The CLI's commands, each loaded when it runs: `validate` then starts without loading the CDK
 * (the local pipeline synthesizes the platform) or DuckDB and PGlite, which an installed package
 * only has when its user adds them. (`.js`: a dynamic import is an ES import, resolved by the
 * bundler, tsx and jest to the `.ts` file.) To add one, write `bin/commands/<name>.ts` exporting a
 * `Command` and list it here.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  contract: async () => (await import('./contract.js')).contractCommand,
  generate: async () => (await import('./generate.js')).generateCommand,
  'pipeline:local': async () => (await import('./pipeline-local.js')).pipelineLocalCommand,
  produce: async () => (await import('./produce.js')).produceCommand,
  query: async () => (await import('./query.js')).queryCommand,
  review: async () => (await import('./review.js')).reviewCommand,
  backfill: async () => (await import('./backfill.js')).backfillCommand,
};

/**
 * Runs `cli <command> [args]` and returns the exit code: usage errors exit 2 with one line, an
 * invalid contract file exits 1 with one line per problem.
 */
export async function runCli(
  argv: readonly string[],
  output: CliOutput,
  runtime: CliRuntime = {},
): Promise<number> {
  const [name, ...args] = argv;
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const known = Object.keys(COMMANDS).join('|');
    output.err(`usage: cli <${known}> [options]${name === undefined ? '' : ` (unknown command "${name}")`}`);
    return EXIT_USAGE;
  }
  const command = await load();
  try {
    return await command.run(args, output, runtime);
  } catch (error) {
    if (error instanceof ContractError) {
      for (const line of error.message.split('\n')) output.err(line);
      return 1;
    }
    if (!(error instanceof UsageError)) throw error;
    output.err(`usage: cli ${command.name} ${error.usage ?? command.usage} (${error.message})`);
    return EXIT_USAGE;
  }
}
