/**
 * The pipeline's state names: the ids of its states in the definition, so the keys of local
 * Task overrides (aws-local-stepfunctions' taskResourceLocalHandlers) and of the event logs.
 */
import { CONTRACT, STAR_TABLE_NAMES, StarTableName } from '../../contract';

/** Dimension tables in contract order: LoadDimensions loads these in parallel. */
export const DIMENSION_TABLES: readonly StarTableName[] = STAR_TABLE_NAMES.filter(
  (table) => CONTRACT.star[table].kind === 'dimension',
);

/** The fact table: LoadFact loads it once every dimension is in. */
export const FACT_TABLE: StarTableName = STAR_TABLE_NAMES.find(
  (table) => CONTRACT.star[table].kind === 'fact',
)!;

/** `customer_dim` → `LoadCustomerDim`: the Task loading one dimension inside LoadDimensions. */
export function loadDimensionStateName(table: StarTableName): string {
  return `Load${table.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}`;
}

export const PIPELINE_STATES = {
  planBatch: 'PlanBatch',
  validateFiles: 'ValidateFiles',
  /** Inside ValidateFiles: invokes the validator for one raw object. */
  validateFile: 'ValidateFile',
  checkFileStatus: 'CheckFileStatus',
  fileValidated: 'FileValidated',
  describeFailedFile: 'DescribeFailedFile',
  validationFailed: 'ValidationFailed',
  initCrawlerPolls: 'InitCrawlerPolls',
  startCrawler: 'StartCrawler',
  waitForRunningCrawler: 'WaitForRunningCrawler',
  countRunningCrawlerWait: 'CountRunningCrawlerWait',
  checkRunningCrawlerWait: 'CheckRunningCrawlerWait',
  waitForCrawler: 'WaitForCrawler',
  getCrawler: 'GetCrawler',
  countCrawlerPoll: 'CountCrawlerPoll',
  checkCrawler: 'CheckCrawler',
  crawlerFailed: 'CrawlerFailed',
  crawlerTimeout: 'CrawlerTimeout',
  validateCatalog: 'ValidateCatalog',
  runStarSchemaJob: 'RunStarSchemaJob',
  checkCuratedOutput: 'CheckCuratedOutput',
  loadDimensions: 'LoadDimensions',
  loadFact: 'LoadFact',
  runQualityChecks: 'RunQualityChecks',
  refreshMarts: 'RefreshMarts',
  summarizeRun: 'SummarizeRun',
  publishSummary: 'PublishSummary',
  pipelineSucceeded: 'PipelineSucceeded',
  notifyFailure: 'NotifyFailure',
  pipelineFailed: 'PipelineFailed',
} as const;

/** The Task states inside LoadDimensions, one per dimension table of the contract. */
export const LOAD_DIMENSION_STATES: Readonly<Record<string, string>> = Object.fromEntries(
  DIMENSION_TABLES.map((table) => [table, loadDimensionStateName(table)]),
);

/** Error names the definition raises itself (Fail states), for Catch and alarms alike. */
export const PIPELINE_ERRORS = {
  validationFailed: 'ValidationFailed',
  crawlerFailed: 'CrawlerFailed',
  crawlerTimeout: 'CrawlerTimeout',
} as const;
