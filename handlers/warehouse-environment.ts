/**
 * Handler configuration from the environment that lib/warehouse/warehouse-function.ts sets.
 * Read once per container, at module scope, so a misconfigured function fails at cold start.
 */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { DataApiExecutor } from '../adapters/aws/data-api-executor';
import { requiredEnv } from './environment';

/**
 * WAREHOUSE_WORKGROUP, WAREHOUSE_DATABASE and STATEMENT_TIMEOUT_SECONDS (default 600); the
 * statements run as the function's IAM identity unless a secret is given.
 */
export function dataApiExecutorFromEnvironment(
  options: { readonly client?: RedshiftDataClient; readonly secretArn?: string } = {},
): DataApiExecutor {
  const timeoutSeconds = Number(process.env.STATEMENT_TIMEOUT_SECONDS ?? 600);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new Error(`STATEMENT_TIMEOUT_SECONDS must be a positive number (got ${timeoutSeconds})`);
  }
  return new DataApiExecutor({
    client: options.client ?? new RedshiftDataClient({}),
    secretArn: options.secretArn,
    workgroupName: requiredEnv('WAREHOUSE_WORKGROUP'),
    database: requiredEnv('WAREHOUSE_DATABASE'),
    timeoutMs: timeoutSeconds * 1000,
  });
}
