import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { Contract } from '../../contract';
import { dataQualityRulesetsArgument } from '../../contract/data-quality-rules';
import { LOCAL_BUCKETS, localUri } from './local-state';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const GLUE_SCRIPTS = path.join(REPO, 'glue-scripts');
/** How long close() waits for Spark to stop before it kills the process. */
const CLOSE_TIMEOUT_MS = 30_000;

/** The Glue job run failed; named like the error Step Functions reports for a failed `.sync` task. */
export class LocalGlueJobError extends Error {
  override readonly name = 'States.TaskFailed';
}

export interface LocalGlueJobProps {
  /** The contract the job runs with: the job reads its normalized JSON (`--contract_path`). */
  readonly contract: Contract;
  /** The local lake's folder: `s3://<bucket>` arguments are mapped to folders under it. */
  readonly lakeRoot: string;
}

/** One line of glue-scripts/local_job_server.py's answers. */
type JobResponse = { readonly ok: true } | { readonly ok: false; readonly error: string };

interface PendingRun {
  resolve(response: JobResponse): void;
  reject(error: Error): void;
}

/**
 * Stand-in for `glue:startJobRun.sync`: the job's own entrypoint on local PySpark, with the
 * awsglue shim on the path and the Task's arguments (`s3://` roots mapped to the local lake).
 *
 * Starting Python and a Spark JVM costs more than a small batch, so one process
 * (glue-scripts/local_job_server.py) with one SparkSession serves every run until `close()`.
 * It starts on `warmUp()` or the first run, runs one batch at a time, and a run that fails leaves it serving
 * the next; if it dies, the run in flight fails with its stderr, and the next run starts anew.
 */
export class LocalGlueJob {
  /** Where the job reads the contract's normalized JSON, until `close()` removes it. */
  readonly contractPath: string;
  private readonly defaults: Readonly<Record<string, string>>;
  private readonly workDir: string;
  private child?: ChildProcessWithoutNullStreams;
  private pending?: PendingRun;
  private stderr = '';
  /** The runs so far, chained, so they reach the process one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly props: LocalGlueJobProps) {
    this.workDir = mkdtempSync(path.join(tmpdir(), 'local-glue-job-'));
    this.contractPath = path.join(this.workDir, 'contract.json');
    writeFileSync(this.contractPath, JSON.stringify(props.contract));
    // The job's default arguments in AWS (StarSchemaJob): the raw zone of streamed events, the
    // data quality rulesets the job evaluates on its output; and the contract Glue finds packaged.
    this.defaults = {
      '--JOB_NAME': 'local',
      '--raw_root': `s3://${LOCAL_BUCKETS.raw}`,
      '--dq_rulesets': dataQualityRulesetsArgument(props.contract),
      '--contract_path': this.contractPath,
    };
  }

  /** The job process's id while it runs, for diagnostics. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts the job process, and with it Spark, without waiting for it: the JVM's start then
   * overlaps whatever the caller does before the first run. A no-op once the process runs.
   */
  warmUp(): void {
    if (!this.closed) this.child ??= this.start();
  }

  /** Runs the job with a Task's `Arguments`, after any run already started has finished. */
  run(args: Readonly<Record<string, string>>): Promise<{ JobRunState: 'SUCCEEDED' }> {
    if (this.closed)
      return Promise.reject(new Error('LocalGlueJob is closed: create another to run the job'));
    const run = this.queue.then(() => this.runNow(args));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for the runs started so far, stops Spark and the process, and removes the contract copy. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    const child = this.child;
    if (child) {
      const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.stdin.end(); // end of input: the server stops Spark and exits
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async runNow(args: Readonly<Record<string, string>>): Promise<{ JobRunState: 'SUCCEEDED' }> {
    const request = Object.fromEntries(
      Object.entries({ ...this.defaults, ...args }).map(([name, value]) => [
        name,
        localUri(value, this.props.lakeRoot),
      ]),
    );
    const child = this.child ?? this.start();
    const response = await new Promise<JobResponse>((resolve, reject) => {
      this.pending = { resolve, reject };
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    if (!response.ok) throw new LocalGlueJobError(`star-schema job failed: ${response.error}`);
    return { JobRunState: 'SUCCEEDED' };
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(PYTHON, [path.join(GLUE_SCRIPTS, 'local_job_server.py')], {
      env: {
        ...process.env,
        PYTHONPATH: [GLUE_SCRIPTS, path.join(GLUE_SCRIPTS, 'glue_shim')].join(path.delimiter),
        PYARROW_IGNORE_TIMEZONE: '1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) =>
      this.settle((run) => run.resolve(parseResponse(line))),
    );
    child.stdin.on('error', () => undefined); // a dead process: reported by 'close' below
    const failed = (reason: string) => {
      if (this.child === child) this.child = undefined;
      this.settle((run) =>
        run.reject(new LocalGlueJobError(`star-schema job ${reason}: ${lastLines(this.stderr, 8)}`)),
      );
    };
    child.on('error', (error) => failed(`could not start (${error.message})`));
    child.on('close', (code, signal) => failed(`process exited with ${signal ?? code}`));
    this.child = child;
    return child;
  }

  private settle(action: (run: PendingRun) => void): void {
    const run = this.pending;
    this.pending = undefined;
    if (run) action(run);
  }
}

function parseResponse(line: string): JobResponse {
  try {
    return JSON.parse(line) as JobResponse;
  } catch {
    return { ok: false, error: `unexpected output from the job process: ${line.slice(0, 200)}` };
  }
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
