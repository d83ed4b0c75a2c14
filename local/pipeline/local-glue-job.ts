import { defaultContract } from '../../contract';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { dataQualityRulesetsArgument } from '../../contract/data-quality-rules';
import { LOCAL_BUCKETS, localUri } from './local-state';

const REPO = path.resolve(__dirname, '..', '..');
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');
const GLUE_SCRIPTS = path.join(REPO, 'glue-scripts');

/** The Glue job run failed; named like the error Step Functions reports for a failed `.sync` task. */
export class LocalGlueJobError extends Error {
  override readonly name = 'States.TaskFailed';
}

/**
 * Stand-in for `glue:startJobRun.sync`: runs the job's own entrypoint on local PySpark, with
 * the awsglue shim on the path and the Task's arguments, `s3://` roots mapped to the local lake.
 */
export async function runGlueJobLocally(
  args: Readonly<Record<string, string>>,
  lakeRoot: string,
): Promise<{ JobRunState: 'SUCCEEDED' }> {
  // The job's default arguments in AWS (StarSchemaJob): the raw zone of streamed events and the
  // data quality rulesets the job evaluates on its output.
  const defaults = {
    '--JOB_NAME': 'local',
    '--raw_root': `s3://${LOCAL_BUCKETS.raw}`,
    '--dq_rulesets': dataQualityRulesetsArgument(defaultContract()),
  };
  const argv = Object.entries({ ...defaults, ...args }).flatMap(([name, value]) => [
    name,
    localUri(value, lakeRoot),
  ]);
  const child = spawn(PYTHON, [path.join(GLUE_SCRIPTS, 'star_schema_job.py'), ...argv], {
    env: {
      ...process.env,
      PYTHONPATH: [GLUE_SCRIPTS, path.join(GLUE_SCRIPTS, 'glue_shim')].join(path.delimiter),
      PYARROW_IGNORE_TIMEZONE: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new LocalGlueJobError(`star-schema job exited with ${code}: ${lastLines(stderr, 8)}`);
  }
  return { JobRunState: 'SUCCEEDED' };
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join('\n');
}
