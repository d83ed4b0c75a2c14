import { App, Aspects, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { HelperFunctionLogs } from '../../lib/common/helper-function-logs';

describe('HelperFunctionLogs', () => {
  const app = new App();
  const stack = new Stack(app, 'Helpers', { env: { account: '123456789012', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  // Three kinds of function aws-cdk-lib adds by itself.
  new s3.Bucket(stack, 'Events', { eventBridgeEnabled: true });
  new s3.Bucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
  new cr.AwsCustomResource(stack, 'Call', {
    onCreate: {
      service: 'STS',
      action: 'getCallerIdentity',
      physicalResourceId: cr.PhysicalResourceId.of('x'),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  // A function of our own that already logs to its own group keeps it.
  const own = new logs.LogGroup(stack, 'OwnLogs');
  new lambda.Function(stack, 'Own', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    logGroup: own,
  });
  Aspects.of(stack).add(
    new HelperFunctionLogs({
      key,
      retention: logs.RetentionDays.TWO_WEEKS,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  );
  const template = Template.fromStack(stack);
  const [helperGroupId] = Object.keys(
    template.findResources('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 14 } }),
  );

  test('one encrypted log group with the retention and removal policy given', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: 14,
        KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as CfnResource), 'Arn'] },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('every helper function logs to it; a function with its own group keeps its own', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const targets = Object.values(functions).map((fn) => fn.Properties.LoggingConfig?.LogGroup);
    expect(targets).toHaveLength(4);
    expect(
      targets.filter((target) => JSON.stringify(target) === JSON.stringify({ Ref: helperGroupId })),
    ).toHaveLength(3);
    expect(targets).toContainEqual({ Ref: stack.getLogicalId(own.node.defaultChild as CfnResource) });
  });
});
