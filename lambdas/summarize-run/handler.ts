/** SummarizeRun task: formats the success summary the state machine publishes (see summarizeRun). */
import { Logger } from '@aws-lambda-powertools/logger';
import { RunSummary, RunSummaryInput, summarizeRun } from '../shared/orchestration/run-summary';

const logger = new Logger();

export async function handler(event: RunSummaryInput): Promise<RunSummary> {
  logger.setCorrelationId(String(event?.batchDate));
  const summary = summarizeRun(event, new Date());
  logger.info('batch summarized', {
    durationSeconds: summary.durationSeconds,
    rowsLoaded: summary.rowsLoaded,
  });
  return summary;
}
