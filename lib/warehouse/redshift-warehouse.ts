import { Duration, Lazy, Names, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as redshift from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { Contract, defaultContract } from '../../contract';
import { DATABASE_ROLES, DATABASE_ROLES_TAG, DatabaseRole } from '../../contract/warehouse-roles';
import { layoutPrefix } from '../../contract/lake-layout';
import { allowLogsToUseKey } from '../common/log-encryption';
import { byName, matches, oneOf, Rules, validateProps, wholeNumber } from '../common/props-validation';
import { IDataLake } from '../storage';
import { streamedEvent } from '../streaming/streamed-event';
import { NamespaceAdminSecret } from './admin-secret';
import { availabilityZoneIds, REQUIRED_AZS, rpuCapacity } from './capacity';
import { SchemaMigrations } from './schema-migrations';
import {
  USAGE_LIMIT_BREACH_ACTIONS,
  USAGE_LIMIT_PERIODS,
  UsageLimitBreachAction,
  UsageLimitPeriod,
  WorkgroupUsageLimit,
} from './usage-limit';
import { WarehouseNetwork } from './warehouse-network';
import { warehouseFunction } from './warehouse-function';
import { IWarehouse, WarehouseAttributes, WarehouseBase, WarehouseTasks } from './warehouse-base';

export {
  USAGE_LIMIT_BREACH_ACTIONS,
  USAGE_LIMIT_PERIODS,
  UsageLimitBreachAction,
  type UsageLimitBreachActionName,
  UsageLimitPeriod,
} from './usage-limit';

const REDSHIFT_PORT = 5439;
const DEFAULT_DATABASE = 'analytics';
/** Reading the admin secret: the Data API fetches it with the caller's credentials. */
const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue'];

export interface RedshiftWarehouseProps {
  /**
   * The lake: COPY reads the curated `gold/` and the quality checks read the batch manifests
   * (`gold/_manifests/`), decrypting with the lake key.
   */
  readonly lake: IDataLake;
  /**
   * The data contract the warehouse is migrated to and loaded, checked and refreshed with;
   * its layout places the gold tables and manifests, and the warehouse Lambdas read it.
   * @default - the sales example (`defaultContract()`)
   */
  readonly contract?: Contract;
  /**
   * The contract event whose stream `addStreamingIngestion` wires in: its external schema,
   * streaming view and typed view are packaged with the migrations. Required when the
   * contract has several events.
   * @default - the contract's only event; none when it has no event
   */
  readonly streamedEvent?: string;
  /**
   * The VPC to run in. It must have PRIVATE_ISOLATED subnets in at least 3 AZs, an S3 gateway
   * endpoint and a redshift-data interface endpoint with private DNS; flow logs are its owner's.
   * @default - a new VPC with isolated subnets in 3 AZs, both endpoints and KMS-encrypted flow logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Customer managed key for the namespace, its admin secret and every log group here.
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;
  /** @default - derived from the construct path */
  readonly namespaceName?: string;
  /** @default - derived from the construct path */
  readonly workgroupName?: string;
  /** @default 'analytics' */
  readonly databaseName?: string;
  /** Admin user; its password is generated and kept in Secrets Manager by Redshift. @default 'admin' */
  readonly adminUsername?: string;
  /**
   * Base compute in RPUs: 8 to 512 in steps of 8, then 512 to 1024 in steps of 32 (the
   * smallest, 8, suits dev).
   * @default 8
   */
  readonly baseCapacity?: number;
  /**
   * Most RPUs the workgroup may scale to, on the same steps and at least `baseCapacity`: it
   * caps what a busy hour can cost.
   * @default - no cap beyond Redshift Serverless's own
   */
  readonly maxCapacity?: number;
  /**
   * AZ IDs (e.g. `use1-az1`) of the subnets of the VPC this construct creates: at least three
   * that Redshift Serverless supports in the Region. Only without `vpc`.
   * @default - the Region's first three AZs
   */
  readonly availabilityZoneIds?: string[];
  /** Compute allowed per usage-limit period, in RPU-hours (the cost guard). @default 96 */
  readonly usageLimitRpuHours?: number;
  /**
   * The period `usageLimitRpuHours` counts over.
   * @default UsageLimitPeriod.DAILY
   */
  readonly usageLimitPeriod?: UsageLimitPeriod;
  /**
   * What Redshift does when the limit is reached: LOG, EMIT_METRIC (a metric to alarm on),
   * or DEACTIVATE (user queries stop until the next period).
   * @default UsageLimitBreachAction.EMIT_METRIC
   */
  readonly usageLimitBreachAction?: UsageLimitBreachAction;
  /** How long a warehouse SQL statement may run before the Lambdas cancel it. @default Duration.minutes(10) */
  readonly statementTimeout?: Duration;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** For the key, namespace and log groups. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A Kinesis stream that Redshift streaming ingestion reads, for RedshiftWarehouse.addStreamingIngestion. */
export interface StreamingIngestionSource {
  /** The role the namespace assumes to read the stream (e.g. StreamingIngestion.redshiftRole). */
  readonly role: iam.IRole;
  /** The stream's name, as the streaming view names it in SQL. */
  readonly streamName: string;
}

/** Names Redshift Serverless accepts for a namespace or workgroup. */
const SERVERLESS_NAME = matches(/^[a-z0-9-]{3,64}$/, 'be 3 to 64 lowercase letters, digits or hyphens');

/** RedshiftWarehouse's props rules; the environment config checks its Redshift sizes with them. */
export const REDSHIFT_WAREHOUSE_RULES: Rules<RedshiftWarehouseProps> = {
  props: {
    baseCapacity: rpuCapacity,
    maxCapacity: rpuCapacity,
    availabilityZoneIds,
    vpc: (name, vpc) =>
      vpc.isolatedSubnets.length < REQUIRED_AZS
        ? `${name} must have PRIVATE_ISOLATED subnets in at least ${REQUIRED_AZS} AZs for Redshift Serverless ` +
          `(got ${vpc.isolatedSubnets.length}); pass another vpc or omit it to create one`
        : undefined,
    usageLimitRpuHours: wholeNumber({ min: 1, unit: 'RPU-hours' }),
    usageLimitPeriod: byName(oneOf<string>(USAGE_LIMIT_PERIODS)),
    usageLimitBreachAction: byName(oneOf<string>(USAGE_LIMIT_BREACH_ACTIONS)),
    namespaceName: SERVERLESS_NAME,
    workgroupName: SERVERLESS_NAME,
    databaseName: matches(
      /^[a-z][a-z0-9_]{0,63}$/,
      'start with a lowercase letter and hold only a-z, 0-9 and _',
    ),
  },
  across: [
    ({ baseCapacity, maxCapacity }, nameOf) =>
      baseCapacity !== undefined && maxCapacity !== undefined && maxCapacity < baseCapacity
        ? `${nameOf('maxCapacity')} must be at least ${nameOf('baseCapacity')} (got ${maxCapacity} < ${baseCapacity})`
        : undefined,
    ({ availabilityZoneIds: ids, vpc }, nameOf) =>
      ids && vpc
        ? `${nameOf('availabilityZoneIds')} applies to the VPC this construct creates: remove it or remove ${nameOf('vpc')}`
        : undefined,
  ],
};

/**
 * Redshift Serverless in a private network, with the star-schema migrations applied at
 * deploy time and the Lambdas the orchestration calls: `loadFunction`,
 * `qualityCheckFunction` and `refreshMartsFunction`.
 *
 * Database identities: the migrations run as the namespace admin (its Redshift-managed
 * secret), the only user that may create schemas and database roles. Each task Lambda runs as
 * an IAM role of its own, which the Data API signs in with temporary credentials and whose
 * `RedshiftDbRoles` tag maps it onto a database role holding exactly what the task needs
 * (sql/access): load, check (read only), and build and refresh the marts, which that role
 * owns because Redshift lets only the owner refresh a materialized view.
 */
export class RedshiftWarehouse extends WarehouseBase implements ec2.IConnectable {
  /**
   * A warehouse created elsewhere (another stack or app): the same Data API grant, and its
   * task functions when given, for an orchestration to run.
   */
  public static fromWarehouseAttributes(
    scope: Construct,
    id: string,
    attrs: WarehouseAttributes,
  ): IWarehouse {
    class Import extends WarehouseBase {
      public readonly namespaceName = attrs.namespaceName;
      public readonly namespaceArn = attrs.namespaceArn;
      public readonly workgroupName = attrs.workgroupName;
      public readonly workgroupArn = attrs.workgroupArn;
      public readonly databaseName = attrs.databaseName ?? DEFAULT_DATABASE;
      public readonly tasks = attrs.tasks;
    }
    return new Import(scope, id);
  }

  readonly vpc: ec2.IVpc;
  readonly key: kms.IKey;
  readonly namespace: redshift.CfnNamespace;
  readonly workgroup: redshift.CfnWorkgroup;
  readonly namespaceName: string;
  readonly workgroupName: string;
  readonly databaseName: string;
  readonly namespaceArn: string;
  readonly workgroupArn: string;
  /** The namespace's Redshift-managed admin secret (deploy-time ARN); only the migrations read it. */
  readonly adminSecretArn: string;
  /** The role Redshift assumes for COPY (IAM_ROLE default): read on the curated `gold/`. */
  readonly copyRole: iam.Role;
  /** The loader's identity: database role platform_loader. */
  readonly loaderRole: iam.Role;
  /** The quality checks' identity: database role platform_checker (read only). */
  readonly qualityRole: iam.Role;
  /** The marts step's identity: database role platform_marts; owns the marts. */
  readonly martsRole: iam.Role;
  /** The migrations' role: reads the admin secret, runs SQL as the admin. */
  readonly migrationsRole: iam.Role;
  /** Network access to the workgroup: none by default; allow clients with `connections.allowDefaultPortFrom`. */
  readonly connections: ec2.Connections;
  /** `{ batchDate, table | tables }` → `{ batchDate, rowCounts }`. */
  readonly loadFunction: lambda.IFunction;
  /** `{ batchDate }` → `{ batchDate, passed, checks }`, or throws QualityCheckFailedError. */
  readonly qualityCheckFunction: lambda.IFunction;
  /** `{ batchDate }` → `{ batchDate, built, refreshed }`. */
  readonly refreshMartsFunction: lambda.IFunction;
  /** The three task functions above, as the orchestration takes them. */
  readonly tasks: WarehouseTasks;
  readonly schemaMigrations: SchemaMigrations;
  /** The network, when this construct created the VPC. */
  readonly network?: WarehouseNetwork;
  /** The redshift-data interface endpoint, when this construct created the VPC. */
  readonly dataApiEndpoint?: ec2.InterfaceVpcEndpoint;
  /** The contract the warehouse runs. */
  readonly contract: Contract;
  /** Roles the namespace may assume in SQL (`IAM_ROLE '<arn>'`): copyRole, then any added. */
  private readonly iamRoles: iam.IRole[] = [];

  constructor(scope: Construct, id: string, props: RedshiftWarehouseProps) {
    super(scope, id);
    const baseCapacity = props.baseCapacity ?? 8;
    const usageLimitRpuHours = props.usageLimitRpuHours ?? 96;
    validateProps({ ...props, baseCapacity }, REDSHIFT_WAREHOUSE_RULES);
    this.contract = props.contract ?? defaultContract();
    const { contract } = this;
    const event =
      props.streamedEvent !== undefined || contract.eventNames.length === 1
        ? streamedEvent(contract, props.streamedEvent, 'streamedEvent')
        : undefined;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const defaultName = Names.uniqueResourceName(this, { maxLength: 60, separator: '-' }).toLowerCase();

    this.namespaceName = props.namespaceName ?? defaultName;
    this.workgroupName = props.workgroupName ?? defaultName;
    this.databaseName = props.databaseName ?? DEFAULT_DATABASE;
    this.key = props.encryptionKey ?? this.createKey(removalPolicy);

    this.network = props.vpc
      ? undefined
      : new WarehouseNetwork(this, 'Network', {
          key: this.key,
          logRetention,
          removalPolicy,
          availabilityZoneIds: props.availabilityZoneIds,
        });
    this.vpc = props.vpc ?? this.network!.vpc;
    this.dataApiEndpoint = this.network?.dataApiEndpoint;
    const functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'Warehouse Lambdas: HTTPS out to the VPC endpoints only',
      allowAllOutbound: false,
    });
    // The subnets are isolated (no internet route), so 443 reaches only the VPC endpoints.
    functionSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the VPC endpoints');
    this.dataApiEndpoint?.connections.allowFrom(
      functionSecurityGroup,
      ec2.Port.tcp(443),
      'Warehouse Lambdas',
    );
    const isolated = this.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED });

    const workgroupSecurityGroup = new ec2.SecurityGroup(this, 'WorkgroupSecurityGroup', {
      vpc: this.vpc,
      description: 'Redshift Serverless workgroup: no ingress unless granted through connections',
    });
    this.connections = new ec2.Connections({
      securityGroups: [workgroupSecurityGroup],
      defaultPort: ec2.Port.tcp(REDSHIFT_PORT),
    });

    this.copyRole = new iam.Role(this, 'CopyRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
      description: 'Default IAM role of the warehouse namespace: COPY from the curated gold/ prefix',
    });
    // COPY reads every Parquet object of a batch's gold tables.
    props.lake.grantRead('curated', this.copyRole, layoutPrefix(contract, 'gold'));
    this.iamRoles.push(this.copyRole);

    this.namespace = new redshift.CfnNamespace(this, 'Namespace', {
      namespaceName: this.namespaceName,
      dbName: this.databaseName,
      adminUsername: props.adminUsername ?? 'admin',
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: this.key.keyArn,
      kmsKeyId: this.key.keyArn,
      iamRoles: Lazy.list({ produce: () => this.iamRoles.map((role) => role.roleArn) }),
      defaultIamRoleArn: this.copyRole.roleArn,
      logExports: ['userlog', 'connectionlog', 'useractivitylog'],
    });
    this.namespace.applyRemovalPolicy(removalPolicy);

    this.workgroup = new redshift.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: this.workgroupName,
      namespaceName: this.namespaceName,
      baseCapacity,
      maxCapacity: props.maxCapacity,
      publiclyAccessible: false,
      enhancedVpcRouting: true,
      subnetIds: isolated.subnetIds,
      securityGroupIds: [workgroupSecurityGroup.securityGroupId],
      configParameters: [
        { parameterKey: 'require_ssl', parameterValue: 'true' },
        // Feeds the useractivitylog export: every query, for the audit trail.
        { parameterKey: 'enable_user_activity_logging', parameterValue: 'true' },
      ],
    });
    this.workgroup.addResourceDependency(this.namespace);
    this.namespaceArn = this.namespace.attrNamespaceNamespaceArn;
    this.workgroupArn = this.workgroup.attrWorkgroupWorkgroupArn;

    new WorkgroupUsageLimit(this, 'UsageLimit', {
      workgroupArn: this.workgroupArn,
      amount: usageLimitRpuHours,
      period: props.usageLimitPeriod ?? UsageLimitPeriod.DAILY,
      breachAction: props.usageLimitBreachAction ?? UsageLimitBreachAction.EMIT_METRIC,
    });
    this.adminSecretArn = new NamespaceAdminSecret(this, 'AdminSecret', this.namespace).secretArn;

    const roles = new Construct(this, 'Roles');
    this.loaderRole = this.taskRole(roles, 'Loader', 'loader', 'COPY a batch into staging and MERGE it');
    this.qualityRole = this.taskRole(roles, 'Quality', 'checker', 'Run the quality checks (read only)');
    this.martsRole = this.taskRole(roles, 'Marts', 'marts', 'Build and refresh the marts it owns');
    this.migrationsRole = this.lambdaRole(
      roles,
      'Migrations',
      'Apply schema migrations as the namespace admin',
    );
    this.grantStatements(this.migrationsRole);
    iam.Grant.addToPrincipal({
      grantee: this.migrationsRole,
      actions: SECRET_READ_ACTIONS,
      resourceArns: [this.adminSecretArn],
    });
    this.key.grantDecrypt(this.migrationsRole);
    // The quality checks compare the warehouse with the batch manifest's row counts.
    props.lake.grantRead('curated', this.qualityRole, layoutPrefix(contract, 'manifest'));

    const statementTimeout = props.statementTimeout ?? Duration.minutes(10);
    const warehouseEnvironment = {
      WAREHOUSE_WORKGROUP: this.workgroupName,
      WAREHOUSE_DATABASE: this.databaseName,
      STATEMENT_TIMEOUT_SECONDS: String(statementTimeout.toSeconds()),
    };
    const common = {
      contract,
      vpc: this.vpc,
      securityGroup: functionSecurityGroup,
      logKey: this.key,
      logRetention,
      removalPolicy,
    };
    const functions = new Construct(this, 'Functions');
    const taskTimeout = Duration.seconds(Math.min(900, statementTimeout.toSeconds() + 60));
    const withBucket = { ...warehouseEnvironment, CURATED_BUCKET: props.lake.curatedBucket.bucketName };
    this.loadFunction = warehouseFunction(functions, 'LoadWarehouse', {
      ...common,
      role: this.loaderRole,
      handlerName: 'load-warehouse',
      description: 'Loads a batch of gold Parquet into the warehouse star schema',
      environment: withBucket,
      timeout: Duration.minutes(15),
    });
    this.qualityCheckFunction = warehouseFunction(functions, 'QualityChecks', {
      ...common,
      role: this.qualityRole,
      handlerName: 'quality-checks',
      description: 'Runs the warehouse quality checks for a batch',
      environment: withBucket,
      timeout: taskTimeout,
    });
    this.refreshMartsFunction = warehouseFunction(functions, 'RefreshMarts', {
      ...common,
      role: this.martsRole,
      handlerName: 'refresh-marts',
      description: 'Builds changed marts and refreshes the others',
      environment: warehouseEnvironment,
      timeout: taskTimeout,
    });

    this.tasks = {
      load: this.loadFunction,
      qualityChecks: this.qualityCheckFunction,
      refreshMarts: this.refreshMartsFunction,
    };

    this.schemaMigrations = new SchemaMigrations(this, 'SchemaMigrations', {
      ...common,
      role: this.migrationsRole,
      environment: { ...warehouseEnvironment, ADMIN_SECRET_ARN: this.adminSecretArn },
      copyRoleArn: this.copyRole.roleArn,
      streamedEvent: event,
    });
    this.schemaMigrations.node.addDependency(this.workgroup, this.migrationsRole);
  }

  /**
   * Real-time events from a Kinesis stream carrying `streamedEvent`: attaches `role` (read on
   * the stream, e.g. StreamingIngestion.redshiftRole) to the namespace and has the schema
   * migrations also apply the event's streaming migrations (lib/warehouse/streaming-sql.ts):
   * the external schema over the stream, the auto-refreshed `staging.mv_<event>s` and the
   * typed view `staging.<event>s`. In the VPC this construct created it adds the Kinesis
   * endpoint the workgroup reads through; a VPC passed in must have one.
   */
  addStreamingIngestion(source: StreamingIngestionSource): void {
    // Without a packaged event this throws why: the contract has none, or several to choose from.
    if (!this.schemaMigrations.streamedEvent) streamedEvent(this.contract, undefined, 'streamedEvent');
    this.iamRoles.push(source.role);
    this.schemaMigrations.enableStreaming({ roleArn: source.role.roleArn, streamName: source.streamName });
    const endpoint = this.network?.allowKinesisFrom(this);
    // CREATE EXTERNAL SCHEMA needs the role's policy in place, not just the role, and the
    // materialized view needs the network path to the stream.
    this.schemaMigrations.node.addDependency(source.role, ...(endpoint ? [endpoint] : []));
  }

  /** A task Lambda's role: Data API access as itself, mapped onto one database role by tag. */
  private taskRole(scope: Construct, id: string, databaseRole: DatabaseRole, description: string): iam.Role {
    const role = this.lambdaRole(scope, id, `Warehouse ${databaseRole}: ${description}`);
    Tags.of(role).add(DATABASE_ROLES_TAG, DATABASE_ROLES[databaseRole]);
    this.grantDataApiAccess(role);
    return role;
  }

  /** A role for a Lambda in the warehouse VPC. */
  private lambdaRole(scope: Construct, id: string, description: string): iam.Role {
    const role = new iam.Role(scope, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description,
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      ],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      reason:
        'VPC Lambdas need ENI management, whose EC2 actions accept no resource scoping, plus their own logs; ' +
        'the AWS managed policy grants exactly that and is kept current by AWS',
    });
    return role;
  }

  private createKey(removalPolicy: RemovalPolicy): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: 'Redshift warehouse: namespace, admin secret and logs',
      enableKeyRotation: true,
      removalPolicy,
    });
    allowLogsToUseKey(key, this);
    return key;
  }
}
