/**
 * Step Functions task, after the quality gate: refreshes every mart. Input `{ batchDate }`
 * (the correlation id); output `{ batchDate, refreshed: [mart names] }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { dataApiExecutorFromEnvironment } from '../shared/warehouse/environment';
import { readMarts } from '../shared/warehouse/sql-files';
import { refreshMartsTask } from '../shared/warehouse/tasks';

const logger = new Logger({ serviceName: 'refresh-marts' });
const executor = dataApiExecutorFromEnvironment();
const marts = readMarts();

export async function handler(event: {
  readonly batchDate: string;
}): Promise<{ batchDate: string; refreshed: string[] }> {
  logger.setCorrelationId(String(event?.batchDate));
  const result = await refreshMartsTask(executor, marts, event);
  logger.info('marts refreshed', { refreshed: result.refreshed });
  return result;
}
