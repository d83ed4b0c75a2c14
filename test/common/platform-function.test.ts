import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformFunction, PlatformFunctionProps } from '../../lib/common/platform-function';
import { unacknowledgedNagFindings } from '../helpers/nag';

const BASE = { handlerName: 'summarize-run', description: 'Formats the success summary' } as const;

/** A stack with a key. */
function keyStack() {
  const app = new App();
  const stack = new Stack(app, 'Platform');
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  return { app, stack, key };
}

type ResourceJson = { Properties: Record<string, unknown>; DependsOn?: string[] };

describe('platformFunction with its own role', () => {
  // Prepare
  const { stack, key } = keyStack();
  const own = platformFunction(stack, 'Summary', {
    ...BASE,
    logKey: key,
    environment: { TABLE: 'sales_fact' },
  });
  const template = Template.fromStack(stack);

  test('runs the bundled handlers/<name>.ts on Node.js 22, arm64, with source maps enabled', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Description: 'Formats the success summary',
      MemorySize: 256,
      Timeout: 60,
      ReservedConcurrentExecutions: Match.absent(),
      Environment: { Variables: { TABLE: 'sales_fact', NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  test('logs to a KMS-encrypted log group with a month of retention, retained on stack deletion', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: 30,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^SummaryLogs') } },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsOfThisAccount' })]),
      },
    });
  });

  test('creates its own role with no managed policy that may only write to its log group', () => {
    expect(own.role).toBeInstanceOf(iam.Role);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
      Description: 'Formats the success summary',
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SummaryLogs'), 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^SummaryRole') }],
    });
  });

  test('keeps the ids of the function, its role and its log group beside each other in scope', () => {
    expect(own.function.node.path).toBe('Platform/Summary');
    expect(own.role.node.path).toBe('Platform/SummaryRole');
    expect(own.logGroup.node.path).toBe('Platform/SummaryLogs');
  });

  test('applies memory, timeout, reserved concurrency, retention, removal policy and role description', () => {
    const { stack: other, key: otherKey } = keyStack();
    platformFunction(other, 'Sized', {
      ...BASE,
      logKey: otherKey,
      memorySize: 1769,
      timeout: Duration.minutes(5),
      reservedConcurrentExecutions: 2,
      logRetention: logs.RetentionDays.ONE_YEAR,
      logRemovalPolicy: RemovalPolicy.DESTROY,
      roleDescription: 'Sized: reads nothing',
    });
    const sized = Template.fromStack(other);
    sized.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1769,
      Timeout: 300,
      ReservedConcurrentExecutions: 2,
    });
    sized.hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({ RetentionInDays: 365 }),
      DeletionPolicy: 'Delete',
    });
    sized.hasResourceProperties('AWS::IAM::Role', { Description: 'Sized: reads nothing' });
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(unacknowledgedNagFindings(own.function)).toEqual([]);
    expect(unacknowledgedNagFindings(own.role)).toEqual([]);
    expect(unacknowledgedNagFindings(own.logGroup)).toEqual([]);
  });
});

describe('platformFunction with a shared role in a VPC', () => {
  // Prepare
  const { app, stack, key } = keyStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const securityGroup = new ec2.SecurityGroup(stack, 'FunctionSg', { vpc });
  const role = new iam.Role(stack, 'SharedRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  const shared = platformFunction(stack, 'Shared', {
    ...BASE,
    logKey: key,
    role,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [securityGroup],
    packageFolders: ['sql'],
    bundledFiles: { 'sql/streaming/0014_x.sql': 'select 1' },
  });
  const template = Template.fromStack(stack);

  test('runs on the role passed in, in the given subnets and security groups', () => {
    expect(shared.role).toBe(role);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SharedRole'), 'Arn'] },
      VpcConfig: {
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FunctionSg'), 'GroupId'] }],
        SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet') }]),
      },
    });
  });

  test('grants the shared role write on the log group through a policy the function waits for', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SharedRole') }] },
    });
    expect(Object.keys(policies)).toEqual([expect.stringMatching(/^SharedLogsPolicy/)]);
    const [policyId, policy] = Object.entries(policies)[0] as [string, ResourceJson];
    expect(policy.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SharedLogs/), 'Arn'] },
        },
      ],
    });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as ResourceJson[];
    expect(functions[0].DependsOn).toContain(policyId);
  });

  test('ships the pre-bundled code with its source map, the package folders and the generated files', () => {
    const assembly = app.synth();
    const bundles = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assembly.directory, name));
    expect(bundles).toHaveLength(1);
    const [asset] = bundles as [string];
    expect(readdirSync(asset).sort()).toEqual(['index.js', 'index.js.map', 'sql']);
    expect(existsSync(join(asset, 'sql', 'migrations', '0001_create_schema_staging.sql'))).toBe(true);
    expect(readFileSync(join(asset, 'sql', 'streaming', '0014_x.sql'), 'utf8')).toBe('select 1');
  });
});

describe('platformFunction props', () => {
  const cases: [string, Partial<PlatformFunctionProps>, RegExp][] = [
    [
      'a handler outside handlers/',
      { handlerName: '../bin' },
      /handlerName must name a module under handlers\/.*\(got "\.\.\/bin"\)/,
    ],
    [
      'memory below 128 MiB',
      { memorySize: 64 },
      /memorySize must be a whole number between 128 and 10240 MiB \(got 64\)/,
    ],
    ['fractional memory', { memorySize: 256.5 }, /memorySize must be a whole number .*\(got 256\.5\)/],
    [
      'a timeout above 15 minutes',
      { timeout: Duration.minutes(16) },
      /timeout must be between 1 second and 15 minutes \(got 16 minutes\)/,
    ],
    [
      'zero reserved concurrency',
      { reservedConcurrentExecutions: 0 },
      /reservedConcurrentExecutions must be a whole number of at least 1.*\(got 0\)/,
    ],
    [
      'NODE_OPTIONS in the environment',
      { environment: { NODE_OPTIONS: '--inspect' } },
      /environment must not set NODE_OPTIONS/,
    ],
  ];
  test.each(cases)('fails on %s', (_name, overrides, message) => {
    const { stack, key } = keyStack();
    expect(() => platformFunction(stack, 'Fn', { ...BASE, logKey: key, ...overrides })).toThrow(message);
  });

  test('fails on roleDescription with a role passed in', () => {
    const { stack, key } = keyStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/shared');
    expect(() => platformFunction(stack, 'Fn', { ...BASE, logKey: key, role, roleDescription: 'x' })).toThrow(
      /roleDescription describes the role the function creates: leave it out when passing role/,
    );
  });

  test('fails on a VPC without a role that may manage network interfaces', () => {
    const { stack, key } = keyStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect(() => platformFunction(stack, 'Fn', { ...BASE, logKey: key, vpc })).toThrow(
      /vpc requires role: a function in a VPC needs a role that may manage its network interfaces/,
    );
  });
});
