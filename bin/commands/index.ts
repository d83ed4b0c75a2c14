import { ContractError } from '../../contract';
import { CliOutput, Command, EXIT_USAGE, UsageError } from './command';
import { backfillCommand } from './backfill';
import { contractCommand } from './contract';
import { generateCommand } from './generate';
import { pipelineLocalCommand } from './pipeline-local';
import { produceCommand } from './produce';
import { queryCommand } from './query';
import { reviewCommand } from './review';
import { validateCommand } from './validate';

/** The CLI's commands. To add one, write `bin/commands/<name>.ts` exporting a `Command` and list it here. */
const COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(
  [
    validateCommand,
    contractCommand,
    generateCommand,
    pipelineLocalCommand,
    produceCommand,
    queryCommand,
    reviewCommand,
    backfillCommand,
  ].map((command) => [command.name, command]),
);

/**
 * Runs `cli <command> [args]` and returns the exit code: usage errors exit 2 with one line, an
 * invalid contract file exits 1 with one line per problem.
 */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const known = Object.keys(COMMANDS).join('|');
    output.err(`usage: cli <${known}> [options]${name === undefined ? '' : ` (unknown command "${name}")`}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, output);
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
