/**
 * Step Functions task, after the quality gate: refreshes every mart. Input `{ batchDate }`
 * (the correlation id); output `{ batchDate, refreshed: [mart names] }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { parseBatchDate } from '../shared/warehouse/batch-input';
import { dataApiExecutorFromEnvironment } from '../shared/warehouse/environment';
import { refreshMarts } from '../shared/warehouse/refresh-marts';
import { readMarts } from '../shared/warehouse/sql-files';

const logger = new Logger({ serviceName: 'refresh-marts' });
const executor = dataApiExecutorFromEnvironment();
const marts = readMarts();

export interface RefreshMartsEvent {
  readonly batchDate: string;
}

export async function handler(event: RefreshMartsEvent): Promise<{ batchDate: string; refreshed: string[] }> {
  const batchDate = parseBatchDate(event?.batchDate);
  logger.setCorrelationId(batchDate);
  const refreshed = await refreshMarts(executor, marts);
  logger.info('marts refreshed', { refreshed });
  return { batchDate, refreshed };
}
