/**
 * Step Functions task: loads one batch's gold Parquet into the warehouse.
 * Input `{ batchDate, table }` or `{ batchDate, tables }`; output `{ batchDate, rowCounts }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { dataApiExecutorFromEnvironment, requiredEnv } from '../shared/warehouse/environment';
import { LoadWarehouseEvent, LoadWarehouseResult, loadWarehouseTask } from '../shared/warehouse/tasks';

export type { LoadWarehouseEvent, LoadWarehouseResult } from '../shared/warehouse/tasks';

const logger = new Logger({ serviceName: 'load-warehouse' });
const metrics = new Metrics({ namespace: 'DataPlatform', serviceName: 'load-warehouse' });
const executor = dataApiExecutorFromEnvironment();
const curatedBucket = requiredEnv('CURATED_BUCKET');

export async function handler(event: LoadWarehouseEvent): Promise<LoadWarehouseResult> {
  logger.setCorrelationId(String(event?.batchDate));
  try {
    const result = await loadWarehouseTask(executor, curatedBucket, event);
    const rows = Object.values(result.rowCounts).reduce((a, b) => a + b, 0);
    metrics.addMetric('WarehouseRowsLoaded', MetricUnit.Count, rows);
    logger.info('batch loaded into the warehouse', { rowCounts: result.rowCounts });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}
