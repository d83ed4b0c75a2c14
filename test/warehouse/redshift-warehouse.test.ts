import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RedshiftWarehouse, RedshiftWarehouseProps } from '../../lib/warehouse';
import { unacknowledgedNagFindings } from '../helpers/nag';

const ENV = { account: '123456789012', region: 'eu-west-1' };

function warehouseStack(props: Partial<RedshiftWarehouseProps> = {}, bundle = false) {
  // Bundling runs esbuild per Lambda; only the test that inspects the bundle pays for it.
  const app = new App(bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Warehouse', { env: ENV });
  const curatedKey = new kms.Key(stack, 'CuratedKey', { enableKeyRotation: true });
  const curatedBucket = new s3.Bucket(stack, 'Curated', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: curatedKey,
  });
  const warehouse = new RedshiftWarehouse(stack, 'Warehouse', { curatedBucket, ...props });
  return { app, stack, warehouse };
}

describe('RedshiftWarehouse', () => {
  const { app, stack, warehouse } = warehouseStack({ baseCapacity: 8, usageLimitRpuHours: 48 }, true);
  const template = Template.fromStack(stack);
  const json = JSON.stringify(template.toJSON());

  test('the workgroup is private, routes through the VPC and requires SSL', () => {
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      PubliclyAccessible: false,
      EnhancedVpcRouting: true,
      BaseCapacity: 8,
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
    expect(json).not.toContain('0.0.0.0/0"},"FromPort":5439');
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

  test('a usage limit caps RPU-hours on the workgroup', () => {
    const [usageLimit] = Object.values(template.findResources('Custom::RedshiftServerlessUsageLimit'));
    // The SDK call is serialized with the workgroup ARN joined in, so it is matched as text.
    const create = JSON.stringify(usageLimit.Properties.Create);
    expect(create).toContain('\\"action\\":\\"createUsageLimit\\"');
    expect(create).toContain(
      '\\"usageType\\":\\"serverless-compute\\",\\"amount\\":48,\\"period\\":\\"daily\\"',
    );
    expect(create).toContain('Workgroup.WorkgroupArn');
  });

  test('grantDataApiAccess is scoped to this workgroup and to the caller’s own statements', () => {
    const workgroupArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('Workgroup'), 'Workgroup.WorkgroupArn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('OperatorRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: [
              'redshift-data:ExecuteStatement',
              'redshift-data:BatchExecuteStatement',
              'redshift-serverless:GetCredentials',
            ],
            Resource: workgroupArn,
          }),
          Match.objectLike({
            Action: [
              'redshift-data:DescribeStatement',
              'redshift-data:GetStatementResult',
              'redshift-data:CancelStatement',
            ],
            Resource: '*',
            Condition: { StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } },
          }),
        ]),
      },
    });
    expect(json).not.toMatch(/"redshift-data:\*"|"redshift-serverless:\*"/);
  });

  test('the warehouse Lambdas run Node.js 22 in the isolated subnets', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { WAREHOUSE_WORKGROUP: Match.anyValue() } } },
    });
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.VpcConfig.SubnetIds).toHaveLength(3);
      expect(fn.Properties.Role['Fn::GetAtt'][0]).toMatch(/OperatorRole/);
    }
    expect(warehouse.loadFunction).toBeDefined();
  });

  test('migrations run at deploy time from a bundle that carries sql/', () => {
    template.hasResourceProperties('Custom::RedshiftSchemaMigrations', {
      SqlChecksum: Match.stringLikeRegexp('^[0-9a-f]{64}$'),
    });
    const assembly = app.synth();
    const bundles = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const withSql = bundles.filter((name) =>
      existsSync(join(assembly.directory, name, 'sql', 'migrations', '0001_create_schema_staging.sql')),
    );
    expect(withSql).toHaveLength(4);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    // The curated bucket is this test's stand-in for DataLakeStorage's, which has its own checks.
    expect(
      unacknowledgedNagFindings(stack).filter((finding) => !finding.includes(' at Warehouse/Curated/')),
    ).toEqual([]);
  });
});

describe('RedshiftWarehouse props', () => {
  test.each([12, 0, 1032])('fails on baseCapacity %d', (baseCapacity) => {
    expect(() => warehouseStack({ baseCapacity })).toThrow(
      `baseCapacity must be a multiple of 8 between 8 and 1024 RPUs (got ${baseCapacity})`,
    );
  });

  test('fails on a usage limit below one RPU-hour', () => {
    expect(() => warehouseStack({ usageLimitRpuHours: 0 })).toThrow(
      /usageLimitRpuHours must be a whole number/,
    );
  });

  test('fails on names Redshift would reject', () => {
    expect(() => warehouseStack({ workgroupName: 'My_Workgroup' })).toThrow(
      /workgroupName must be 3 to 64 lowercase/,
    );
    expect(() => warehouseStack({ databaseName: '1db' })).toThrow(
      /databaseName must start with a lowercase letter/,
    );
  });

  test('fails on a VPC with isolated subnets in fewer than 3 AZs', () => {
    const app = new App();
    const stack = new Stack(app, 'Small', { env: ENV });
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    expect(
      () =>
        new RedshiftWarehouse(stack, 'Warehouse', { vpc, curatedBucket: new s3.Bucket(stack, 'Curated') }),
    ).toThrow('vpc must have PRIVATE_ISOLATED subnets in at least 3 AZs for Redshift Serverless (got 2)');
  });
});
