/**
 * ValidateCatalog task: input `{batchDate, datasets}` (the datasets with files in the batch),
 * output the check; SchemaDriftError when the crawled tables drifted from the contract.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import type { Context } from 'aws-lambda';
import { deployedContract } from '../contract/deployed';
import { CatalogCheck, checkCatalog } from '../core/orchestration/catalog-drift';
import { requiredEnv } from './environment';
import { readCatalogTables } from '../adapters/aws/glue-catalog';

const logger = new Logger();
const glue = new GlueClient({});
const contract = deployedContract();
const database = requiredEnv('VALIDATED_DATABASE');

export async function handler(
  event: { readonly batchDate?: string; readonly datasets?: unknown },
  context: Context,
): Promise<CatalogCheck> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  const datasets = event?.datasets;
  if (
    !Array.isArray(datasets) ||
    !datasets.every((name) => typeof name === 'string' && contract.isDataset(name))
  ) {
    throw new TypeError(
      `expected datasets: an array of contract dataset names (got ${JSON.stringify(datasets)})`,
    );
  }
  const check = checkCatalog(
    contract,
    database,
    await readCatalogTables(glue, database),
    datasets as string[],
  );
  logger.info('catalog matches the contract', { ...check });
  return check;
}
