/**
 * onEvent handler of the schema-migrations custom resource (Provider framework). Create and
 * Update apply pending migrations; an error fails the deploy with Redshift's message. Delete
 * leaves the schema alone: the warehouse keeps its data when the stack lets go of it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { dataApiExecutorFromEnvironment } from '../shared/warehouse/environment';
import { applyMigrations } from '../shared/warehouse/migrations';
import { readMarts, readMigrations, readStreamingMigrations } from '../shared/warehouse/sql-files';
import { iamRoleArnLiteral, streamNameIdentifier } from '../shared/warehouse/sql-template';

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
    streaming: streamingInput(event.ResourceProperties.Streaming),
  });
  logger.info('schema migrations applied', { applied });
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Applied: applied.join(',') || 'none' } };
}

/**
 * sql/streaming with its slots, when the stack wired a stream in (the resource property
 * `Streaming: {RoleArn, StreamName}` that RedshiftWarehouse.addStreamingIngestion sets).
 */
function streamingInput(properties: unknown) {
  if (properties === undefined) return undefined;
  const { RoleArn, StreamName } = properties as { RoleArn?: string; StreamName?: string };
  return {
    migrations: readStreamingMigrations(),
    slots: {
      streaming_role_arn: iamRoleArnLiteral(String(RoleArn)),
      stream_name: streamNameIdentifier(String(StreamName)),
    },
  };
}
