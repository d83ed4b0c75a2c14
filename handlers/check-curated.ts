/**
 * CheckCuratedOutput task: input `{batchDate, validation}` (the ValidateFiles results),
 * output the manifest's row counts; CuratedOutputError when the output is missing or empty.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { S3ObjectStore } from '../adapters/aws/s3-object-store';
import { deployedContract } from '../contract/deployed';
import { checkCuratedOutput, CuratedOutput } from '../core/orchestration/curated-check';
import type { FileValidationResult } from '../core/orchestration/validation-results';
import { requiredEnv } from './environment';

const logger = new Logger();
const store = new S3ObjectStore();
const contract = deployedContract();
const curatedBucket = requiredEnv('CURATED_BUCKET');

export async function handler(
  event: { readonly batchDate?: unknown; readonly validation?: readonly FileValidationResult[] },
  context: Context,
): Promise<CuratedOutput> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  const output = await checkCuratedOutput(contract, event, store, curatedBucket);
  logger.info('curated output checked', { ...output });
  return output;
}
