/**
 * Runs an ASL definition on aws-local-stepfunctions with a local handler for each Task state,
 * no waiting (Wait states and retry intervals are zeroed), and the execution's event log.
 */
import './promise-with-resolvers';
import { ExecutionError, StateMachine, StateMachineDefinition } from 'aws-local-stepfunctions';
import type { AslDefinition, AslState } from '../../lib/orchestration';

/** An entry of the interpreter's event log (the package does not export the type). */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A Task's stand-in: receives the Task's effective input (its Parameters), returns its result. */
export type LocalTaskHandler = (input: never) => unknown;

export interface LocalRunOptions {
  /** Handlers by Task state name (PIPELINE_STATES); a Task without one fails the run. */
  readonly handlers: Readonly<Record<string, LocalTaskHandler>>;
  /** `$$.Execution.Name`. @default 'local-run' */
  readonly executionName?: string;
  /** `$$.Execution.StartTime`. @default now */
  readonly startTime?: Date;
}

export interface LocalRunResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  /** Error and Cause of a failed run (as the ExecutionFailed event has them). */
  readonly error?: string;
  readonly cause?: string;
  /** Names of the states entered, in order, nested states included. */
  readonly path: readonly string[];
  readonly events: readonly EventLog[];
}

export async function runDefinitionLocally(
  definition: AslDefinition,
  input: unknown,
  options: LocalRunOptions,
): Promise<LocalRunResult> {
  const names = stateNames(definition);
  const zero = (predicate: (state: AslState) => boolean) =>
    Object.fromEntries(names.filter(([, state]) => predicate(state)).map(([name]) => [name, 0]));
  const taskNames = names.filter(([, state]) => state.Type === 'Task').map(([name]) => name);
  const missing = (name: string) => () => {
    throw new Error(`no local handler for Task state ${name}`);
  };
  const handlers = Object.fromEntries(
    taskNames.map((name) => [name, (options.handlers[name] ?? missing(name)) as (input: unknown) => unknown]),
  );
  const machine = new StateMachine(definition as unknown as StateMachineDefinition);
  const execution = machine.run(input as never, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      waitTimeOverrides: zero((state) => state.Type === 'Wait'),
      retryIntervalOverrides: zero((state) => Array.isArray(state.Retry)),
    },
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:local:${options.executionName ?? 'local-run'}`,
        Name: options.executionName ?? 'local-run',
        Input: input as never,
        StartTime: (options.startTime ?? new Date()).toISOString(),
      },
    },
  });
  const events: EventLog[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();
  let output: unknown;
  let failure: unknown;
  try {
    output = await execution.result;
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    failure = error;
  }
  await collecting;
  const path = events.flatMap((event) => (event.type === 'StateEntered' ? [event.state.name] : []));
  if (failure === undefined) return { status: 'SUCCEEDED', output, path, events };
  const failed = events.find((event) => event.type === 'ExecutionFailed');
  return {
    status: 'FAILED',
    error: failed?.Error,
    cause: typeof failed?.Cause === 'string' ? failed.Cause : JSON.stringify(failed?.Cause),
    path,
    events,
  };
}

/** Every state with its name, inside Map item processors and Parallel branches too. */
function stateNames(definition: Pick<AslDefinition, 'States'>): [string, AslState][] {
  return Object.entries(definition.States).flatMap(([name, state]): [string, AslState][] => {
    const nested = [
      ...((state.Branches as AslDefinition[] | undefined) ?? []),
      ...[state.ItemProcessor ?? state.Iterator]
        .filter(Boolean)
        .map((processor) => processor as AslDefinition),
    ];
    return [[name, state], ...nested.flatMap(stateNames)];
  });
}
