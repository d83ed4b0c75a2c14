/**
 * Files a function bundle carries beside its handler: the contract it was deployed with
 * (contract/deployed.ts reads `contract.json` next to the code) and anything else generated at
 * synth. They are written once per distinct content to a folder named by its hash, so the
 * bundling command, the asset cache key and the bundle's output hash all change with the
 * content and with nothing else.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Contract, DEPLOYED_CONTRACT_FILE } from '../../contract';

/** Relative path inside the bundle → text. */
export type BundledFiles = Readonly<Record<string, string>>;

/** The deployable form of a contract, as the bundle carries it: `contract.json`, the normalized spec. */
export function contractFiles(contract: Contract): BundledFiles {
  return { [DEPLOYED_CONTRACT_FILE]: JSON.stringify(contract) };
}

/** A hash of the files (paths and contents), stable across processes and checkouts. */
export function bundledFilesHash(files: BundledFiles): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest('hex');
}

/**
 * A folder holding `files`, under the system temp folder, named by their hash. Writing is
 * atomic (a rename), so concurrent synths of the same content cannot see half a folder.
 */
export function stageBundledFiles(files: BundledFiles): string {
  for (const name of Object.keys(files)) {
    if (path.isAbsolute(name) || path.normalize(name).startsWith('..'))
      throw new Error(`bundled file "${name}" must be a relative path inside the bundle`);
  }
  const dir = path.join(os.tmpdir(), 'data-platform-bundled-files', bundledFilesHash(files));
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const partial = fs.mkdtempSync(`${dir}.partial-`);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(partial, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(partial, name), text);
  }
  try {
    fs.renameSync(partial, dir);
  } catch (error) {
    // Another process staged the same content first: its folder is identical.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error;
  }
  return dir;
}
