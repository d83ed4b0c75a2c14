/**
 * onEvent handler of the schema-migrations custom resource (Provider framework). Create and
 * Update apply pending migrations and bring the tables to the deployed contract, as the
 * namespace admin (ADMIN_SECRET_ARN, the namespace's Redshift-managed secret), the only identity
 * that may create schemas and database roles; an error (a breaking contract change included)
 * fails the deploy with its message. Delete leaves the schema alone: the
 * warehouse keeps its data when the stack lets go of it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { deployedContract } from '../contract';
import { accessSlots } from '../core/warehouse/database-roles';
import { requiredEnv } from './environment';
import { dataApiExecutorFromEnvironment } from './warehouse-environment';
import { applyMigrations, TemplatedMigrations } from '../core/warehouse/migrations';
import { readAccessMigrations, readMigrations, readStreamingMigrations } from '../contract/sql-files';
import { iamRoleArnLiteral, streamNameIdentifier } from '../core/warehouse/sql-template';

const logger = new Logger();
const executor = dataApiExecutorFromEnvironment({ secretArn: requiredEnv('ADMIN_SECRET_ARN') });
const contract = deployedContract();

/** One physical id for the life of the stack: migrations are never "replaced". */
const PHYSICAL_RESOURCE_ID = 'warehouse-schema-migrations';

export async function handler(event: CloudFormationCustomResourceEvent, context: Context) {
  logger.addContext(context);
  if (event.RequestType === 'Delete') return { PhysicalResourceId: PHYSICAL_RESOURCE_ID };
  const { CopyRoleArn, Streaming } = event.ResourceProperties as {
    CopyRoleArn?: string;
    Streaming?: { RoleArn?: string; StreamName?: string };
  };
  const applied = await applyMigrations(executor, {
    contract,
    migrations: readMigrations(),
    appliedAt: new Date(),
    templated: [
      ...(Streaming ? [streamingSet(Streaming)] : []),
      { migrations: readAccessMigrations(), slots: accessSlots(String(CopyRoleArn)) },
    ],
  });
  logger.info('schema migrations applied', { applied });
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Applied: applied.join(',') || 'none' } };
}

/**
 * sql/streaming with its slots, when the stack wired a stream in (the resource property
 * `Streaming: {RoleArn, StreamName}` that RedshiftWarehouse.addStreamingIngestion sets).
 */
function streamingSet(streaming: { RoleArn?: string; StreamName?: string }): TemplatedMigrations {
  return {
    migrations: readStreamingMigrations(),
    slots: {
      streaming_role_arn: iamRoleArnLiteral(String(streaming.RoleArn)),
      stream_name: streamNameIdentifier(String(streaming.StreamName)),
    },
  };
}
