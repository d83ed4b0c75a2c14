/** PipelineOrchestration's props rules. */
import { Duration } from 'aws-cdk-lib';
import { Check, durationRange, matches, Rules, wholeNumber } from '../common/props-validation';
import type { Contract } from '../../contract';
import { contractOfCatalog } from '../common/same-contract';
import type { PipelineOrchestrationProps } from './pipeline-orchestration';
import { loadDimensionStates, PIPELINE_STATES } from './state-names';

/**
 * Step Functions takes state names of at most 80 characters
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateEnteredEventDetails.html).
 */
const MAX_STATE_NAME = 80;

/** Step Functions history holds 25,000 events; each poll is about ten, so stay well below. */
const MAX_CRAWLER_POLLS = 1000;

/** How many GetCrawler polls fit in the crawler step. */
export function crawlerPollCount(interval: Duration, timeout: Duration): number {
  return Math.ceil(timeout.toSeconds() / interval.toSeconds());
}

/** Each dimension's load state must be a name Step Functions takes and the pipeline does not use. */
const loadableDimensions: Check<Contract> = (name, contract) => {
  const owners = new Map<string, string>(
    Object.values(PIPELINE_STATES).map((state) => [state, 'the pipeline']),
  );
  for (const [table, state] of Object.entries(loadDimensionStates(contract))) {
    const owner = owners.get(state);
    if (owner)
      return `${name} dimension ${table} would load in state ${state}, a name ${owner} already uses: rename the table`;
    if (state.length > MAX_STATE_NAME)
      return `${name} dimension ${table} would load in state ${state}, longer than the ${MAX_STATE_NAME} characters Step Functions allows: shorten the table name`;
    owners.set(state, `dimension ${table}`);
  }
  return undefined;
};

/** The environment config checks its schedule with these too. */
export const PIPELINE_ORCHESTRATION_RULES: Rules<PipelineOrchestrationProps> = {
  props: {
    schedule: matches(/^(cron|rate)\(.+\)$/, 'be an EventBridge cron(...) or rate(...) expression'),
    // An inline Map runs at most 40 iterations at once.
    validationConcurrency: wholeNumber({ min: 1, max: 40, note: 'so the Map stays bounded' }),
    crawlerPollInterval: durationRange({ min: Duration.seconds(5) }),
    contract: loadableDimensions,
    warehouse: (name, warehouse) =>
      warehouse.tasks
        ? undefined
        : `${name} must have its task functions (load, qualityChecks, refreshMarts) for the pipeline to run (got none): ` +
          'pass a RedshiftWarehouse, or import one with fromWarehouseAttributes and its tasks',
  },
  across: [
    contractOfCatalog('whose tables the pipeline checks and loads'),
    ({ crawlerPollInterval: interval, crawlerTimeout: timeout }, nameOf) => {
      if (!interval || !timeout || interval.isUnresolved() || timeout.isUnresolved()) return undefined;
      if (timeout.toSeconds() < interval.toSeconds()) {
        return `${nameOf('crawlerTimeout')} must be at least one ${nameOf('crawlerPollInterval')} (got ${timeout.toHumanString()} < ${interval.toHumanString()})`;
      }
      const polls = crawlerPollCount(interval, timeout);
      return polls > MAX_CRAWLER_POLLS
        ? `${nameOf('crawlerTimeout')} allows ${polls} polls of ${interval.toHumanString()}; keep it under ${MAX_CRAWLER_POLLS} polls by raising ${nameOf('crawlerPollInterval')}`
        : undefined;
    },
  ],
};
