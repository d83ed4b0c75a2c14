import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../../core/ports/object-store';

/** Suffix of in-progress writes; they are renamed into place when complete. */
const PARTIAL = /\.partial-[0-9a-f]{12}$/;

/**
 * ObjectStore on a local folder, for the CLI, the local pipeline and tests: each bucket is a
 * subfolder of `rootDir` and each key a relative file path. Writes go to a temporary file that
 * is renamed into place, so readers never see a partial object.
 */
export class LocalFolderObjectStore implements ObjectStore {
  constructor(readonly rootDir: string) {}

  async read(bucket: string, key: string): Promise<Readable> {
    const file = this.pathOf(bucket, key);
    const stream = createReadStream(file);
    await new Promise<void>((resolve, reject) => {
      stream
        .once('open', () => resolve())
        .once('error', (error) =>
          reject(new Error(`${bucket}/${key} does not exist in ${this.rootDir}`, { cause: error })),
        );
    });
    return stream;
  }

  async write(bucket: string, key: string, body: string | Buffer | Readable): Promise<void> {
    const file = this.pathOf(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
    try {
      if (body instanceof Readable)
        await pipeline(body, createWriteStream(partial, { highWaterMark: 1024 * 1024 }));
      else await writeFile(partial, body);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async list(bucket: string, prefix: string): Promise<string[]> {
    const root = this.pathOf(bucket, '');
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((entry) => entry.isFile() && !PARTIAL.test(entry.name))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  /** The file of an object; refuses names that would escape the root folder. */
  private pathOf(bucket: string, key: string): string {
    if (!bucket || bucket === '.' || bucket === '..' || /[\\/]/.test(bucket)) {
      throw new Error(`invalid bucket name "${bucket}": expected one folder name`);
    }
    if (key.split('/').some((segment) => segment === '..') || path.isAbsolute(key)) {
      throw new Error(`invalid object key "${key}": expected a relative path without ".."`);
    }
    return path.join(this.rootDir, bucket, key);
  }
}
