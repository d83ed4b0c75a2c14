import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { BackfillPorts, ExecutionOutcome } from '../../core/orchestration/backfill';
import type { StartExecution } from '../../core/orchestration/start-batch';

/**
 * A StartExecution bound to one state machine. Execution names are unique per state machine,
 * so `ExecutionAlreadyExists` means this batch date already has its run: already handled.
 */
export function startExecutionWith(client: SFNClient, stateMachineArn: string): StartExecution {
  return async (name, input) => {
    try {
      await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return 'STARTED';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return 'ALREADY_HANDLED';
      throw error;
    }
  };
}

/** An execution's ARN: its state machine's ARN with `execution` for `stateMachine`, then its name. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':');
  if (parts.length !== 7 || parts[5] !== 'stateMachine')
    throw new Error(`not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), 'execution', parts[6], name].join(':');
}

export interface BackfillClientOptions {
  /** Between two DescribeExecution calls. @default 15 seconds */
  readonly pollMillis?: number;
  /** @default setTimeout */
  readonly sleep?: (millis: number) => Promise<void>;
}

const TERMINAL: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** Backfill's start and wait, on one state machine through the Step Functions API. */
export function backfillPortsWith(
  client: SFNClient,
  stateMachineArn: string,
  options: BackfillClientOptions = {},
): Pick<BackfillPorts, 'start' | 'waitFor'> {
  const pollMillis = options.pollMillis ?? 15_000;
  const sleep = options.sleep ?? ((millis) => new Promise((resolve) => setTimeout(resolve, millis)));
  const describe = (name: string) =>
    client.send(new DescribeExecutionCommand({ executionArn: executionArnOf(stateMachineArn, name) }));
  return {
    async start(name, input) {
      try {
        await describe(name);
        return false; // this backfill started it before
      } catch (error) {
        if (!(error instanceof ExecutionDoesNotExist)) throw error;
      }
      return (await startExecutionWith(client, stateMachineArn)(name, input)) === 'STARTED';
    },
    async waitFor(name) {
      for (;;) {
        const execution = await describe(name);
        if (TERMINAL.has(execution.status ?? ''))
          return {
            status: execution.status as ExecutionOutcome['status'],
            error: execution.error,
            cause: execution.cause,
          };
        await sleep(pollMillis);
      }
    },
  };
}
