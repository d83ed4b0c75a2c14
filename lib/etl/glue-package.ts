/**
 * Stages the star_schema Python package for Glue's --extra-py-files: the package plus
 * contract.json inside it, so the job reads the same contract as the rest of the platform.
 * The asset hash covers file contents and names only, so synths stay byte-identical.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const GLUE_SCRIPTS = path.join(__dirname, '..', '..', 'glue-scripts');
export const JOB_SCRIPT = path.join(GLUE_SCRIPTS, 'star_schema_job.py');
const PACKAGE = 'star_schema';
const CONTRACT = path.join(__dirname, '..', '..', 'examples', 'sales', 'contract.json');

let staged: string | undefined;

/** A folder holding `star_schema/` (sources only) and `star_schema/contract.json`; staged once per process. */
export function stagedModulesDir(): string {
  if (staged && fs.existsSync(staged)) return staged;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'star-schema-modules-'));
  fs.cpSync(path.join(GLUE_SCRIPTS, PACKAGE), path.join(dir, PACKAGE), {
    recursive: true,
    filter: (source) => !/(__pycache__|\.pyc)$/.test(source),
  });
  fs.copyFileSync(CONTRACT, path.join(dir, PACKAGE, 'contract.json'));
  staged = dir;
  return dir;
}
