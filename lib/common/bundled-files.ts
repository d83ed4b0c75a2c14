/**
 * The files of a function's asset: its pre-bundled handler, the contract it was deployed with
 * (contract/deployed.ts reads `contract.json` next to the code) and anything else it reads at
 * run time. They are written once per distinct content to a folder named by its hash, so the
 * asset hash changes with the content and with nothing else (not with the install path).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Contract, DEPLOYED_CONTRACT_FILE } from '../../contract';
import { packageRoot } from './package-root';

/** Relative path inside the bundle → text. */
export type BundledFiles = Readonly<Record<string, string>>;

/** The deployable form of a contract, as the bundle carries it: `contract.json`, the normalized spec. */
export function contractFiles(contract: Contract): BundledFiles {
  return { [DEPLOYED_CONTRACT_FILE]: JSON.stringify(contract) };
}

const handlerBundles = new Map<string, BundledFiles>();

/**
 * `index.js` and `index.js.map` of a handler, as `npm run build` bundled them into
 * dist/handlers/<name>/ (read once per process).
 */
export function handlerBundleFiles(handlerName: string): BundledFiles {
  const cached = handlerBundles.get(handlerName);
  if (cached) return cached;
  const dir = path.join(packageRoot(), 'dist', 'handlers', handlerName);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(
      `no pre-bundled code for handler "${handlerName}" in ${dir}: run \`npm run build\` (the package ships it built)`,
    );
  }
  const files = folderFiles(dir, '');
  handlerBundles.set(handlerName, files);
  return files;
}

/** Every file of a folder of this package, e.g. `sql`, under the same relative path in the bundle. */
export function packageFolderFiles(folder: string): BundledFiles {
  return folderFiles(path.join(packageRoot(), folder), folder);
}

function folderFiles(dir: string, prefix: string): BundledFiles {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, folderFiles(path.join(dir, entry.name), name));
    else if (entry.isFile()) files[name] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
  }
  return files;
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
export function stageBundledFiles(files: BundledFiles): { readonly dir: string; readonly hash: string } {
  for (const name of Object.keys(files)) {
    if (path.isAbsolute(name) || path.normalize(name).startsWith('..'))
      throw new Error(`bundled file "${name}" must be a relative path inside the bundle`);
  }
  const hash = bundledFilesHash(files);
  const dir = path.join(os.tmpdir(), 'data-platform-bundled-files', hash);
  if (fs.existsSync(dir)) return { dir, hash };
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
  return { dir, hash };
}
