import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATASET_NAMES, DatasetName, layoutPath } from '../../contract';
import { DATASET_DIMENSION, METRICS, METRICS_NAMESPACE } from '../../contract/metrics';
import { KEY_ENCRYPT_ACTIONS, OBJECT_WRITE_ACTIONS } from '../storage';
import { iam5ResourceFinding } from './nag-findings';
import { platformFunction } from '../common/platform-function';

/** The validator reads one raw object at a time; it never lists or reads versions. */
export const RAW_READ_ACTIONS = ['s3:GetObject'] as const;

const MEMORY_RANGE = { min: 256, max: 10240 } as const;
const TIMEOUT_RANGE = { min: Duration.seconds(10), max: Duration.minutes(15) } as const;

export interface RawFileValidatorProps {
  /** The raw (landing) zone; the function reads `<dataset>/ingest_date=*` objects of it. */
  readonly rawBucket: s3.IBucket;
  /** Receives the accepted rows under `silver/<dataset>/ingest_date=*`. */
  readonly curatedBucket: s3.IBucket;
  /** Receives rejected rows and reports under `<dataset>/ingest_date=*`. */
  readonly quarantineBucket: s3.IBucket;
  /**
   * The key of the three buckets; it also encrypts the function's log group (the construct
   * lets CloudWatch Logs use it when the key is defined in the same app).
   */
  readonly encryptionKey: kms.IKey;
  /**
   * Memory in MiB, 256 to 10240. The validator is single-threaded and CPU-bound with a peak
   * RSS near 100 MB, so the default buys one full vCPU (Lambda's CPU share grows with memory).
   * @default 1769
   */
  readonly memorySize?: number;
  /**
   * Longest run, 10 seconds to 15 minutes. At the benchmark's throughput 5 minutes covers
   * files of several GB.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * Concurrency reserved for (and capping) the function, at least 1.
   * @default - no reservation: the account's unreserved pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * How long the function's logs are kept (from the environment config).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * CloudWatch namespace of the RowsAccepted, RowsRejected and FilesFailed metrics.
   * @default METRICS_NAMESPACE ('DataPlatform')
   */
  readonly metricsNamespace?: string;
}

/**
 * The raw-file validator Lambda: streams one raw CSV object through the data contract's
 * checks and writes accepted rows (curated silver/), rejected rows and a report (quarantine).
 * Invoke it with `{bucket, key}`; it returns `{source, outputs, report}`.
 */
export class RawFileValidator extends Construct {
  /** Metric dimension and service name of the function. */
  static readonly SERVICE_NAME = METRICS.validateRaw.service;

  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly metricsNamespace: string;

  constructor(scope: Construct, id: string, props: RawFileValidatorProps) {
    super(scope, id);
    validateProps(props);
    this.metricsNamespace = props.metricsNamespace ?? METRICS_NAMESPACE;

    // The ids the validator had before platformFunction: Resource, Role, LogGroup.
    const validator = platformFunction(this, 'Resource', {
      handlerName: 'validate-raw',
      description: 'Validates a raw CSV object against the data contract',
      roleId: 'Role',
      roleDescription: 'RawFileValidator: read raw objects, write validated and quarantined outputs',
      logGroupId: 'LogGroup',
      logKey: props.encryptionKey,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      memorySize: props.memorySize ?? 1769,
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        CURATED_BUCKET: props.curatedBucket.bucketName,
        QUARANTINE_BUCKET: props.quarantineBucket.bucketName,
        POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
      },
    });
    this.function = validator.function;
    this.role = validator.role;
    this.logGroup = validator.logGroup;
    this.grantLakeAccess(props);
  }

  /** Permission to invoke the validator, e.g. for the orchestration's state machine. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }

  /** Rows rejected by the validator for one dataset (Sum over 5 minutes by default). */
  public metricRowsRejected(dataset: DatasetName, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRICS.validateRaw.rowsRejected, dataset, props);
  }

  /** Files of one dataset that FAILED validation (Sum over 5 minutes by default). */
  public metricFilesFailed(dataset: DatasetName, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRICS.validateRaw.filesFailed, dataset, props);
  }

  private metric(name: string, dataset: DatasetName, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricsNamespace,
      metricName: name,
      dimensionsMap: { service: RawFileValidator.SERVICE_NAME, [DATASET_DIMENSION]: dataset },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /**
   * Object-level grants, one prefix per contract dataset, derived from the lake layout:
   * read raw, write validated (curated silver/) and quarantine, and use the key.
   */
  private grantLakeAccess(props: RawFileValidatorProps): void {
    const zones = [
      { zone: 'raw', bucket: props.rawBucket, actions: RAW_READ_ACTIONS, why: 'reads' },
      {
        zone: 'validated',
        bucket: props.curatedBucket,
        actions: OBJECT_WRITE_ACTIONS,
        why: 'writes accepted rows to',
      },
      {
        zone: 'quarantine',
        bucket: props.quarantineBucket,
        actions: OBJECT_WRITE_ACTIONS,
        why: 'writes rejected rows and reports to',
      },
    ] as const;
    for (const { zone, bucket, actions, why } of zones) {
      const resources = DATASET_NAMES.map((dataset) => bucket.arnForObjects(objectPattern(zone, dataset)));
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...actions], resources }));
      Validations.of(this.role).acknowledge(
        ...resources.map((arn) => ({
          id: iam5ResourceFinding(this, arn),
          reason: `The validator ${why} objects named by ingest date and file (${layoutPath(zone, { dataset: '<dataset>', date: '<date>' })}<file>), unknown at deploy time; the wildcard stays inside one dataset's prefix of the contract's layout.`,
        })),
      );
    }
    props.encryptionKey.grant(this.role, ...KEY_ENCRYPT_ACTIONS);
  }
}

/** A zone's key pattern for one dataset: the layout template with `*` from the first open part. */
function objectPattern(zone: 'raw' | 'validated' | 'quarantine', dataset: DatasetName): string {
  const prefix = layoutPath(zone, { dataset, date: '\u0000' });
  return `${prefix.slice(0, prefix.indexOf('\u0000'))}*`;
}

function validateProps(props: RawFileValidatorProps): void {
  const { memorySize, timeout, reservedConcurrentExecutions } = props;
  if (memorySize !== undefined && !Token.isUnresolved(memorySize)) {
    if (!Number.isInteger(memorySize) || memorySize < MEMORY_RANGE.min || memorySize > MEMORY_RANGE.max) {
      throw new Error(
        `memorySize must be an integer between ${MEMORY_RANGE.min} and ${MEMORY_RANGE.max} MiB (got ${memorySize})`,
      );
    }
  }
  if (timeout !== undefined && !timeout.isUnresolved()) {
    const seconds = timeout.toSeconds({ integral: false });
    if (seconds < TIMEOUT_RANGE.min.toSeconds() || seconds > TIMEOUT_RANGE.max.toSeconds()) {
      throw new Error(`timeout must be between 10 seconds and 15 minutes (got ${seconds} seconds)`);
    }
  }
  if (reservedConcurrentExecutions !== undefined && !Token.isUnresolved(reservedConcurrentExecutions)) {
    if (!Number.isInteger(reservedConcurrentExecutions) || reservedConcurrentExecutions < 1) {
      throw new Error(
        `reservedConcurrentExecutions must be a whole number of at least 1, or left out for no reservation (got ${reservedConcurrentExecutions})`,
      );
    }
  }
}
