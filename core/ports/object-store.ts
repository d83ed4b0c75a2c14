import { Readable } from 'node:stream';

/**
 * Where the pipeline reads and writes objects: S3 in AWS (`S3ObjectStore`), a folder locally
 * (`LocalFolderObjectStore`), so the same core code runs in both.
 */
export interface ObjectStore {
  /** Streams an object; rejects when it does not exist. */
  read(bucket: string, key: string): Promise<Readable>;
  /**
   * Writes (or overwrites) an object. A Readable body is streamed, and the object appears only
   * if the body ends cleanly: when the body is destroyed with an error, nothing is written and
   * the promise rejects with that error.
   */
  write(bucket: string, key: string, body: string | Buffer | Readable, contentType?: string): Promise<void>;
  /** Keys under `prefix`, sorted. */
  list(bucket: string, prefix: string): Promise<string[]>;
}

/** Where an object is: bucket and key. */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * An object's text, or undefined when there is none: the store is listed at the key first, so
 * a missing object is an answer rather than an error of whichever kind the store raises.
 */
export async function readObjectTextIfExists(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  return (await store.list(bucket, key)).includes(key) ? readObjectText(store, bucket, key) : undefined;
}

/** An object's whole content as UTF-8 text, for small objects such as reports and manifests. */
export async function readObjectText(store: ObjectStore, bucket: string, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.read(bucket, key)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
