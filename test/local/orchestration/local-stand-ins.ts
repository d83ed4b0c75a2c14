/**
 * Local stand-ins for what the pipeline calls in AWS, keyed by Task state name. The
 * orchestration's own steps run their real modules over a local folder store; the
 * collaborators (validator, Glue, warehouse, SNS) are recorded fakes.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalFolderObjectStore } from '../../../adapters/local/folder-object-store';
import { defaultContract } from '../../../contract';
import { loadDimensionStates, PIPELINE_STATES as S } from '../../../lib/orchestration';
import { LocalTaskHandler } from '../../../local/orchestration/run-definition';
import { checkCatalog } from '../../../core/orchestration/catalog-drift';
import { checkCuratedOutput } from '../../../core/orchestration/curated-check';
import { planBatch } from '../../../core/orchestration/plan-batch';
import { RunSummaryInput, summarizeRun } from '../../../core/orchestration/run-summary';
import type { FileValidationResult } from '../../../core/orchestration/validation-results';

/** The stand-ins run the sales example. */
const contract = defaultContract();

export const BATCH_DATE = '2024-03-05';
export const RAW_BUCKET = 'local-raw';
export const CURATED_BUCKET = 'local-curated';

/** A validator result for one raw object (the shape handlers/validate-raw returns). */
export function validationResult(
  key: string,
  overrides: Partial<FileValidationResult['report']> = {},
): FileValidationResult {
  const dataset = key.split('/')[0];
  const rejected = Object.fromEntries(contract.spec.reasonCodes.map((code) => [code, 0])) as Record<
    string,
    number
  >;
  rejected.MISSING_VALUE = 1;
  return {
    source: { bucket: RAW_BUCKET, key },
    outputs: {
      accepted: { bucket: CURATED_BUCKET, key: `silver/${key}` },
      rejected: { bucket: 'local-quarantine', key: `${key}.rejected.ndjson` },
      report: { bucket: 'local-quarantine', key: `${key}.report.json` },
    },
    report: {
      dataset,
      status: 'PASSED',
      rows_in: 11,
      rows_accepted: 10,
      rows_rejected: 1,
      rejected_by_reason: rejected as FileValidationResult['report']['rejected_by_reason'],
      file_errors: [],
      extra_columns: [],
      ...overrides,
    },
  };
}

/** What the stand-ins saw, for assertions. */
export interface Recorded {
  readonly published: { Subject?: string; Message: string }[];
  readonly jobArguments: Record<string, string>[];
  readonly loads: { batchDate: string; table: string }[];
}

/** Raw keys of the batch: one file per dataset, and each dataset's _READY marker. */
export const RAW_KEYS = contract.datasetNames.flatMap((dataset) => {
  const prefix = contract.layoutPath('raw', { dataset, date: BATCH_DATE });
  return [`${prefix}${dataset}.csv`, `${prefix}_READY`];
});

/** A folder store holding the batch's raw keys and the manifest the job would write. */
export async function standInLake(): Promise<LocalFolderObjectStore> {
  const store = new LocalFolderObjectStore(await mkdtemp(path.join(tmpdir(), 'stand-in-lake-')));
  for (const key of RAW_KEYS) await store.write(RAW_BUCKET, key, key.endsWith('_READY') ? '' : 'id\n1\n');
  const tables = Object.fromEntries(contract.tableNames.map((table) => [table, 10]));
  await store.write(
    CURATED_BUCKET,
    contract.layoutPath('manifest', { date: BATCH_DATE }),
    JSON.stringify({ batch_date: BATCH_DATE, tables, inputs: [] }),
  );
  return store;
}

/** Handlers for a run that succeeds; override entries to take other paths. */
export function happyPathHandlers(
  recorded: Recorded,
  lake: LocalFolderObjectStore,
): Record<string, LocalTaskHandler> {
  const crawlerStates = ['RUNNING', 'READY'];
  const loader = (input: { batchDate: string; table: string }) => {
    recorded.loads.push(input);
    return { batchDate: input.batchDate, rowCounts: { [input.table]: 10 } };
  };
  const publish = (input: { Subject?: string; Message: string }) => {
    recorded.published.push(input);
    return { MessageId: `local-${recorded.published.length}` };
  };
  return {
    [S.planBatch]: (input: { batchDate?: unknown }) => planBatch(contract, input.batchDate, lake, RAW_BUCKET),
    [S.validateFile]: (input: { bucket: string; key: string }) => validationResult(input.key),
    [S.startCrawler]: () => ({}),
    // Stand-in for Glue GetCrawler: running once, then done.
    [S.getCrawler]: () => {
      const state = crawlerStates.shift() ?? 'READY';
      return { Crawler: { Name: 'validated-crawler', State: state, LastCrawl: { Status: 'SUCCEEDED' } } };
    },
    // Stand-in for Glue GetTables: the crawled tables exactly as the contract has them.
    [S.validateCatalog]: (input: { datasets: string[] }) =>
      checkCatalog(
        contract,
        'validated',
        contract.datasetNames.map((name) => ({
          name,
          columns: contract.dataset(name).columns.map((column) => ({
            name: column.name,
            type: { int: 'bigint', dec: 'double', date: 'date', email: 'string', string: 'string' }[
              column.type
            ],
          })),
        })),
        input.datasets,
      ),
    [S.runStarSchemaJob]: (input: { Arguments: Record<string, string> }) => {
      recorded.jobArguments.push(input.Arguments);
      return { Id: 'jr_local', JobRunState: 'SUCCEEDED' };
    },
    [S.checkCuratedOutput]: (input: { batchDate: string; validation: FileValidationResult[] }) =>
      checkCuratedOutput(contract, input, lake, CURATED_BUCKET),
    ...Object.fromEntries(Object.values(loadDimensionStates(contract)).map((state) => [state, loader])),
    [S.loadFact]: loader,
    [S.runQualityChecks]: (input: { batchDate: string }) => ({
      batchDate: input.batchDate,
      passed: true,
      checks: [{ name: 'sales_fact.sale_id_unique', failedRows: 0 }],
    }),
    [S.refreshMarts]: (input: { batchDate: string }) => ({
      batchDate: input.batchDate,
      refreshed: ['mv_sales'],
    }),
    [S.summarizeRun]: (input: RunSummaryInput) =>
      summarizeRun(input, new Date(Date.parse(input.startedAt) + 65_000)),
    [S.publishSummary]: publish,
    [S.notifyFailure]: publish,
  };
}

export function emptyRecord(): Recorded {
  return { published: [], jobArguments: [], loads: [] };
}
