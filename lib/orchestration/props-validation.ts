/** PipelineOrchestration's props, checked and with defaults applied. */
import { Duration, Token } from 'aws-cdk-lib';
import type { PipelineOrchestrationProps } from './pipeline-orchestration';

export interface OrchestrationSettings {
  readonly schedule: string;
  readonly validationConcurrency: number;
  readonly crawlerPollInterval: Duration;
  readonly maxCrawlerPolls: number;
}

/** Step Functions history holds 25,000 events; each poll is about ten, so stay well below. */
const MAX_CRAWLER_POLLS = 1000;
/** An inline Map runs at most 40 iterations at once. */
const MAX_VALIDATION_CONCURRENCY = 40;
/** The daily run at 02:00 UTC. */
export const DEFAULT_SCHEDULE = 'cron(0 2 * * ? *)';

export function validateOrchestrationProps(props: PipelineOrchestrationProps): OrchestrationSettings {
  const schedule = props.schedule ?? DEFAULT_SCHEDULE;
  if (!Token.isUnresolved(schedule) && !/^(cron|rate)\(.+\)$/.test(schedule)) {
    throw new Error(`schedule must be an EventBridge cron(...) or rate(...) expression (got "${schedule}")`);
  }
  const validationConcurrency = props.validationConcurrency ?? 4;
  if (
    !Token.isUnresolved(validationConcurrency) &&
    (!Number.isInteger(validationConcurrency) ||
      validationConcurrency < 1 ||
      validationConcurrency > MAX_VALIDATION_CONCURRENCY)
  ) {
    throw new Error(
      `validationConcurrency must be a whole number between 1 and ${MAX_VALIDATION_CONCURRENCY}, so the Map stays bounded (got ${validationConcurrency})`,
    );
  }
  const crawlerPollInterval = props.crawlerPollInterval ?? Duration.seconds(30);
  const crawlerTimeout = props.crawlerTimeout ?? Duration.minutes(30);
  const interval = crawlerPollInterval.toSeconds();
  const timeout = crawlerTimeout.toSeconds();
  if (interval < 5) {
    throw new Error(`crawlerPollInterval must be at least 5 seconds (got ${interval})`);
  }
  if (timeout < interval) {
    throw new Error(
      `crawlerTimeout must be at least one crawlerPollInterval (got ${timeout}s < ${interval}s)`,
    );
  }
  const maxCrawlerPolls = Math.ceil(timeout / interval);
  if (maxCrawlerPolls > MAX_CRAWLER_POLLS) {
    throw new Error(
      `crawlerTimeout allows ${maxCrawlerPolls} polls of ${interval}s; keep it under ${MAX_CRAWLER_POLLS} polls by raising crawlerPollInterval`,
    );
  }
  return { schedule, validationConcurrency, crawlerPollInterval, maxCrawlerPolls };
}
