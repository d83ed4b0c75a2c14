/** Where a command prints: injectable so tests can run commands in-process. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** What the process running the CLI offers its commands. */
export interface CliRuntime {
  /**
   * The compiled worker thread that `validate` starts for a large file. Absent when the
   * commands run in-process from TypeScript sources (tests): one pass then.
   */
  readonly workerScript?: string;
}

/** One `cli <name>` command. It returns the process exit code. */
export interface Command {
  readonly name: string;
  /** One line: the command's arguments, shown in usage messages. */
  readonly usage: string;
  run(args: readonly string[], output: CliOutput, runtime: CliRuntime): Promise<number>;
}

/**
 * Bad arguments: the CLI prints the message on one line and exits with code 2. `usage`
 * replaces the command's usage line when the arguments change it (e.g. another contract's datasets).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

export const EXIT_USAGE = 2;
