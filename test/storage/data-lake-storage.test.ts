import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { DataLakeStorage, DataLakeStorageProps } from '../../lib';
import { unacknowledgedNagFindings } from '../helpers/nag';

/** Composes DataLakeStorage alone into a fresh stack, as another CDK app would. */
function storageStack(props?: DataLakeStorageProps): {
  stack: Stack;
  storage: DataLakeStorage;
  template: Template;
} {
  const stack = new Stack(new App(), 'Consumer');
  const storage = new DataLakeStorage(stack, 'Lake', props);
  return { stack, storage, template: Template.fromStack(stack) };
}

function bucketByLogicalPrefix(template: Template, prefix: string): Record<string, unknown> {
  const buckets = template.findResources('AWS::S3::Bucket');
  const id = Object.keys(buckets).find((logicalId) => logicalId.startsWith(prefix));
  if (!id) throw new Error(`no bucket ${prefix} in ${Object.keys(buckets).join(', ')}`);
  return buckets[id] as Record<string, unknown>;
}

describe('DataLakeStorage', () => {
  const { stack, template } = storageStack();

  test('creates a rotating customer key and encrypts raw, curated and quarantine with SSE-KMS bucket keys', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const name of ['LakeRawBucket', 'LakeCuratedBucket', 'LakeQuarantineBucket']) {
      expect(bucketByLogicalPrefix(template, name)).toMatchObject({
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
            ],
          },
        },
      });
    }
  });

  test('blocks all public access and enforces object ownership on every bucket', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(4);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
    }
  });

  test('denies non-TLS requests on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  test('versions raw, curated and quarantine, logs them to the access-logs bucket, and sends raw events to EventBridge', () => {
    for (const name of ['LakeRawBucket', 'LakeCuratedBucket', 'LakeQuarantineBucket']) {
      expect(bucketByLogicalPrefix(template, name)).toMatchObject({
        Properties: {
          VersioningConfiguration: { Status: 'Enabled' },
          LoggingConfiguration: expect.any(Object),
        },
      });
    }
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  test('applies lifecycle rules per zone: tiering raw, expiring quarantine, aborting uploads everywhere', () => {
    const rules = (name: string) =>
      (
        bucketByLogicalPrefix(template, name) as {
          Properties: { LifecycleConfiguration: { Rules: unknown[] } };
        }
      ).Properties.LifecycleConfiguration.Rules;
    expect(rules('LakeRawBucket')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }),
        expect.objectContaining({
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
            { StorageClass: 'GLACIER', TransitionInDays: 90 },
          ],
        }),
      ]),
    );
    // Earlier versions of re-validated rejects expire with the quarantine window too.
    expect(rules('LakeQuarantineBucket')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        }),
      ]),
    );
    expect(rules('LakeCuratedBucket')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
      ]),
    );
  });

  test('retains buckets and key by default and forbids deleting raw objects', () => {
    template.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyRawObjectDeletion',
            Effect: 'Deny',
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          }),
        ]),
      },
    });
  });

  test('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(unacknowledgedNagFindings(stack)).toEqual([]);
  });

  test('grantRead scopes object reads to the zone prefix and adds key decrypt, with no wildcard actions', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    lake.grantRead('curated', role, 'silver/');
    lake.grantWrite('quarantine', role);
    const readerRef = consumer.getLogicalId(role.node.defaultChild as iam.CfnRole);
    const [policy] = Object.values(
      Template.fromStack(consumer).findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: readerRef }] },
      }),
    );
    const statements = policy.Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'kms:Decrypt']),
    );
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(JSON.stringify(statements)).toContain('/silver/*');
  });

  test('uses a key passed in props instead of creating one', () => {
    const stack2 = new Stack(new App(), 'ByoKey');
    const key = kms.Key.fromKeyArn(stack2, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/abc');
    const lake = new DataLakeStorage(stack2, 'Lake', { encryptionKey: key });
    expect(lake.key).toBe(key);
    Template.fromStack(stack2).resourceCountIs('AWS::KMS::Key', 0);
  });

  test('destroys and empties buckets only when both DESTROY and autoDeleteObjects are set', () => {
    const { template: dev } = storageStack({ removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
    dev.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
    dev.resourceCountIs('Custom::S3AutoDeleteObjects', 4);
  });

  test('fails when autoDeleteObjects is set without DESTROY', () => {
    expect(() => storageStack({ autoDeleteObjects: true })).toThrow(
      /autoDeleteObjects requires removalPolicy RemovalPolicy.DESTROY/,
    );
  });

  test('fails when raw tiering is out of order or too early for S3', () => {
    expect(() => storageStack({ rawInfrequentAccessAfter: Duration.days(10) })).toThrow(
      /rawInfrequentAccessAfter must be at least 30 days, an S3 rule \(got 10\)/,
    );
    expect(() => storageStack({ rawGlacierAfter: Duration.days(30) })).toThrow(
      /rawGlacierAfter must be later than rawInfrequentAccessAfter \(got 30 <= 30 days\)/,
    );
  });
});
