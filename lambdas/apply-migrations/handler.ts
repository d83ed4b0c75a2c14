/**
 * onEvent handler of the schema-migrations custom resource (Provider framework). Create and
 * Update apply pending migrations; an error fails the deploy with Redshift's message. Delete
 * leaves the schema alone: the warehouse keeps its data when the stack lets go of it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { dataApiExecutorFromEnvironment } from '../shared/warehouse/environment';
import { applyMigrations } from '../shared/warehouse/migrations';
import { readMarts, readMigrations } from '../shared/warehouse/sql-files';

const logger = new Logger({ serviceName: 'apply-migrations' });
const executor = dataApiExecutorFromEnvironment();

/** One physical id for the life of the stack: migrations are never "replaced". */
const PHYSICAL_RESOURCE_ID = 'warehouse-schema-migrations';

export async function handler(event: CloudFormationCustomResourceEvent) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: PHYSICAL_RESOURCE_ID };
  const applied = await applyMigrations(executor, {
    migrations: readMigrations(),
    marts: readMarts(),
    appliedAt: new Date(),
  });
  logger.info('schema migrations applied', { applied });
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Applied: applied.join(',') || 'none' } };
}
