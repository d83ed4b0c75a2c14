import { CustomResource, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { Contract } from '../../contract';
import {
  contractSqlFile,
  readAccessMigrations,
  readMigrations,
  readSqlFolder,
} from '../../contract/sql-files';
import { streamingMigrations, StreamingSqlFile } from './streaming-sql';
import { warehouseFunction } from './warehouse-function';

export interface SchemaMigrationsProps {
  /** The contract the warehouse is migrated to; the migrations Lambda reads it. */
  readonly contract: Contract;
  /**
   * The contract event whose streaming migrations are packaged (sql/streaming), applied once
   * enableStreaming wires its stream in.
   * @default - none: streaming cannot be enabled
   */
  readonly streamedEvent?: string;
  /** Role of the migration Lambda: Data API statements, and read on the admin secret. */
  readonly role: iam.IRole;
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  /** WAREHOUSE_WORKGROUP, WAREHOUSE_DATABASE, STATEMENT_TIMEOUT_SECONDS and ADMIN_SECRET_ARN. */
  readonly environment: Readonly<Record<string, string>>;
  /** The role COPY assumes: sql/access lets the loader's database role use it, and only it. */
  readonly copyRoleArn: string;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Applies sql/migrations, sql/access (and sql/streaming once enabled) at deploy time through
 * the Data API, as the namespace admin (handlers/apply-migrations.ts), migrating the warehouse
 * to the contract in the Lambda's bundle. The resource's properties carry a checksum of every
 * SQL file it reads and the contract's version and hash, so an edited or added file, or a
 * changed contract, triggers an Update; a failing migration fails the deploy with Redshift's
 * error text. Marts are built by the marts step of each run, by the identity that owns them.
 */
/** The stream the streaming migrations read, and the role Redshift reads it with. */
export interface StreamingMigrationsSource {
  readonly roleArn: string;
  readonly streamName: string;
}

export class SchemaMigrations extends Construct {
  /** The migration Lambda (Provider onEvent handler). */
  readonly function: lambda.IFunction;
  readonly resource: CustomResource;
  /** The contract event whose streaming migrations the Lambda carries, if any. */
  readonly streamedEvent?: string;
  /** The streaming migrations the Lambda carries under sql/streaming/ (none without a streamed event). */
  readonly streamingMigrations: readonly StreamingSqlFile[];
  private streaming: { readonly RoleArn: string; readonly StreamName: string } | undefined;

  constructor(scope: Construct, id: string, props: SchemaMigrationsProps) {
    super(scope, id);
    this.streamedEvent = props.streamedEvent;
    this.streamingMigrations = props.streamedEvent
      ? streamingMigrations(props.contract, props.streamedEvent)
      : [];
    this.function = warehouseFunction(this, 'ApplyMigrations', {
      ...props,
      handlerName: 'apply-migrations',
      description: 'Applies the warehouse schema migrations through the Redshift Data API',
      timeout: Duration.minutes(14),
      // Where the handler reads versioned streaming files, beside the copied sql/.
      bundledFiles: Object.fromEntries(
        this.streamingMigrations.map((file) => [`sql/streaming/${file.name}.sql`, file.sql]),
      ),
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        encryptionKey: props.logKey,
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
    });
    const functionLogicalId = Stack.of(this).getLogicalId(
      this.function.node.defaultChild as lambda.CfnFunction,
    );
    // The framework function is aws-cdk-lib's: its runtime and role are not ours to pick.
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The CDK Provider framework function only writes its own logs with the AWS basic execution policy',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
        reason:
          'The Provider framework invokes every version of the migration Lambda it wraps, and nothing else',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'aws-cdk-lib pins the Provider framework runtime; it is updated with aws-cdk-lib',
      },
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::RedshiftSchemaMigrations',
      properties: {
        SqlChecksum: sqlChecksum(this.streamingMigrations),
        ContractVersion: props.contract.version,
        ContractHash: createHash('sha256').update(JSON.stringify(props.contract)).digest('hex'),
        CopyRoleArn: props.copyRoleArn,
        // Absent until enableStreaming: then sql/streaming is applied too.
        Streaming: Lazy.any({ produce: () => this.streaming }),
      },
    });
  }

  /** Applies sql/streaming as well, with the role and stream its `{{ slots }}` name. */
  enableStreaming(streaming: StreamingMigrationsSource): void {
    if (this.streaming) throw new Error('streaming ingestion is already enabled for these migrations');
    if (!this.streamedEvent)
      throw new Error('streaming ingestion needs the contract event it carries: set streamedEvent');
    this.streaming = { RoleArn: streaming.roleArn, StreamName: streaming.streamName };
  }
}

/** One hash over every file the migration run reads; deterministic for a given sql/ tree and contract. */
function sqlChecksum(streaming: readonly { name: string; sql: string }[]): string {
  const files = [
    ...readMigrations(),
    ...streaming.map(contractSqlFile),
    ...readAccessMigrations(),
    ...readSqlFolder('schema_migrations', /./),
  ];
  return createHash('sha256')
    .update(files.map((file) => `${file.name}:${file.checksum}`).join('\n'))
    .digest('hex');
}
