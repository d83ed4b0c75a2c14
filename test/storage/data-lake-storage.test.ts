import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { DataLakeStorage, DataLakeStorageProps } from '../../lib';
import {
  arnOf,
  deleteObjects,
  getObjects,
  lakeStatements,
  listPrefixes,
  putObjects,
  useKey,
} from '../helpers/iam';
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

  test('grantRead gives GetObject under the prefix, ListBucket limited to it and decrypt; grantWrite gives put and encrypt', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    lake.grantRead('curated', role, 'silver/');
    lake.grantWrite('quarantine', role, ['sales/', 'customers/']);
    expect(lakeStatements(Template.fromStack(consumer), 'Reader')).toEqual([
      getObjects('LakeCuratedBucket', ['silver/']),
      listPrefixes('LakeCuratedBucket', ['silver/']),
      useKey('LakeKey', 'read'),
      putObjects('LakeQuarantineBucket', ['sales/', 'customers/']),
      useKey('LakeKey', 'write'),
    ]);
    expect(unacknowledgedNagFindings(role)).toEqual([]);
  });

  test('grantList gives ListBucket on the prefixes only, and grantDelete DeleteObject under them', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Job', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
    lake.grantList('raw', role, 'sales/ingest_date=');
    lake.grantDelete('curated', role, 'gold/');
    expect(lakeStatements(Template.fromStack(consumer), 'Job')).toEqual([
      listPrefixes('LakeRawBucket', ['sales/ingest_date=']),
      deleteObjects('LakeCuratedBucket', ['gold/']),
    ]);
  });

  test('acknowledges the prefix wildcard it creates, with its exact finding id, and nothing broader', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    lake.grantRead('curated', role, 'gold/');
    lake.grantWrite('curated', role, 'gold/');
    const curated = consumer.getLogicalId(lake.curatedBucket.node.defaultChild as s3.CfnBucket);
    expect(acknowledgements(role)).toEqual([
      {
        id: `AwsSolutions-IAM5[Resource::<${curated}.Arn>/gold/*]`,
        reason: expect.stringMatching(/^Objects under gold\/ of the lake's curated zone: /),
      },
    ]);
  });

  test('leaves a whole-zone grant unacknowledged and its listing unconditioned, for the caller to justify', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Auditor', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    lake.grantRead('quarantine', role, '');
    expect(lakeStatements(Template.fromStack(consumer), 'Auditor')).toEqual(
      expect.arrayContaining([
        { Effect: 'Allow', Action: 's3:ListBucket', Resource: arnOf('LakeQuarantineBucket') },
      ]),
    );
    expect(unacknowledgedNagFindings(role)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<LakeQuarantineBucket\w+\.Arn>\/\*\] at /),
    ]);
  });

  test('fails to grant delete on the raw zone', () => {
    const consumer = new Stack(new App(), 'Grants');
    const lake = new DataLakeStorage(consumer, 'Lake');
    const role = new iam.Role(consumer, 'Job', { assumedBy: new iam.ServicePrincipal('glue.amazonaws.com') });
    expect(() => lake.grantDelete('raw' as 'curated', role, 'sales/')).toThrow(
      /grantDelete refuses the raw zone: raw objects are the replayable record of what arrived/,
    );
  });

  test('fromLakeAttributes gives existing buckets and key the same grants, creating nothing', () => {
    const consumer = new Stack(new App(), 'Imported');
    const lake = DataLakeStorage.fromLakeAttributes(consumer, 'Lake', {
      rawBucket: s3.Bucket.fromBucketName(consumer, 'Raw', 'corp-raw'),
      curatedBucket: s3.Bucket.fromBucketName(consumer, 'Curated', 'corp-curated'),
      quarantineBucket: s3.Bucket.fromBucketName(consumer, 'Quarantine', 'corp-quarantine'),
      key: kms.Key.fromKeyArn(consumer, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/abc'),
    });
    const role = new iam.Role(consumer, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    lake.grantRead('raw', role, 'sales/');
    const template = Template.fromStack(consumer);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(lake.bucket('quarantine')).toBe(lake.quarantineBucket);
    expect(lakeStatements(template, 'Reader')).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::corp-raw/sales/*']] },
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::corp-raw']] },
        Condition: { StringLike: { 's3:prefix': ['sales/', 'sales/*'] } },
      },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/abc' },
    ]);
    expect(unacknowledgedNagFindings(role)).toEqual([]);
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
      /autoDeleteObjects requires removalPolicy DESTROY: set both, or neither to keep the data/,
    );
  });

  test.each([
    [
      'raw objects moved to Standard-IA before 30 days',
      { rawInfrequentAccessAfter: Duration.days(10) },
      /rawInfrequentAccessAfter must be at least 30 days, an S3 rule \(got 10 days\)/,
    ],
    [
      'raw objects moved to Glacier no later than to Standard-IA',
      { rawGlacierAfter: Duration.days(30) },
      /rawGlacierAfter must be later than rawInfrequentAccessAfter \(got 30 <= 30 days\)/,
    ],
    [
      'quarantine expiring within a day',
      { quarantineExpiration: Duration.hours(12) },
      /quarantineExpiration must be at least 1 day \(got 0.5 days\)/,
    ],
    [
      'noncurrent curated versions expiring at once',
      { curatedNoncurrentVersionExpiration: Duration.days(0) },
      /curatedNoncurrentVersionExpiration must be at least 1 day \(got 0 days\)/,
    ],
    [
      'uploads aborted at once',
      { abortIncompleteMultipartUploadAfter: Duration.days(0) },
      /abortIncompleteMultipartUploadAfter must be at least 1 day \(got 0 days\)/,
    ],
    [
      'access logs expiring at once',
      { accessLogsExpiration: Duration.days(0) },
      /accessLogsExpiration must be at least 1 day \(got 0 days\)/,
    ],
  ])('fails on %s', (_name, props, message) => {
    expect(() => storageStack(props)).toThrow(message);
  });
});

/** The acknowledgements recorded on a construct itself. */
function acknowledgements(scope: IConstruct): { id: string; reason: string }[] {
  return scope.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => ({ id: id.replace(/^annotation::/i, ''), reason }));
}
