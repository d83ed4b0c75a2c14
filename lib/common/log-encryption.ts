/** CloudWatch Logs encrypting log groups with a customer managed key. */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const LOGS_KEY_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
];

/** Keys whose policy already lets CloudWatch Logs use them: the statement is added once per key. */
const keysOpenToLogs = new WeakSet<kms.IKey>();

/**
 * Lets the Logs service of this region use `key` for this account's log groups (the
 * encryption context names the log group). Every construct that encrypts a log group with a
 * shared key calls this; the key policy gets one statement. A no-op on an imported key, whose
 * owner must add the same statement to its key policy.
 */
export function allowLogsToUseKey(key: kms.IKey, scope: Construct): void {
  if (keysOpenToLogs.has(key)) return;
  keysOpenToLogs.add(key);
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
      actions: LOGS_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/** A KMS-encrypted log group with the given retention and removal policy. */
export function encryptedLogGroup(
  scope: Construct,
  id: string,
  options: {
    readonly key: kms.IKey;
    readonly retention: logs.RetentionDays;
    readonly removalPolicy: RemovalPolicy;
  },
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    encryptionKey: options.key,
    retention: options.retention,
    removalPolicy: options.removalPolicy,
  });
}
