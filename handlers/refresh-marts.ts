/**
 * Step Functions task, after the quality gate: builds the deployed contract's new or changed
 * marts and refreshes the rest, as the marts' owner. Input `{ batchDate }` (the correlation id); output
 * `{ batchDate, built: [mart names], refreshed: [mart names] }`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { deployedContract } from '../contract';
import { refreshMartsTask } from '../core/warehouse/tasks';
import { dataApiExecutorFromEnvironment } from './warehouse-environment';

const logger = new Logger();
const executor = dataApiExecutorFromEnvironment();
const contract = deployedContract();

export async function handler(event: { readonly batchDate: string }, context: Context) {
  logger.addContext(context);
  logger.setCorrelationId(String(event?.batchDate));
  const result = await refreshMartsTask(executor, contract, event);
  logger.info('marts built and refreshed', { built: result.built, refreshed: result.refreshed });
  return result;
}
