import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
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
