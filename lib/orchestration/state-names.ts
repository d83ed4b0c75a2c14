/**
 * The pipeline's state names: the ids of its states in the definition, so the keys of local
 * Task overrides (aws-local-stepfunctions' taskResourceLocalHandlers) and of the event logs.
 */
import { Contract } from '../../contract';

/** `customer_dim` → `LoadCustomerDim`: the Task loading one dimension inside LoadDimensions. */
export function loadDimensionStateName(table: string): string {
  return `Load${table.replace(/(^|_)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase())}`;
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

/**
 * The Task states inside LoadDimensions, one per dimension of the contract, in load order
 * (`{ customer_dim: 'LoadCustomerDim', ... }`). The facts load after them, all in the one
 * LoadFact state.
 */
export function loadDimensionStates(contract: Contract): Readonly<Record<string, string>> {
  return Object.fromEntries(contract.dimensions.map((table) => [table, loadDimensionStateName(table)]));
}

/** Error names the definition raises itself (Fail states), for Catch and alarms alike. */
export const PIPELINE_ERRORS = {
  validationFailed: 'ValidationFailed',
  crawlerFailed: 'CrawlerFailed',
  crawlerTimeout: 'CrawlerTimeout',
} as const;
