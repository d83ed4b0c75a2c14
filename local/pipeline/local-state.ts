import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalFolderObjectStore } from '../../adapters/local/folder-object-store';

/** Bucket names of the local lake; each is a folder under `<state>/lake/`. */
export const LOCAL_BUCKETS = {
  raw: 'local-raw',
  curated: 'local-curated',
  quarantine: 'local-quarantine',
} as const;

/** Where the local lake, warehouse and catalog live between runs (`--state`). */
export interface LocalState {
  readonly root: string;
  /** Stands in for S3: `s3://bucket/key` is `<lakeRoot>/bucket/key`. */
  readonly lakeRoot: string;
  /** PGlite's data directory: the local warehouse. */
  readonly warehouseDir: string;
  /** The local crawler's catalog: tables it found in the validated zone. */
  readonly catalogFile: string;
  readonly store: LocalFolderObjectStore;
}

export function localState(root: string): LocalState {
  const lakeRoot = path.join(root, 'lake');
  const warehouseDir = path.join(root, 'warehouse');
  for (const dir of [lakeRoot, warehouseDir]) mkdirSync(dir, { recursive: true });
  return {
    root,
    lakeRoot,
    warehouseDir,
    catalogFile: path.join(root, 'catalog.json'),
    store: new LocalFolderObjectStore(lakeRoot),
  };
}

/** `s3://bucket/key` as a `file://` URL in the local lake; other values are returned as they are. */
export function localUri(value: string, lakeRoot: string): string {
  const match = /^s3:\/\/([^/]+)(\/.*)?$/.exec(value);
  if (!match) return value;
  return pathToFileURL(path.join(lakeRoot, match[1], match[2] ?? '')).href.replace(/\/$/, '');
}
