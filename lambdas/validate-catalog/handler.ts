/**
 * ValidateCatalog task: input `{batchDate, datasets}` (the datasets with files in the batch),
 * output the check; SchemaDriftError when the crawled tables drifted from the contract.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GlueClient } from '@aws-sdk/client-glue';
import { DatasetName, isDatasetName } from '../../lib/contracts';
import { CatalogCheck, checkCatalog } from '../shared/orchestration/catalog-drift';
import { requiredEnv } from '../shared/orchestration/environment';
import { readCatalogTables } from './glue-catalog';

const logger = new Logger();
const glue = new GlueClient({});
const database = requiredEnv('VALIDATED_DATABASE');

export async function handler(event: {
  readonly batchDate?: string;
  readonly datasets?: unknown;
}): Promise<CatalogCheck> {
  logger.setCorrelationId(String(event?.batchDate));
  const datasets = event?.datasets;
  if (
    !Array.isArray(datasets) ||
    !datasets.every((name) => typeof name === 'string' && isDatasetName(name))
  ) {
    throw new TypeError(
      `expected datasets: an array of contract dataset names (got ${JSON.stringify(datasets)})`,
    );
  }
  const check = checkCatalog(database, await readCatalogTables(glue, database), datasets as DatasetName[]);
  logger.info('catalog matches the contract', { ...check });
  return check;
}
