/**
 * Binds every Task state of the pipeline definition to the code AWS runs, over local
 * stand-ins: the lake is a folder, the warehouse is PGlite, Glue is local PySpark, and SNS is
 * a list. Only adapters live here; every rule is in the shared modules the Lambdas use.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Contract } from '../../contract';
import { loadDimensionStates, PIPELINE_STATES as S } from '../../lib/orchestration';
import { checkCatalog } from '../../core/orchestration/catalog-drift';
import { checkCuratedOutput } from '../../core/orchestration/curated-check';
import { planBatch } from '../../core/orchestration/plan-batch';
import { RunSummaryInput, summarizeRun } from '../../core/orchestration/run-summary';
import type { FileValidationResult } from '../../core/orchestration/validation-results';
import { validateRawObject } from '../../core/validation';
import { QualityCheckFailedError } from '../../core/warehouse/quality-checks';
import { SqlExecutor } from '../../core/warehouse/sql-executor';
import {
  LoadWarehouseEvent,
  loadWarehouseTask,
  qualityChecksTask,
  refreshMartsTask,
} from '../../core/warehouse/tasks';
import type { LocalTaskHandler } from '../orchestration/run-definition';
import { crawlValidatedZone } from './local-crawler';
import { LocalGlueJob } from './local-glue-job';
import { LOCAL_BUCKETS, LocalState } from './local-state';

/** What a run published and checked, for the run's outputs. */
export interface LocalRunRecord {
  readonly notifications: { readonly Subject?: string; readonly Message: string }[];
  quality?: unknown;
}

export function localTaskHandlers(
  contract: Contract,
  state: LocalState,
  warehouse: SqlExecutor,
  record: LocalRunRecord,
  glueJob: LocalGlueJob,
): Record<string, LocalTaskHandler> {
  const { store } = state;
  const load = (input: LoadWarehouseEvent) =>
    loadWarehouseTask(warehouse, contract, LOCAL_BUCKETS.curated, input);
  const publish = (input: { Subject?: string; Message: string }) => {
    record.notifications.push(input);
    return { MessageId: `local-${record.notifications.length}` };
  };
  return {
    [S.planBatch]: (input: { batchDate?: unknown }) =>
      planBatch(contract, input.batchDate, store, LOCAL_BUCKETS.raw),
    [S.validateFile]: (input: { bucket: string; key: string }) =>
      validateRawObject({
        contract,
        store,
        rawBucket: input.bucket,
        key: input.key,
        curatedBucket: LOCAL_BUCKETS.curated,
        quarantineBucket: LOCAL_BUCKETS.quarantine,
      }),
    // The local crawler finishes as it starts: GetCrawler then reports a completed crawl.
    [S.startCrawler]: async () => {
      const tables = await crawlValidatedZone(contract, store, LOCAL_BUCKETS.curated);
      await writeFile(state.catalogFile, JSON.stringify(tables, null, 2));
      return {};
    },
    [S.getCrawler]: () => ({ Crawler: { State: 'READY', LastCrawl: { Status: 'SUCCEEDED' } } }),
    // Reads what the crawler stand-in wrote, as the Lambda reads the Glue catalog.
    [S.validateCatalog]: async (input: { datasets: string[] }) =>
      checkCatalog(contract, 'local', JSON.parse(await readFile(state.catalogFile, 'utf8')), input.datasets),
    [S.runStarSchemaJob]: (input: { Arguments: Record<string, string> }) => glueJob.run(input.Arguments),
    [S.checkCuratedOutput]: (input: { batchDate: string; validation: FileValidationResult[] }) =>
      checkCuratedOutput(contract, input, store, LOCAL_BUCKETS.curated),
    ...Object.fromEntries(Object.values(loadDimensionStates(contract)).map((name) => [name, load])),
    [S.loadFact]: load,
    [S.runQualityChecks]: async (input: { batchDate: string }) => {
      try {
        record.quality = await qualityChecksTask(warehouse, store, contract, LOCAL_BUCKETS.curated, input);
        return record.quality;
      } catch (error) {
        if (error instanceof QualityCheckFailedError)
          record.quality = { passed: false, failed: error.failedChecks };
        throw error;
      }
    },
    [S.refreshMarts]: (input: { batchDate: string }) => refreshMartsTask(warehouse, contract, input),
    [S.summarizeRun]: (input: RunSummaryInput) => summarizeRun(input, new Date()),
    [S.publishSummary]: publish,
    [S.notifyFailure]: publish,
  };
}
