/**
 * CheckCuratedOutput task: input `{batchDate, validation}` (the ValidateFiles results),
 * output the manifest's row counts; CuratedOutputError when the output is missing or empty.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { checkCuratedOutput, CuratedOutput } from '../shared/orchestration/curated-check';
import { requiredEnv } from '../shared/orchestration/environment';
import type { FileValidationResult } from '../shared/orchestration/validation-results';

const logger = new Logger();
const s3 = new S3Client({});
const curatedBucket = requiredEnv('CURATED_BUCKET');

/** The manifest's text; undefined for NoSuchKey (the role may list the prefix, so S3 says so). */
async function readManifest(bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body?.transformToString();
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

export async function handler(event: {
  readonly batchDate?: unknown;
  readonly validation?: readonly FileValidationResult[];
}): Promise<CuratedOutput> {
  logger.setCorrelationId(String(event?.batchDate));
  const output = await checkCuratedOutput(
    { batchDate: event?.batchDate, validation: event?.validation ?? [] },
    curatedBucket,
    readManifest,
  );
  logger.info('curated output checked', { ...output });
  return output;
}
