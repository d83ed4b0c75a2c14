import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultContract } from '../../contract';
import {
  RedshiftWarehouse,
  RedshiftWarehouseProps,
  UsageLimitBreachAction,
  UsageLimitPeriod,
} from '../../lib/warehouse';
import { DataLakeStorage } from '../../lib/storage';
import { salesWithoutEvents, salesWithTwoEvents, freightContract } from '../helpers/construct-contracts';
import { getObjects, lakeStatements, listPrefixes, roleStatements, useKey } from '../helpers/iam';
import { unacknowledgedNagFindings } from '../helpers/nag';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function warehouseStack(props: Partial<RedshiftWarehouseProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Warehouse', { env: ENV });
  const warehouse = new RedshiftWarehouse(stack, 'Warehouse', { lake: standInLake(stack), ...props });
  return { app, stack, warehouse };
}

/** The lake this test reads from: a KMS-encrypted curated bucket; raw and quarantine are only named. */
function standInLake(stack: Stack) {
  const key = new kms.Key(stack, 'CuratedKey', { enableKeyRotation: true });
  return DataLakeStorage.fromLakeAttributes(stack, 'Lake', {
    rawBucket: s3.Bucket.fromBucketName(stack, 'Raw', 'lake-raw'),
    curatedBucket: new s3.Bucket(stack, 'Curated', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
    }),
    quarantineBucket: s3.Bucket.fromBucketName(stack, 'Quarantine', 'lake-quarantine'),
    key,
  });
}

describe('RedshiftWarehouse', () => {
  const { app, stack, warehouse } = warehouseStack({
    baseCapacity: 8,
    maxCapacity: 16,
    usageLimitRpuHours: 48,
    usageLimitBreachAction: UsageLimitBreachAction.DEACTIVATE,
  });
  const template = Template.fromStack(stack);
  const json = JSON.stringify(template.toJSON());

  test('the workgroup is private, routes through the VPC and requires SSL', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      PubliclyAccessible: false,
      EnhancedVpcRouting: true,
      BaseCapacity: 8,
      MaxCapacity: 16,
      ConfigParameters: Match.arrayWith([{ ParameterKey: 'require_ssl', ParameterValue: 'true' }]),
      SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('Isolated') }]),
    });
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false }, 3);
  });

  test('the namespace uses the customer key, exports audit logs and has no plaintext password', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WarehouseKey'), 'Arn'] },
      AdminPasswordSecretKmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WarehouseKey'), 'Arn'] },
      ManageAdminPassword: true,
      LogExports: ['userlog', 'connectionlog', 'useractivitylog'],
      DefaultIamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CopyRole'), 'Arn'] },
    });
    expect(json).not.toMatch(/AdminUserPassword|SecretString|GenerateSecretString/);
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: Match.stringLikeRegexp('Redshift warehouse'),
    });
  });

  test('no security group admits traffic from outside the VPC', () => {
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    const ingress = Object.values(groups).flatMap((group) => group.Properties.SecurityGroupIngress ?? []);
    const rules = [...ingress, ...Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const cidr = rule.CidrIp ?? rule.Properties?.CidrIp;
      if (cidr !== undefined)
        expect(cidr).toEqual({ 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'CidrBlock'] });
    }
    expect(rules.filter((rule) => (rule.CidrIpv6 ?? rule.Properties?.CidrIpv6) !== undefined)).toEqual([]);
  });

  test('the workgroup admits no traffic until a client is allowed through connections', () => {
    const [groupId] = Object.keys(
      template.findResources('AWS::EC2::SecurityGroup', {
        Properties: { GroupDescription: Match.stringLikeRegexp('^Redshift Serverless workgroup') },
      }),
    );
    expect(template.toJSON().Resources[groupId].Properties.SecurityGroupIngress).toBeUndefined();
    const ingressToWorkgroup = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (rule) => JSON.stringify(rule.Properties.GroupId).includes(groupId),
    );
    expect(ingressToWorkgroup).toEqual([]);
  });

  test('the network has an S3 gateway endpoint, a Data API endpoint and encrypted flow logs', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('\\.s3$')])] },
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.eu-west-1.redshift-data',
      PrivateDnsEnabled: true,
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL' });
    template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() });
  });

  test('a usage limit caps RPU-hours on the workgroup, with the actions on "*" as IAM requires', () => {
    const [usageLimit] = Object.values(template.findResources('Custom::RedshiftServerlessUsageLimit'));
    // The SDK call is serialized with the workgroup ARN joined in, so it is matched as text.
    const create = JSON.stringify(usageLimit.Properties.Create);
    expect(create).toContain('\\"action\\":\\"createUsageLimit\\"');
    expect(create).toContain(
      '\\"usageType\\":\\"serverless-compute\\",\\"amount\\":48,\\"period\\":\\"daily\\",\\"breachAction\\":\\"deactivate\\"',
    );
    expect(create).toContain('Workgroup.WorkgroupArn');
    // CreateUsageLimit scoped to an ARN is denied, and the first deploy rolls back.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: [
              'redshift-serverless:CreateUsageLimit',
              'redshift-serverless:UpdateUsageLimit',
              'redshift-serverless:DeleteUsageLimit',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
        ],
      },
    });
  });

  const rolePolicy = (rolePattern: string) => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: Match.stringLikeRegexp(rolePattern) }]) },
    });
    return Object.values(policies).flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
  };
  const actionsOf = (rolePattern: string) => rolePolicy(rolePattern).flatMap((statement) => statement.Action);

  test.each([
    ['Loader', 'platform_loader'],
    ['Quality', 'platform_checker'],
    ['Marts', 'platform_marts'],
  ])(
    'the %s role signs in to the Data API as itself and is mapped onto database role %s by its RedshiftDbRoles tag',
    (role, databaseRole) => {
      template.hasResourceProperties('AWS::IAM::Role', {
        Tags: Match.arrayWith([{ Key: 'RedshiftDbRoles', Value: databaseRole }]),
        Description: Match.stringLikeRegexp('^Warehouse '),
      });
      const statements = rolePolicy(`Roles${role}`);
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
            Resource: { 'Fn::GetAtt': [expect.stringMatching(/Workgroup/), 'Workgroup.WorkgroupArn'] },
          }),
          expect.objectContaining({ Action: 'redshift-serverless:GetCredentials' }),
          expect.objectContaining({
            Action: [
              'redshift-data:DescribeStatement',
              'redshift-data:GetStatementResult',
              'redshift-data:CancelStatement',
            ],
            Resource: '*',
            Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
          }),
        ]),
      );
      expect(actionsOf(`Roles${role}`)).not.toContain('secretsmanager:GetSecretValue');
    },
  );

  test('migrations run as the namespace admin: the Lambda gets the Redshift-managed secret, looked up with GetNamespace', () => {
    const [lookup] = Object.values(template.findResources('Custom::RedshiftNamespaceAdminSecret'));
    expect(JSON.stringify(lookup.Properties.Create)).toContain('\\"action\\":\\"getNamespace\\"');
    const [lookupId] = Object.keys(template.findResources('Custom::RedshiftNamespaceAdminSecret'));
    const secretArn = { 'Fn::GetAtt': [lookupId, 'namespace.adminPasswordSecretArn'] };
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ADMIN_SECRET_ARN: secretArn }) },
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('RolesMigrations'), 'Arn'] },
    });
    expect(rolePolicy('RolesMigrations')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: 'secretsmanager:GetSecretValue', Resource: secretArn }),
      ]),
    );
    // It signs in with the secret, never as its own IAM identity.
    expect(actionsOf('RolesMigrations')).not.toContain('redshift-serverless:GetCredentials');
  });

  test('the migrations get the COPY role to grant to the loader, and a checksum of the files they read', () => {
    template.hasResourceProperties('Custom::RedshiftSchemaMigrations', {
      SqlChecksum: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
      CopyRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CopyRole'), 'Arn'] },
    });
  });

  test('each warehouse Lambda runs Node.js 22 in the isolated subnets, as its own role', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { WAREHOUSE_WORKGROUP: Match.anyValue() } } },
    });
    expect(Object.keys(functions)).toHaveLength(4);
    const roles = Object.values(functions).map((fn) => {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(3);
      return fn.Properties.Role['Fn::GetAtt'][0] as string;
    });
    expect(new Set(roles).size).toBe(4);
    expect(stack.resolve(warehouse.loadFunction.role!.roleArn)['Fn::GetAtt'][0]).toMatch(/RolesLoader/);
  });

  test('COPY reads gold/ of the curated zone, and nothing else in the lake', () => {
    expect(lakeStatements(template, 'WarehouseCopyRole')).toEqual([
      getObjects('Curated', ['gold/']),
      listPrefixes('Curated', ['gold/']),
      useKey('CuratedKey', 'read'),
    ]);
  });

  test('the quality checks read the batch manifests only, the loader and marts step no object at all', () => {
    expect(lakeStatements(template, 'WarehouseRolesQuality')).toEqual([
      getObjects('Curated', ['gold/_manifests/batch_date=']),
      listPrefixes('Curated', ['gold/_manifests/batch_date=']),
      useKey('CuratedKey', 'read'),
    ]);
    for (const role of ['RolesLoader', 'RolesMarts']) expect(actionsOf(role)).not.toContain('s3:GetObject');
  });

  test('the migrations re-run when the contract changes: they carry its version and hash', () => {
    template.hasResourceProperties('Custom::RedshiftSchemaMigrations', {
      ContractVersion: '1.1.0',
      ContractHash: createHash('sha256').update(JSON.stringify(defaultContract())).digest('hex'),
    });
  });

  test('migrations run at deploy time from a bundle that carries sql/', () => {
    const assembly = app.synth();
    const bundles = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const withSql = bundles.filter((name) =>
      existsSync(join(assembly.directory, name, 'sql', 'migrations', '0001_create_schema_staging.sql')),
    );
    expect(withSql).toHaveLength(4);
    // Each reads the contract it was deployed with, beside its code.
    for (const name of withSql)
      expect(readFileSync(join(assembly.directory, name, 'contract.json'), 'utf8')).toBe(
        JSON.stringify(defaultContract()),
      );
    // Only the migrations carry the streamed event's generated migrations.
    const streaming = withSql.map((name) =>
      existsSync(join(assembly.directory, name, 'sql', 'streaming'))
        ? readdirSync(join(assembly.directory, name, 'sql', 'streaming')).sort()
        : [],
    );
    expect(streaming.filter((files) => files.length > 0)).toEqual([
      warehouse.schemaMigrations.streamingMigrations.map((file) => `${file.name}.sql`),
    ]);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    // The curated bucket is this test's stand-in for DataLakeStorage's, which has its own checks.
    expect(
      unacknowledgedNagFindings(stack).filter((finding) => !finding.includes(' at Warehouse/Curated/')),
    ).toEqual([]);
  });
});

describe('RedshiftWarehouse with another contract', () => {
  test("reads the gold tables and manifests where the contract's layout puts them", () => {
    const { stack, warehouse } = warehouseStack({ contract: freightContract() });
    const template = Template.fromStack(stack);
    expect(lakeStatements(template, 'WarehouseCopyRole')).toEqual([
      getObjects('Curated', ['star/']),
      listPrefixes('Curated', ['star/']),
      useKey('CuratedKey', 'read'),
    ]);
    expect(lakeStatements(template, 'WarehouseRolesQuality')[0]).toEqual(
      getObjects('Curated', ['star/_manifests/batch_date=']),
    );
    template.hasResourceProperties('Custom::RedshiftSchemaMigrations', { ContractVersion: '0.3.0' });
    expect(warehouse.schemaMigrations.streamingMigrations.map((file) => file.name)).toEqual([
      '0014_create_external_schema_shipment_events_stream',
      '0015_create_mv_shipment_events',
      expect.stringMatching(/^0016_create_shipment_events_[0-9a-f]{8}$/),
    ]);
  });

  test('packages the streaming migrations of the event chosen among several', () => {
    const { warehouse } = warehouseStack({ contract: salesWithTwoEvents(), streamedEvent: 'refund_event' });
    expect(warehouse.schemaMigrations.streamingMigrations[0].name).toBe(
      '0014_create_external_schema_refund_events_stream',
    );
  });

  const source = (stack: Stack) => ({
    role: new iam.Role(stack, 'StreamRole', {
      assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com'),
    }),
    streamName: 'events',
  });
  test.each([
    [
      'a contract without events',
      { contract: salesWithoutEvents() },
      /the contract has no event to stream: add one to its events, or leave streaming out/,
    ],
    [
      'a contract with several events and none chosen',
      { contract: salesWithTwoEvents() },
      /streamedEvent must name the contract event the stream carries, one of sale_event, refund_event/,
    ],
  ] as [string, Partial<RedshiftWarehouseProps>, RegExp][])(
    'fails to add streaming ingestion for %s',
    (_, props, message) => {
      const { stack, warehouse } = warehouseStack(props);
      expect(warehouse.schemaMigrations.streamingMigrations).toEqual([]);
      expect(() => warehouse.addStreamingIngestion(source(stack))).toThrow(message);
    },
  );

  test('fails on a streamedEvent the contract does not have', () => {
    expect(() => warehouseStack({ streamedEvent: 'refund_event' })).toThrow(
      /streamedEvent must be one of the contract's events \(sale_event\) \(got refund_event\)/,
    );
  });
});

describe('RedshiftWarehouse props', () => {
  test.each([12, 0, 520, 1056])('fails on baseCapacity %d, off the documented steps', (baseCapacity) => {
    expect(() => warehouseStack({ baseCapacity })).toThrow(
      `baseCapacity must be a multiple of 8 from 8 to 512, or of 32 from 544 to 1024 RPUs (got ${baseCapacity})`,
    );
  });

  test('fails on a maxCapacity below the base', () => {
    expect(() => warehouseStack({ baseCapacity: 32, maxCapacity: 16 })).toThrow(
      /maxCapacity must be at least baseCapacity \(got 16 < 32\)/,
    );
  });

  test('pins the subnets to the given AZ IDs', () => {
    const { stack } = warehouseStack({ availabilityZoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'] });
    const subnets = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet'));
    expect(subnets.map((subnet) => subnet.Properties.AvailabilityZoneId)).toEqual([
      'euw1-az1',
      'euw1-az2',
      'euw1-az3',
    ]);
    expect(subnets.every((subnet) => subnet.Properties.AvailabilityZone === undefined)).toBe(true);
  });

  test('fails on fewer than three AZ IDs, or AZ IDs beside a VPC passed in', () => {
    expect(() => warehouseStack({ availabilityZoneIds: ['euw1-az1', 'euw1-az1', 'euw1-az2'] })).toThrow(
      /availabilityZoneIds must name at least 3 distinct AZ IDs/,
    );
    const app = new App();
    const stack = new Stack(app, 'Own', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 3,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(
      () =>
        new RedshiftWarehouse(stack, 'Warehouse', {
          vpc,
          availabilityZoneIds: ['euw1-az1', 'euw1-az2', 'euw1-az3'],
          lake: standInLake(stack),
        }),
    ).toThrow('availabilityZoneIds applies to the VPC this construct creates: remove it or remove vpc');
  });

  test.each([
    [
      'a maxCapacity off the steps',
      { maxCapacity: 100 },
      /maxCapacity must be a multiple of 8 .* \(got 100\)/,
    ],
    [
      'a usage limit below one RPU-hour',
      { usageLimitRpuHours: 0 },
      /usageLimitRpuHours must be a whole number of at least 1 RPU-hours \(got 0\)/,
    ],
    [
      'an unknown usage-limit period',
      { usageLimitPeriod: UsageLimitPeriod.of('hourly') },
      /usageLimitPeriod must be one of daily, weekly, monthly \(got hourly\)/,
    ],
    [
      'an unknown breach action',
      { usageLimitBreachAction: UsageLimitBreachAction.of('stop') },
      /usageLimitBreachAction must be one of log, emit-metric, deactivate \(got stop\)/,
    ],
    [
      'a workgroup name Redshift would reject',
      { workgroupName: 'My_Workgroup' },
      /workgroupName must be 3 to 64 lowercase letters, digits or hyphens \(got "My_Workgroup"\)/,
    ],
    [
      'a namespace name Redshift would reject',
      { namespaceName: 'ns' },
      /namespaceName must be 3 to 64 lowercase letters, digits or hyphens \(got "ns"\)/,
    ],
    [
      'a database name Redshift would reject',
      { databaseName: '1db' },
      /databaseName must start with a lowercase letter and hold only a-z, 0-9 and _ \(got "1db"\)/,
    ],
  ])('fails on %s', (_name, props, message) => {
    expect(() => warehouseStack(props)).toThrow(message);
  });

  test('fails on a VPC with isolated subnets in fewer than 3 AZs', () => {
    const app = new App();
    const stack = new Stack(app, 'Small', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(() => new RedshiftWarehouse(stack, 'Warehouse', { vpc, lake: standInLake(stack) })).toThrow(
      'vpc must have PRIVATE_ISOLATED subnets in at least 3 AZs for Redshift Serverless (got 2)',
    );
  });
});

describe('IWarehouse', () => {
  const dataApiStatements = (workgroupArn: unknown) => [
    {
      Effect: 'Allow',
      Action: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement'],
      Resource: workgroupArn,
    },
    {
      Effect: 'Allow',
      Action: [
        'redshift-data:DescribeStatement',
        'redshift-data:GetStatementResult',
        'redshift-data:CancelStatement',
      ],
      Resource: '*',
      Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
    },
    { Effect: 'Allow', Action: 'redshift-serverless:GetCredentials', Resource: workgroupArn },
  ];

  test('grants Data API access on its workgroup, and on statements the grantee submitted only', () => {
    const { stack, warehouse } = warehouseStack();
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    warehouse.grantDataApiAccess(analyst);
    expect(roleStatements(Template.fromStack(stack), 'Analyst')).toEqual(
      dataApiStatements({
        'Fn::GetAtt': [expect.stringMatching(/^WarehouseWorkgroup/), 'Workgroup.WorkgroupArn'],
      }),
    );
    expect(unacknowledgedNagFindings(analyst)).toEqual([]);
  });

  test('exposes its task functions as the orchestration takes them', () => {
    const { warehouse } = warehouseStack();
    expect(warehouse.tasks).toEqual({
      load: warehouse.loadFunction,
      qualityChecks: warehouse.qualityCheckFunction,
      refreshMarts: warehouse.refreshMartsFunction,
    });
  });

  test('fromWarehouseAttributes imports a warehouse: the same grant on its workgroup ARN, nothing created', () => {
    const stack = new Stack(new App(), 'Consumer', { env: ENV });
    const workgroupArn =
      'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e';
    const warehouse = RedshiftWarehouse.fromWarehouseAttributes(stack, 'Warehouse', {
      namespaceName: 'dp-dev-warehouse',
      namespaceArn:
        'arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      workgroupName: 'dp-dev-warehouse',
      workgroupArn,
    });
    expect(warehouse.databaseName).toBe('analytics');
    expect(warehouse.tasks).toBeUndefined();
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    warehouse.grantDataApiAccess(analyst);
    const template = Template.fromStack(stack);
    expect(roleStatements(template, 'Analyst')).toEqual(dataApiStatements(workgroupArn));
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(2);
  });
});
