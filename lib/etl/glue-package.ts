/**
 * Stages the star_schema Python package for Glue's --extra-py-files: the package plus the
 * contract's normalized JSON as star_schema/contract.json, so the job reads the contract it was
 * deployed with. The asset hash covers file contents and names only, so synths stay byte-identical.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Contract } from '../../contract';
import { packageRoot } from '../common/package-root';

// From the package root, so the paths hold in the repository and in an installed package alike.
const GLUE_SCRIPTS = path.join(packageRoot(), 'glue-scripts');
export const JOB_SCRIPT = path.join(GLUE_SCRIPTS, 'star_schema_job.py');
const PACKAGE = 'star_schema';

/** Staged folders by the hash of the contract JSON they hold. */
const staged = new Map<string, string>();

/**
 * A folder holding `star_schema/` (sources only) and `star_schema/contract.json` (the normalized
 * contract); staged once per process and distinct contract.
 */
export function stagedModulesDir(contract: Contract): string {
  const json = JSON.stringify(contract);
  const key = createHash('sha256').update(json).digest('hex');
  const existing = staged.get(key);
  if (existing && fs.existsSync(existing)) return existing;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'star-schema-modules-'));
  fs.cpSync(path.join(GLUE_SCRIPTS, PACKAGE), path.join(dir, PACKAGE), {
    recursive: true,
    filter: (source) => !/(__pycache__|\.pyc)$/.test(source),
  });
  fs.writeFileSync(path.join(dir, PACKAGE, 'contract.json'), json);
  staged.set(key, dir);
  return dir;
}
