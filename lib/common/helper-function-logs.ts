/**
 * Log groups with retention for the Lambda functions aws-cdk-lib adds on its own (bucket
 * notifications, AwsCustomResource calls, auto-delete objects). Left alone, Lambda creates
 * their `/aws/lambda/<name>` groups at first run, unencrypted and kept forever; this aspect
 * points every function without a logging configuration at one KMS-encrypted group of the
 * stack's, with the environment's retention and removal policy.
 */
import { CfnResource, IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { allowLogsToUseKey, encryptedLogGroup } from './log-encryption';

export interface HelperFunctionLogsProps {
  /** Encrypts the log group; CloudWatch Logs is allowed to use it. */
  readonly key: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class HelperFunctionLogs implements IAspect {
  private readonly groups = new Map<Stack, logs.LogGroup>();

  constructor(private readonly props: HelperFunctionLogsProps) {}

  visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::Lambda::Function') return;
    // An L1 function keeps its props as fields; a raw CfnResource keeps them as properties.
    const configured =
      node instanceof lambda.CfnFunction
        ? node.loggingConfig
        : (node as unknown as { _cfnProperties?: Record<string, unknown> })._cfnProperties?.LoggingConfig;
    if (configured) return;
    node.addPropertyOverride('LoggingConfig', { LogGroup: this.groupOf(Stack.of(node)).logGroupName });
  }

  private groupOf(stack: Stack): logs.LogGroup {
    let group = this.groups.get(stack);
    if (!group) {
      allowLogsToUseKey(this.props.key, stack);
      group = encryptedLogGroup(stack, 'HelperFunctionLogs', this.props);
      this.groups.set(stack, group);
    }
    return group;
  }
}
