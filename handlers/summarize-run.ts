/** SummarizeRun task: formats the success summary the state machine publishes (see summarizeRun). */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { RunSummary, RunSummaryInput, summarizeRun } from '../core/orchestration/run-summary';

const logger = new Logger();

export async function handler(event: RunSummaryInput, context: Context): Promise<RunSummary> {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  const summary = summarizeRun(event, new Date());
  logger.info('batch summarized', {
    durationSeconds: summary.durationSeconds,
    rowsLoaded: summary.rowsLoaded,
  });
  return summary;
}
