import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { durationRange, Rules, validateProps } from '../common/props-validation';
import { DataLakeAttributes, DataLakeBase, IDataLake } from './data-lake';

export interface DataLakeStorageProps {
  /**
   * Key for SSE-KMS on the raw, curated and quarantine buckets.
   * @default a new customer managed key with yearly rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to buckets and the key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Empty the buckets on stack deletion. Requires `removalPolicy: RemovalPolicy.DESTROY`, and
   * lifts the raw zone's delete protection so the buckets can be emptied.
   * @default false
   */
  readonly autoDeleteObjects?: boolean;
  /**
   * Age at which raw objects move to S3 Standard-IA (at least 30 days, an S3 rule).
   * @default Duration.days(30)
   */
  readonly rawInfrequentAccessAfter?: Duration;
  /**
   * Age at which raw objects move to Glacier Flexible Retrieval; after the IA transition.
   * @default Duration.days(90)
   */
  readonly rawGlacierAfter?: Duration;
  /**
   * Age at which quarantined rows and reports expire.
   * @default Duration.days(90)
   */
  readonly quarantineExpiration?: Duration;
  /**
   * Age at which noncurrent curated versions (left by batch re-runs) expire.
   * @default Duration.days(30)
   */
  readonly curatedNoncurrentVersionExpiration?: Duration;
  /**
   * Incomplete multipart uploads are aborted after this long, in every bucket.
   * @default Duration.days(7)
   */
  readonly abortIncompleteMultipartUploadAfter?: Duration;
  /**
   * Age at which server access logs expire.
   * @default Duration.days(365)
   */
  readonly accessLogsExpiration?: Duration;
}

/** Lifecycle days must be whole and at least 1 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_NoncurrentVersionExpiration.html). */
const LIFECYCLE_DAYS = durationRange({ min: Duration.days(1), unit: 'days' });

/** DataLakeStorage's props rules; the environment config checks its lifecycle days with them. */
export const DATA_LAKE_STORAGE_RULES: Rules<DataLakeStorageProps> = {
  props: {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
    rawInfrequentAccessAfter: durationRange({ min: Duration.days(30), unit: 'days', note: 'an S3 rule' }),
    quarantineExpiration: LIFECYCLE_DAYS,
    curatedNoncurrentVersionExpiration: LIFECYCLE_DAYS,
    abortIncompleteMultipartUploadAfter: LIFECYCLE_DAYS,
    accessLogsExpiration: LIFECYCLE_DAYS,
  },
  across: [
    ({ autoDeleteObjects, removalPolicy }, nameOf) =>
      autoDeleteObjects && removalPolicy !== undefined && removalPolicy !== RemovalPolicy.DESTROY
        ? `${nameOf('autoDeleteObjects')} requires ${nameOf('removalPolicy')} DESTROY: set both, or neither to keep the data`
        : undefined,
    ({ rawInfrequentAccessAfter: ia, rawGlacierAfter: glacier }, nameOf) =>
      ia && glacier && !ia.isUnresolved() && !glacier.isUnresolved() && glacier.toDays() <= ia.toDays()
        ? `${nameOf('rawGlacierAfter')} must be later than ${nameOf('rawInfrequentAccessAfter')} (got ${glacier.toDays()} <= ${ia.toDays()} days)`
        : undefined,
  ],
};

/**
 * The lake's storage: raw (bronze, immutable landing), curated (silver validated CSV and gold
 * star-schema Parquet), quarantine (rejected rows with reasons), and a server-access-logs bucket
 * that the others log to. SSE-KMS with bucket keys, TLS only, no public access, owner-enforced
 * objects, and RETAIN unless told otherwise.
 */
export class DataLakeStorage extends DataLakeBase {
  /** The key that encrypts the raw, curated and quarantine buckets. */
  public readonly key: kms.IKey;
  public readonly rawBucket: s3.Bucket;
  public readonly curatedBucket: s3.Bucket;
  public readonly quarantineBucket: s3.Bucket;
  /** Receives S3 server access logs of the other buckets (SSE-S3: log delivery cannot use KMS). */
  public readonly accessLogsBucket: s3.Bucket;

  /**
   * A lake of existing buckets and key, e.g. from another stack or app: the same grants as a
   * lake this construct creates, on buckets it does not manage.
   */
  public static fromLakeAttributes(scope: Construct, id: string, attrs: DataLakeAttributes): IDataLake {
    class Import extends DataLakeBase {
      public readonly rawBucket = attrs.rawBucket;
      public readonly curatedBucket = attrs.curatedBucket;
      public readonly quarantineBucket = attrs.quarantineBucket;
      public readonly key = attrs.key;
    }
    return new Import(scope, id);
  }

  constructor(scope: Construct, id: string, props: DataLakeStorageProps = {}) {
    super(scope, id);
    // Log delivery is granted by bucket policy, which works with owner-enforced objects; the
    // legacy LogDeliveryWrite ACL does not. Set here so importing apps need no feature flag.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const autoDeleteObjects = props.autoDeleteObjects ?? false;
    const rawIa = props.rawInfrequentAccessAfter ?? Duration.days(30);
    const rawGlacier = props.rawGlacierAfter ?? Duration.days(90);
    const abortAfter = props.abortIncompleteMultipartUploadAfter ?? Duration.days(7);
    validateProps(
      {
        ...props,
        removalPolicy,
        autoDeleteObjects,
        rawInfrequentAccessAfter: rawIa,
        rawGlacierAfter: rawGlacier,
      },
      DATA_LAKE_STORAGE_RULES,
    );

    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: 'Data lake SSE-KMS key (raw, curated, quarantine zones)',
        enableKeyRotation: true,
        removalPolicy,
        pendingWindow: Duration.days(removalPolicy === RemovalPolicy.DESTROY ? 7 : 30),
      });

    const secureDefaults = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy,
      autoDeleteObjects,
    };

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      ...secureDefaults,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        { id: 'expire-access-logs', expiration: props.accessLogsExpiration ?? Duration.days(365) },
      ],
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'AccessLogsBucket is the server-access-log sink of the lake buckets; logging it into itself would loop. CloudTrail data events cover it where required.',
    });

    const kmsDefaults = {
      ...secureDefaults,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
    };
    const abortRule: s3.LifecycleRule = {
      id: 'abort-incomplete-uploads',
      abortIncompleteMultipartUploadAfter: abortAfter,
    };

    this.rawBucket = new s3.Bucket(this, 'RawBucket', {
      ...kmsDefaults,
      versioned: true,
      eventBridgeEnabled: true,
      serverAccessLogsPrefix: 'raw/',
      lifecycleRules: [
        abortRule,
        {
          id: 'tier-raw-objects',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: rawIa },
            { storageClass: s3.StorageClass.GLACIER, transitionAfter: rawGlacier },
          ],
          noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: rawIa }],
        },
      ],
    });
    acknowledgeBucketNotificationsHandler(this);
    if (!autoDeleteObjects) {
      // Bronze is the replayable record of what arrived: nobody deletes it, not even admins by mistake.
      this.rawBucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyRawObjectDeletion',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
          resources: [this.rawBucket.arnForObjects('*')],
        }),
      );
    }

    this.curatedBucket = new s3.Bucket(this, 'CuratedBucket', {
      ...kmsDefaults,
      versioned: true,
      serverAccessLogsPrefix: 'curated/',
      lifecycleRules: [
        abortRule,
        {
          id: 'expire-noncurrent-curated',
          noncurrentVersionExpiration: props.curatedNoncurrentVersionExpiration ?? Duration.days(30),
        },
      ],
    });

    // Versioned: a re-validated file overwrites its rejected rows, and the earlier copy is
    // the evidence of what was rejected before; it expires with the quarantine window.
    const quarantineExpiration = props.quarantineExpiration ?? Duration.days(90);
    this.quarantineBucket = new s3.Bucket(this, 'QuarantineBucket', {
      ...kmsDefaults,
      versioned: true,
      serverAccessLogsPrefix: 'quarantine/',
      lifecycleRules: [
        abortRule,
        {
          id: 'expire-quarantine',
          expiration: quarantineExpiration,
          noncurrentVersionExpiration: quarantineExpiration,
        },
      ],
    });
  }
}

/** CDK's stack-wide singleton that turns on EventBridge notifications for the raw bucket. */
const BUCKET_NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';

function acknowledgeBucketNotificationsHandler(scope: Construct): void {
  const role = Stack.of(scope).node.tryFindChild(BUCKET_NOTIFICATIONS_HANDLER_ID)?.node.tryFindChild('Role');
  if (!role) return;
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'CDK-owned deploy-time handler that turns on EventBridge notifications for RawBucket; the managed policy only lets it write its own CloudWatch logs.',
  });
}
