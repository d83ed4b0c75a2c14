/**
 * Runs an ASL definition on aws-local-stepfunctions with a local handler for each Task state,
 * no waiting (Wait states and retry intervals are zeroed), and the execution's event log.
 */
import './promise-with-resolvers';
import { ExecutionError, StateMachine, StateMachineDefinition } from 'aws-local-stepfunctions';
import type { AslDefinition, AslState } from './asl-definition';

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
  const machine = new StateMachine(withAwsTaskTimeouts(definition) as unknown as StateMachineDefinition);
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

/**
 * AWS gives a Task without TimeoutSeconds 99,999,999 seconds; the interpreter gives it 60, which
 * fails a local Spark job on a busy machine with States.Timeout. Such Tasks get the longest
 * timeout a Node timer holds (2^31 - 1 ms), nested states included.
 */
const NODE_MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function withAwsTaskTimeouts<T extends Pick<AslDefinition, 'States'>>(definition: T): T {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => {
      const patched: Record<string, unknown> = { ...state };
      if (
        state.Type === 'Task' &&
        state.TimeoutSeconds === undefined &&
        state.TimeoutSecondsPath === undefined
      ) {
        patched.TimeoutSeconds = NODE_MAX_TIMEOUT_SECONDS;
      }
      if (Array.isArray(state.Branches)) {
        patched.Branches = (state.Branches as AslDefinition[]).map((branch) => withAwsTaskTimeouts(branch));
      }
      for (const key of ['ItemProcessor', 'Iterator'] as const) {
        if (state[key]) patched[key] = withAwsTaskTimeouts(state[key] as AslDefinition);
      }
      return [name, patched];
    }),
  );
  return { ...definition, States: states };
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
