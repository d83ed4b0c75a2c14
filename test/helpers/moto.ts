import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** A moto server (any AWS service moto emulates: S3, Kinesis, ...) on 127.0.0.1. */
export interface MotoServer {
  /** e.g. http://127.0.0.1:41234 — pass it as the SDK client's `endpoint`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

const MOTO_SERVER = path.join(__dirname, '..', '..', '.venv', 'bin', 'moto_server');

/**
 * Starts the project's moto server (installed in .venv by `npm run setup`) on a free port and
 * waits until it answers. Use in beforeAll, and `stop()` in afterAll.
 */
export async function startMoto(options: { readonly timeoutMs?: number } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const stop = () => stopProcess(child);
  try {
    await waitUntilAnswering(endpoint, child, options.timeoutMs ?? 20_000);
  } catch (error) {
    await stop();
    throw new Error(`moto_server did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return { endpoint, stop };
}

/**
 * Sets dummy AWS credentials and region for SDK clients in tests, so nothing can reach a real
 * account; returns a function that restores the previous environment.
 */
export function useDummyAwsEnvironment(extra: Readonly<Record<string, string>> = {}): () => void {
  const values: Record<string, string> = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    ...extra,
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not allocate a port');
  return address.port;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      await (await fetch(`${endpoint}/moto-api/`)).arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer from ${endpoint} within ${timeoutMs} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
