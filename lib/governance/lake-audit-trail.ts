/**
 * LakeAuditTrail: who read, wrote or was refused lake objects. A CloudTrail trail records the
 * S3 data events of the lake buckets (advanced event selectors scoped to their ARNs) and the
 * account's management events, with log file validation, into a KMS-encrypted audit bucket of
 * its own and a KMS-encrypted CloudWatch Logs copy. A metric filter counts AccessDenied on the
 * lake buckets and an alarm fires on it. Where an organization trail already records the
 * account, the construct creates no trail and reads that trail's log group instead.
 */
import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowLogsToUseKey, encryptedLogGroup } from '../common/log-encryption';
import { durationRange, matches, Rules, validateProps, wholeNumber } from '../common/props-validation';

/** Where the alarm description points. */
export const AUDIT_RUNBOOK = 'README.md#governance-audit-ad-hoc-sql-and-compliance';
const METRIC_NAME = 'LakeAccessDenied';

export interface LakeAuditTrailProps {
  /** The buckets whose object-level events are recorded and watched: the lake's raw, curated and quarantine buckets. */
  readonly lakeBuckets: readonly s3.IBucket[];
  /**
   * Encrypts log files and digests, the audit bucket and the CloudWatch Logs copy. Kept apart
   * from the lake key, so readers of lake data cannot read its audit record. An imported key
   * must already let CloudTrail and CloudWatch Logs use it.
   * @default a new customer managed key with rotation, RETAINed
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Receives the audit bucket's S3 server access logs.
   * @default no server access logs (cdk-nag AwsSolutions-S1 then reports the audit bucket)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * A log group of this account and region that already receives this account's CloudTrail
   * events, e.g. the CloudWatch Logs copy of an organization trail. With it, no trail, bucket
   * or key is created: the metric filter and the alarm read this log group. The organization
   * trail must record the lake buckets' data events.
   * @default a trail of this construct
   */
  readonly organizationTrailLogGroup?: logs.ILogGroup;
  /**
   * Age at which log files expire from the audit bucket: 1 to 3650 days.
   * @default Duration.days(365)
   */
  readonly logExpiration?: Duration;
  /**
   * How long the CloudWatch Logs copy keeps events.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The trail's name: 3 to 128 letters, digits, periods, underscores or hyphens, starting with a letter or digit.
   * @default a name derived from the construct path
   */
  readonly trailName?: string;
  /**
   * The alarm fires when denied requests on the lake buckets in 5 minutes reach this count: at least 1.
   * @default 1
   */
  readonly accessDeniedThreshold?: number;
}

/** LakeAuditTrail's props rules; the environment config checks its log expiry with them. */
export const LAKE_AUDIT_TRAIL_RULES: Rules<LakeAuditTrailProps> = {
  props: {
    lakeBuckets: (name, buckets) =>
      buckets.length === 0 ? `${name} must name at least one bucket (got none)` : undefined,
    logExpiration: durationRange({ min: Duration.days(1), max: Duration.days(3650), unit: 'days' }),
    accessDeniedThreshold: wholeNumber({ min: 1 }),
    trailName: matches(
      /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/,
      'be 3-128 letters, digits, periods, underscores or hyphens, starting with a letter or digit',
    ),
  },
  across: [
    ({ organizationTrailLogGroup, encryptionKey, trailName, serverAccessLogsBucket }, nameOf) =>
      organizationTrailLogGroup && (encryptionKey || trailName || serverAccessLogsBucket)
        ? `${nameOf('organizationTrailLogGroup')} replaces the trail: drop ${nameOf('encryptionKey')}, ${nameOf('trailName')} and ${nameOf('serverAccessLogsBucket')}, which only a trail of this construct uses`
        : undefined,
  ],
};

export class LakeAuditTrail extends Construct {
  /** The trail; undefined when an organization trail's log group is given. */
  public readonly trail?: cloudtrail.Trail;
  /** The trail's name; undefined with an organization trail. */
  public readonly trailName?: string;
  /** Log files and digests: versioned, TLS only, no public access, RETAINed. Undefined with an organization trail. */
  public readonly bucket?: s3.Bucket;
  /** Encrypts the trail's outputs; undefined with an organization trail. */
  public readonly key?: kms.IKey;
  /** Where the metric filter reads events: this trail's CloudWatch Logs copy, or the organization trail's. */
  public readonly logGroup: logs.ILogGroup;
  /** Counts AccessDenied S3 requests on the lake buckets. */
  public readonly accessDeniedFilter: logs.MetricFilter;
  /** Fires on denied access to the lake; add it to PipelineMonitoring to send it to the pipeline topic. */
  public readonly accessDeniedAlarm: cloudwatch.Alarm;

  private readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: LakeAuditTrailProps) {
    super(scope, id);
    const expiration = props.logExpiration ?? Duration.days(365);
    const threshold = props.accessDeniedThreshold ?? 1;
    validateProps(props, LAKE_AUDIT_TRAIL_RULES);
    // Per stack: two environments in one account must not count each other's denials.
    this.metricNamespace = `DataPlatform/Audit/${Stack.of(this).stackName}`;

    if (props.organizationTrailLogGroup) {
      this.logGroup = props.organizationTrailLogGroup;
    } else {
      this.trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
      this.key = props.encryptionKey ?? auditKey(this);
      this.bucket = auditBucket(this, this.key, expiration, props.serverAccessLogsBucket);
      allowCloudTrailToUseKey(this.key, this.trailArn(this.trailName));
      allowLogsToUseKey(this.key, this);
      const logGroup = encryptedLogGroup(this, 'LogGroup', {
        key: this.key,
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.logGroup = logGroup;
      this.trail = new cloudtrail.Trail(this, 'Trail', {
        trailName: this.trailName,
        bucket: this.bucket,
        encryptionKey: this.key,
        enableFileValidation: true,
        sendToCloudWatchLogs: true,
        cloudWatchLogGroup: logGroup,
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: true,
      });
      recordLakeDataEvents(this.trail, props.lakeBuckets);
    }

    this.accessDeniedFilter = new logs.MetricFilter(this, 'AccessDeniedFilter', {
      logGroup: this.logGroup,
      metricNamespace: this.metricNamespace,
      metricName: METRIC_NAME,
      metricValue: '1',
      filterPattern: accessDeniedPattern(props.lakeBuckets),
    });
    this.accessDeniedAlarm = new cloudwatch.Alarm(this, 'AccessDeniedAlarm', {
      metric: this.metricAccessDenied(),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        `S3 refused requests on the lake buckets (AccessDenied). Runbook (${AUDIT_RUNBOOK}): in CloudWatch Logs ` +
        `Insights on ${this.logGroup.logGroupName}, filter errorCode = "AccessDenied" and read ` +
        'userIdentity.arn, eventName and requestParameters.key; ' +
        'fix a missing grant, or revoke the credentials of an unexpected caller.',
    });
  }

  /** Denied S3 requests on the lake buckets, summed over 5 minutes. */
  public metricAccessDenied(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricNamespace,
      metricName: METRIC_NAME,
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }

  private trailArn(name: string): string {
    return Stack.of(this).formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: name });
  }
}

function auditKey(scope: Construct): kms.Key {
  return new kms.Key(scope, 'Key', {
    description: 'Lake audit trail: CloudTrail log files and digests, audit bucket, CloudWatch Logs copy',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

function auditBucket(
  scope: Construct,
  key: kms.IKey,
  expiration: Duration,
  accessLogs: s3.IBucket | undefined,
): s3.Bucket {
  return new s3.Bucket(scope, 'Bucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    // The audit record outlives the stack, in every environment.
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: accessLogs ? 'audit/' : undefined,
    lifecycleRules: [
      {
        id: 'expire-audit-logs',
        expiration,
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ],
  });
}

/**
 * The key policy statements CloudTrail needs to encrypt this trail's log files and describe
 * the key, pinned to the trail by aws:SourceArn and the encryption context
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 * CloudTrail calls GenerateDataKey for each log file
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/how-kms-works-with-cloudtrail.html).
 */
function allowCloudTrailToUseKey(key: kms.IKey, trailArn: string): void {
  const stack = Stack.of(key);
  const cloudtrailPrincipal = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: [cloudtrailPrincipal],
      actions: ['kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*`,
        },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeKey',
      principals: [cloudtrailPrincipal],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
    }),
  );
}

/**
 * Management events, and S3 data events of the lake buckets only: advanced event selectors
 * scoped by resources.ARN (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html).
 * The L2 Trail has no advanced selectors, so they are set on the L1; with them, management
 * events need a selector of their own.
 */
function recordLakeDataEvents(trail: cloudtrail.Trail, buckets: readonly s3.IBucket[]): void {
  const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
  cfnTrail.eventSelectors = undefined;
  cfnTrail.advancedEventSelectors = [
    {
      name: 'Management events',
      fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
    },
    {
      name: 'Lake bucket object events',
      fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: buckets.map((bucket) => `${bucket.bucketArn}/`) },
      ],
    },
  ];
}

/** AccessDenied S3 requests whose bucket is one of the lake's. */
function accessDeniedPattern(buckets: readonly s3.IBucket[]): logs.IFilterPattern {
  return logs.FilterPattern.all(
    logs.FilterPattern.stringValue('$.eventSource', '=', 's3.amazonaws.com'),
    logs.FilterPattern.stringValue('$.errorCode', '=', 'AccessDenied'),
    logs.FilterPattern.any(
      ...buckets.map((bucket) =>
        logs.FilterPattern.stringValue('$.requestParameters.bucketName', '=', bucket.bucketName),
      ),
    ),
  );
}
