import { App, Duration, Stack, aws_kms as kms, aws_logs as logs, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { LakeAuditTrail, LakeAuditTrailProps } from '../../lib/governance';
import { unacknowledgedNagFindings } from '../helpers/nag';

type Options = Partial<Omit<LakeAuditTrailProps, 'lakeBuckets'>>;

/** `orgLogGroupName` imports a log group by that name as the organization trail's. */
function compose(options: Options = {}, orgLogGroupName?: string) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const lakeKey = new kms.Key(stack, 'LakeKey', { enableKeyRotation: true });
  const bucket = (id: string) => new s3.Bucket(stack, id, { encryptionKey: lakeKey, enforceSSL: true });
  const lakeBuckets = [bucket('Raw'), bucket('Curated'), bucket('Quarantine')];
  const accessLogs = new s3.Bucket(stack, 'AccessLogs', { enforceSSL: true });
  const audit = new LakeAuditTrail(stack, 'Audit', {
    lakeBuckets,
    ...(orgLogGroupName
      ? { organizationTrailLogGroup: logs.LogGroup.fromLogGroupName(stack, 'Org', orgLogGroupName) }
      : { serverAccessLogsBucket: accessLogs }),
    ...options,
  });
  return { stack, audit, lakeBuckets, template: () => Template.fromStack(stack) };
}

describe('LakeAuditTrail', () => {
  test('records management events and the S3 object events of exactly the lake buckets', () => {
    const { template, stack, lakeBuckets } = compose();
    template().hasResourceProperties('AWS::CloudTrail::Trail', {
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EventSelectors: Match.absent(),
      AdvancedEventSelectors: [
        { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        {
          Name: 'Lake bucket object events',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            {
              Field: 'resources.ARN',
              StartsWith: lakeBuckets.map((bucket) => stack.resolve(`${bucket.bucketArn}/`)),
            },
          ],
        },
      ],
    });
  });

  test('validates log files and encrypts them with its own rotating key, retained', () => {
    const { template, stack, audit } = compose();
    template().hasResourceProperties('AWS::CloudTrail::Trail', {
      EnableLogFileValidation: true,
      KMSKeyId: stack.resolve(audit.key!.keyArn),
    });
    template().hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('audit trail') },
      DeletionPolicy: 'Retain',
    });
  });

  test('lets CloudTrail encrypt with the key only for this trail (aws:SourceArn and encryption context)', () => {
    const { template } = compose({ trailName: 'lake-audit' });
    template().hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudTrailToEncryptLogs',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey',
            Condition: {
              StringEquals: {
                'aws:SourceArn': {
                  'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':trail/lake-audit$')])],
                },
              },
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  test('writes to an audit bucket that is versioned, KMS-encrypted, TLS-only, private, expiring and retained', () => {
    const { template, stack, audit } = compose({ logExpiration: Duration.days(400) });
    template().hasResource('AWS::S3::Bucket', {
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: stack.resolve(audit.key!.keyArn),
              },
            }),
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ Id: 'expire-audit-logs', ExpirationInDays: 400, Status: 'Enabled' })],
        },
      },
      DeletionPolicy: 'Retain',
    });
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: stack.resolve(audit.bucket!.bucketName),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('copies events to a KMS-encrypted, retained log group and counts AccessDenied on the lake buckets', () => {
    const { template, stack, audit, lakeBuckets } = compose({
      logRetention: logs.RetentionDays.THREE_MONTHS,
    });
    template().hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: stack.resolve(audit.key!.keyArn), RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
    const [filter] = Object.values(template().findResources('AWS::Logs::MetricFilter')) as {
      Properties: { FilterPattern: unknown; MetricTransformations: unknown[] };
    }[];
    const pattern = JSON.stringify(stack.resolve(filter.Properties.FilterPattern));
    expect(pattern).toContain('($.eventSource = \\"s3.amazonaws.com\\")');
    expect(pattern).toContain('($.errorCode = \\"AccessDenied\\")');
    for (const bucket of lakeBuckets) {
      expect(pattern).toContain(JSON.stringify(stack.resolve(bucket.bucketName)));
    }
    expect(filter.Properties.MetricTransformations).toEqual([
      { MetricNamespace: 'DataPlatform/Audit/Lake', MetricName: 'LakeAccessDenied', MetricValue: '1' },
    ]);
  });

  test('alarms on the first denied request in 5 minutes by default, with a runbook', () => {
    const { template } = compose();
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'DataPlatform/Audit/Lake',
      MetricName: 'LakeAccessDenied',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.anyValue(),
    });
  });

  test('with an organization trail, creates no trail, bucket or key and reads that trail log group', () => {
    const { template, audit } = compose({}, 'aws-controltower/CloudTrailLogs');
    expect(audit.trail).toBeUndefined();
    template().resourceCountIs('AWS::CloudTrail::Trail', 0);
    template().resourceCountIs('AWS::KMS::Key', 1); // the lake key of the test stack only
    template().hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: 'aws-controltower/CloudTrailLogs',
    });
    template().resourceCountIs('AWS::CloudWatch::Alarm', 1);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { audit } = compose();
    expect(unacknowledgedNagFindings(audit)).toEqual([]);
  });

  test.each<[string, Options, RegExp]>([
    [
      'logExpiration',
      { logExpiration: Duration.days(4000) },
      /logExpiration must be between 1 and 3650 days \(got 4000 days\)/,
    ],
    [
      'accessDeniedThreshold',
      { accessDeniedThreshold: 0 },
      /accessDeniedThreshold must be a whole number of at least 1 \(got 0\)/,
    ],
    [
      'trailName',
      { trailName: '-bad' },
      /trailName must be 3-128 letters, digits, periods, underscores or hyphens/,
    ],
  ])('fails on an invalid %s', (_name, options, message) => {
    expect(() => compose(options)).toThrow(message);
  });

  test('fails without lake buckets', () => {
    const stack = new Stack(new App(), 'Lake');
    expect(() => new LakeAuditTrail(stack, 'Audit', { lakeBuckets: [] })).toThrow(
      /lakeBuckets must name at least one bucket \(got none\)/,
    );
  });

  test('fails when an organization trail log group comes with trail-only props', () => {
    const stack = new Stack(new App(), 'Lake');
    expect(
      () =>
        new LakeAuditTrail(stack, 'Audit', {
          lakeBuckets: [s3.Bucket.fromBucketName(stack, 'Raw', 'raw')],
          organizationTrailLogGroup: logs.LogGroup.fromLogGroupName(stack, 'Org', 'org-trail'),
          trailName: 'lake-audit',
        }),
    ).toThrow(
      /organizationTrailLogGroup replaces the trail: drop encryptionKey, trailName and serverAccessLogsBucket/,
    );
  });
});
