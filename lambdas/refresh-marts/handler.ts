/**
 * Step Functions task, after the quality gate: builds new or changed marts and refreshes the
 * rest, as the marts' owner. Input `{ batchDate }` (the correlation id); output
 * `{ batchDate, built: [mart names], refreshed: [mart names] }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dataApiExecutorFromEnvironment } from '../shared/warehouse/environment';
import { readMarts } from '../shared/warehouse/sql-files';
import { refreshMartsTask } from '../shared/warehouse/tasks';

const logger = new Logger({ serviceName: 'refresh-marts' });
const executor = dataApiExecutorFromEnvironment();
const marts = readMarts();

export async function handler(event: { readonly batchDate: string }) {
  logger.setCorrelationId(String(event?.batchDate));
  const result = await refreshMartsTask(executor, marts, event);
  logger.info('marts built and refreshed', { built: result.built, refreshed: result.refreshed });
  return result;
}
