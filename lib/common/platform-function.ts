/**
 * The platform's Node.js Lambda functions, built one way: what every handler under handlers/
 * shares (runtime, architecture, pre-bundled code, source maps, an encrypted log group and a
 * role that may write to it) is decided here once.
 */
import { AssetHashType, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { METRICS_NAMESPACE } from '../../contract/metrics';
import {
  BundledFiles,
  contractFiles,
  handlerBundleFiles,
  packageFolderFiles,
  stageBundledFiles,
} from './bundled-files';
import { allowLogsToUseKey, encryptedLogGroup } from './log-encryption';
import { durationRange, matches, Rules, validateProps, wholeNumber } from './props-validation';

/** What logs.LogGroup.grantWrite gives: create streams and put events in this log group. */
const LOG_WRITE_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** Why every platform function stays on Node.js 22 although cdk-nag asks for the latest runtime. */
const RUNTIME_REASON =
  'Pinned to Node.js 22, the LTS line the handlers, Powertools and the local toolchain are tested on; moving to a newer runtime is a tested change, not an automatic one.';

export interface PlatformFunctionProps {
  /**
   * Module under handlers/ that exports `handler`, without `.ts`, e.g. `'validate-raw'`:
   * lowercase letters, digits and `-`.
   */
  readonly handlerName: string;
  /** What the function does; the Lambda description. */
  readonly description: string;
  /**
   * Encrypts the function's log group. CloudWatch Logs is allowed to use it (a no-op on an
   * imported key, whose policy must allow it already).
   */
  readonly logKey: kms.IKey;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Memory in MiB, 128 to 10240 (Lambda's CPU share grows with it).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Longest run, 1 second to 15 minutes.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Environment variables of the handler. `NODE_OPTIONS` is the platform's
   * (`--enable-source-maps`) and may not be set here.
   * @default - NODE_OPTIONS, and POWERTOOLS_SERVICE_NAME (the handler's name) and
   *   POWERTOOLS_METRICS_NAMESPACE (`METRICS_NAMESPACE`), which these variables may override
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Concurrency reserved for (and capping) the function, at least 1.
   * @default - no reservation: the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * The execution role, for functions that share one. It is granted write on the log group
   * by a policy of its own, `${id}LogsPolicy`, beside the function.
   * A function in a VPC needs one that may manage network interfaces.
   * @default - an own role that may write to the function's log group and nothing else
   *   (no AWSLambdaBasicExecutionRole); grant it what the handler needs
   */
  readonly role?: iam.IRole;
  /**
   * Description of the own role; only when `role` is left out.
   * @default - the function's description
   */
  readonly roleDescription?: string;
  /**
   * VPC to run the function in; then `role` is required.
   * @default - not in a VPC
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of `vpc` for the function's network interfaces.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the function's network interfaces in `vpc`.
   * @default - one created by Lambda's construct, all outbound allowed
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Folders of this package the handler reads at run time, copied into the asset under the
   * same path, e.g. `['sql']`.
   * @default - none
   */
  readonly packageFolders?: readonly string[];
  /**
   * The data contract the handler reads (`deployedContract()`): its normalized JSON goes into
   * the bundle as `contract.json`, beside the handler, so a changed contract is new code.
   * @default - no contract in the bundle: for handlers that read none
   */
  readonly contract?: Contract;
  /**
   * Generated files the handler reads at run time, by path relative to the bundle root
   * (e.g. `sql/streaming/0014_x.sql`); written after `packageFolders`, so they may add to what
   * they hold.
   * @default - none
   */
  readonly bundledFiles?: BundledFiles;
}

/** What `platformFunction` creates or wires: the function, its execution role and its log group. */
export interface PlatformFunction<TRole extends iam.IRole = iam.IRole> {
  readonly function: lambda.Function;
  /** The own role (an `iam.Role`), or the role passed in. */
  readonly role: TRole;
  readonly logGroup: logs.LogGroup;
}

/**
 * A Node.js Lambda of the platform: `handlers/<handlerName>.ts` as `npm run build` bundled it
 * (scripts/build.ts: minified, with source maps, the pinned AWS SDK inside the bundle), on
 * Node.js 22 and ARM64, with `NODE_OPTIONS=--enable-source-maps`, logging to a KMS-encrypted
 * log group with retention. Synth only stages files: no bundler and no Docker run.
 *
 * The function is `scope/id`; its log group and own role are its siblings `${id}Logs` and
 * `${id}Role`, so a construct's function, role and log group sit side by side in its tree.
 */
export function platformFunction(
  scope: Construct,
  id: string,
  props: PlatformFunctionProps & { readonly role?: undefined },
): PlatformFunction<iam.Role>;
export function platformFunction(
  scope: Construct,
  id: string,
  props: PlatformFunctionProps,
): PlatformFunction;
export function platformFunction(
  scope: Construct,
  id: string,
  props: PlatformFunctionProps,
): PlatformFunction {
  validateProps(props, PLATFORM_FUNCTION_RULES);

  const role =
    props.role ??
    new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.roleDescription ?? props.description,
    });
  allowLogsToUseKey(props.logKey, scope);
  const logGroup = encryptedLogGroup(scope, `${id}Logs`, {
    key: props.logKey,
    retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
  });
  // Explicit grants instead of AWSLambdaBasicExecutionRole: this log group only.
  if (!props.role) logGroup.grantWrite(role);
  const sharedRolePolicy = props.role && grantSharedRoleLogWrite(scope, id, props.role, logGroup);

  const fn = new lambda.Function(scope, id, {
    description: props.description,
    code: functionCode(props),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 256,
    timeout: props.timeout ?? Duration.minutes(1),
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    role,
    logGroup,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: props.securityGroups,
    environment: {
      // Powertools' Logger and Metrics read these; a construct may override the namespace.
      POWERTOOLS_SERVICE_NAME: props.handlerName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      ...props.environment,
      NODE_OPTIONS: '--enable-source-maps',
    },
  });
  // The function may log from its first invocation.
  if (sharedRolePolicy) fn.node.addDependency(sharedRolePolicy);
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: RUNTIME_REASON });
  return { function: fn, role, logGroup };
}

/**
 * The function's asset: the pre-bundled handler, then the package folders, the generated files
 * and the contract, staged in a folder named by the hash of their contents. That hash is the
 * asset hash, so it changes with the code or the contract and not with where the package is
 * installed, and synth need not fingerprint the folder again.
 */
function functionCode(props: PlatformFunctionProps): lambda.Code {
  const { dir, hash } = stageBundledFiles({
    ...handlerBundleFiles(props.handlerName),
    ...Object.fromEntries(
      (props.packageFolders ?? []).flatMap((folder) => Object.entries(packageFolderFiles(folder))),
    ),
    ...props.bundledFiles,
    ...(props.contract && contractFiles(props.contract)),
  });
  return lambda.Code.fromAsset(dir, { assetHash: hash, assetHashType: AssetHashType.CUSTOM });
}

/**
 * Write on the log group for a role passed in, as a policy of its own beside the function
 * rather than a statement of the role's default policy: the role's owner often depends on the
 * role as a whole (policy included), and a default policy naming this log group would then
 * close a dependency cycle through the function's construct.
 */
function grantSharedRoleLogWrite(
  scope: Construct,
  id: string,
  role: iam.IRole,
  logGroup: logs.ILogGroup,
): iam.Policy {
  return new iam.Policy(scope, `${id}LogsPolicy`, {
    roles: [role],
    statements: [
      new iam.PolicyStatement({ actions: [...LOG_WRITE_ACTIONS], resources: [logGroup.logGroupArn] }),
    ],
  });
}

/** platformFunction's props rules: what Lambda would refuse at deploy time, or what would loosen the defaults. */
export const PLATFORM_FUNCTION_RULES: Rules<PlatformFunctionProps> = {
  props: {
    handlerName: matches(
      /^[a-z0-9][a-z0-9-]*$/,
      "name a module under handlers/: lowercase letters, digits and '-'",
    ),
    memorySize: wholeNumber({ min: 128, max: 10240, unit: 'MiB' }),
    timeout: durationRange({ min: Duration.seconds(1), max: Duration.minutes(15) }),
    reservedConcurrentExecutions: wholeNumber({ min: 1, note: 'or left out for no reservation' }),
    environment: (name, environment) =>
      'NODE_OPTIONS' in environment
        ? `${name} must not set NODE_OPTIONS: platform functions run with --enable-source-maps; remove it`
        : undefined,
  },
  across: [
    ({ role, roleDescription }, nameOf) =>
      role && roleDescription !== undefined
        ? `${nameOf('roleDescription')} describes the role the function creates: leave it out when passing ${nameOf('role')}`
        : undefined,
    ({ vpc, role }, nameOf) =>
      vpc && !role
        ? `${nameOf('vpc')} requires ${nameOf('role')}: a function in a VPC needs a role that may manage its network interfaces (the own role may only write logs)`
        : undefined,
  ],
};
