import { GetObjectCommand, NoSuchKey, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import type { ObjectStore } from '../../core/ports/object-store';

export interface S3ObjectStoreOptions {
  /** A client to reuse. @default a new S3Client from the environment */
  readonly client?: S3Client;
  /** Endpoint of an S3 stand-in such as moto; implies path-style addressing. @default AWS S3 */
  readonly endpoint?: string;
}

/** ObjectStore on S3. Streaming writes go through multipart upload (lib-storage). */
export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;

  constructor(options: S3ObjectStoreOptions = {}) {
    this.client =
      options.client ??
      new S3Client(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {});
  }

  async read(bucket: string, key: string): Promise<Readable> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return response.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey)
        throw new Error(`s3://${bucket}/${key} does not exist`, { cause: error });
      throw error;
    }
  }

  async write(
    bucket: string,
    key: string,
    body: string | Buffer | Readable,
    contentType?: string,
  ): Promise<void> {
    // Upload aborts its multipart upload when the body fails, so no partial object appears.
    await new Upload({
      client: this.client,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
    }).done();
  }

  async list(bucket: string, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2(
      { client: this.client },
      { Bucket: bucket, Prefix: prefix },
    )) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    }
    return keys.sort();
  }
}
