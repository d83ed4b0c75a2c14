/**
 * Step Functions task: loads one batch's gold Parquet into the warehouse.
 * Input `{ batchDate, table }` or `{ batchDate, tables }`; output `{ batchDate, rowCounts }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { parseBatchDate, parseStarTables } from '../shared/warehouse/batch-input';
import { dataApiExecutorFromEnvironment, requiredEnv } from '../shared/warehouse/environment';
import { loadTables } from '../shared/warehouse/load-plan';

const logger = new Logger({ serviceName: 'load-warehouse' });
const metrics = new Metrics({ namespace: 'DataPlatform', serviceName: 'load-warehouse' });
const executor = dataApiExecutorFromEnvironment();
const curatedBucket = requiredEnv('CURATED_BUCKET');

export interface LoadWarehouseEvent {
  readonly batchDate: string;
  readonly table?: string;
  readonly tables?: readonly string[];
}

export interface LoadWarehouseResult {
  readonly batchDate: string;
  /** Rows staged (and merged) per table. */
  readonly rowCounts: Readonly<Record<string, number>>;
}

export async function handler(event: LoadWarehouseEvent): Promise<LoadWarehouseResult> {
  const batchDate = parseBatchDate(event?.batchDate);
  const tables = parseStarTables(event);
  logger.setCorrelationId(batchDate);
  try {
    const loaded = await loadTables(executor, { tables, batchDate, curatedBucket, loadedAt: new Date() });
    const rowCounts = Object.fromEntries(loaded.map(({ table, stagedRows }) => [table, stagedRows]));
    metrics.addMetric(
      'WarehouseRowsLoaded',
      MetricUnit.Count,
      Object.values(rowCounts).reduce((a, b) => a + b, 0),
    );
    logger.info('batch loaded into the warehouse', { rowCounts });
    return { batchDate, rowCounts };
  } finally {
    metrics.publishStoredMetrics();
  }
}
