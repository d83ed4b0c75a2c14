/**
 * Step Functions task: loads one batch's gold Parquet into the warehouse.
 * Input `{ batchDate, table }` or `{ batchDate, tables }`; output `{ batchDate, rowCounts }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { deployedContract } from '../contract';
import { METRICS } from '../contract/metrics';
import { LoadWarehouseEvent, LoadWarehouseResult, loadWarehouseTask } from '../core/warehouse/tasks';
import { requiredEnv } from './environment';
import { dataApiExecutorFromEnvironment } from './warehouse-environment';

export type { LoadWarehouseEvent, LoadWarehouseResult } from '../core/warehouse/tasks';

const logger = new Logger();
const metrics = new Metrics();
const executor = dataApiExecutorFromEnvironment();
const contract = deployedContract();
const curatedBucket = requiredEnv('CURATED_BUCKET');

export async function handler(event: LoadWarehouseEvent, context: Context): Promise<LoadWarehouseResult> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  try {
    const result = await loadWarehouseTask(executor, contract, curatedBucket, event);
    const rows = Object.values(result.rowCounts).reduce((a, b) => a + b, 0);
    metrics.addMetric(METRICS.loadWarehouse.rowsLoaded, MetricUnit.Count, rows);
    logger.info('batch loaded into the warehouse', { rowCounts: result.rowCounts });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}
