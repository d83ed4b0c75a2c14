/** PipelineOrchestration's props rules. */
import { Duration } from 'aws-cdk-lib';
import { durationRange, matches, Rules, wholeNumber } from '../common/props-validation';
import type { PipelineOrchestrationProps } from './pipeline-orchestration';

/** Step Functions history holds 25,000 events; each poll is about ten, so stay well below. */
const MAX_CRAWLER_POLLS = 1000;

/** How many GetCrawler polls fit in the crawler step. */
export function crawlerPollCount(interval: Duration, timeout: Duration): number {
  return Math.ceil(timeout.toSeconds() / interval.toSeconds());
}

/** The environment config checks its schedule with these too. */
export const PIPELINE_ORCHESTRATION_RULES: Rules<PipelineOrchestrationProps> = {
  props: {
    schedule: matches(/^(cron|rate)\(.+\)$/, 'be an EventBridge cron(...) or rate(...) expression'),
    // An inline Map runs at most 40 iterations at once.
    validationConcurrency: wholeNumber({ min: 1, max: 40, note: 'so the Map stays bounded' }),
    crawlerPollInterval: durationRange({ min: Duration.seconds(5) }),
  },
  across: [
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
