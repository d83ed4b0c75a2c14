/**
 * The warehouse's Step Functions tasks, independent of where they run: the Lambda handlers
 * bind them to the Data API and S3, the local pipeline to PGlite and a folder.
 */
import { Contract } from '../../contract';
import { parseBatchDate, parseStarTables } from './batch-input';
import { loadTables } from './load-plan';
import { parseManifest } from './manifest';
import { assertQualityPassed, QualityReport, runQualityChecks } from './quality-checks';
import { MartsRefreshed, refreshMarts } from './refresh-marts';
import { ObjectStore, readObjectText } from '../ports/object-store';
import { SqlExecutor } from './sql-executor';

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

/** Loads one batch's gold Parquet of the named tables, each table in one transaction. */
export async function loadWarehouseTask(
  executor: SqlExecutor,
  contract: Contract,
  curatedBucket: string,
  event: LoadWarehouseEvent,
  loadedAt = new Date(),
): Promise<LoadWarehouseResult> {
  const batchDate = parseBatchDate(event?.batchDate);
  const loaded = await loadTables(executor, contract, {
    tables: parseStarTables(contract, event),
    batchDate,
    curatedBucket,
    loadedAt,
  });
  return {
    batchDate,
    rowCounts: Object.fromEntries(loaded.map(({ table, stagedRows }) => [table, stagedRows])),
  };
}

/**
 * The quality gate of one batch, reconciled against its Glue manifest; throws
 * QualityCheckFailedError (catchable by name) when any check finds offending rows.
 */
export async function qualityChecksTask(
  executor: SqlExecutor,
  store: ObjectStore,
  contract: Contract,
  curatedBucket: string,
  event: { readonly batchDate: string },
): Promise<QualityReport & { readonly batchDate: string }> {
  const batchDate = parseBatchDate(event?.batchDate);
  const manifest = parseManifest(
    contract,
    await readObjectText(store, curatedBucket, contract.layoutPath('manifest', { date: batchDate })),
    batchDate,
  );
  const report = await runQualityChecks(executor, contract, manifest);
  assertQualityPassed(batchDate, report);
  return { batchDate, ...report };
}

/** Builds the contract's new or changed marts and refreshes the rest, after the quality gate. */
export async function refreshMartsTask(
  executor: SqlExecutor,
  contract: Contract,
  event: { readonly batchDate: string },
  builtAt = new Date(),
): Promise<MartsRefreshed & { readonly batchDate: string }> {
  const batchDate = parseBatchDate(event?.batchDate);
  return { batchDate, ...(await refreshMarts(executor, contract, builtAt)) };
}
