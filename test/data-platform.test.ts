import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { DataPlatform, DataPlatformStack, ENVIRONMENTS } from '../lib';
import { freightContract } from './helpers/construct-contracts';
import { unacknowledgedNagFindings } from './helpers/nag';

describe('DataPlatform', () => {
  // Prepare: the platform inside a stack of the user's, beside a resource of theirs.
  const app = new App();
  const stack = new Stack(app, 'Consumer');
  const own = new s3.Bucket(stack, 'Own', {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  });
  const platform = new DataPlatform(stack, 'Platform', {
    config: ENVIRONMENTS.dev,
    contract: freightContract(),
  });
  const template = Template.fromStack(stack);

  test('composes the platform for the contract given, its constructs exposed', () => {
    expect(platform.contract.version).toBe('0.3.0');
    expect(platform.storage.node.scope).toBe(platform);
    expect(platform.warehouse.node.path).toBe('Consumer/Platform/Warehouse');
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::RedshiftServerless::Workgroup', 1);
  });

  test("tags the platform's resources and leaves the user's own alone", () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Tags: [
        { Key: 'environment', Value: 'dev' },
        { Key: 'owner', Value: ENVIRONMENTS.dev.owner },
        { Key: 'project', Value: 'data-platform' },
      ],
    });
    const ownBucket = template.toJSON().Resources[stack.getLogicalId(own.node.defaultChild as s3.CfnBucket)];
    expect(ownBucket.Properties.Tags).toBeUndefined();
  });

  test('has no unacknowledged cdk-nag findings', () => {
    expect(unacknowledgedNagFindings(platform)).toEqual([]);
  });
});

describe('DataPlatformStack', () => {
  test('holds the platform under the id Default, so logical ids stay those of the stack itself', () => {
    const stack = new DataPlatformStack(new App(), 'Platform', { config: ENVIRONMENTS.dev });
    expect(stack.platform.node.id).toBe('Default');
    const key = stack.platform.storage.key.node.defaultChild as import('aws-cdk-lib').CfnResource;
    expect(stack.getLogicalId(key)).toMatch(/^StorageKey/);
  });
});
