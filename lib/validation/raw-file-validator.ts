import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Contract, defaultContract } from '../../contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { DATASET_DIMENSION, METRICS, METRICS_NAMESPACE } from '../../contract/metrics';
import { durationRange, Rules, validateProps, wholeNumber } from '../common/props-validation';
import { platformFunction } from '../common/platform-function';
import { IDataLake } from '../storage';

export interface RawFileValidatorProps {
  /**
   * The lake. The function reads raw `<dataset>/ingest_date=*` objects, writes accepted rows
   * to curated `silver/<dataset>/ingest_date=*` and rejected rows and reports to quarantine
   * `<dataset>/ingest_date=*`; the lake key also encrypts its log group (the construct lets
   * CloudWatch Logs use it when the key is defined in the same app).
   */
  readonly lake: IDataLake;
  /**
   * The data contract the function validates with: its datasets name the prefixes it may
   * read and write, and it travels in the bundle as `contract.json`.
   * @default - the sales example (`defaultContract()`)
   */
  readonly contract?: Contract;
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

/** RawFileValidator's props rules. */
export const RAW_FILE_VALIDATOR_RULES: Rules<RawFileValidatorProps> = {
  props: {
    memorySize: wholeNumber({ min: 256, max: 10240, unit: 'MiB' }),
    timeout: durationRange({ min: Duration.seconds(10), max: Duration.minutes(15) }),
    reservedConcurrentExecutions: wholeNumber({ min: 1, note: 'or left out for no reservation' }),
  },
};

/**
 * The raw-file validator Lambda: streams one raw CSV object through the data contract's
 * checks and writes accepted rows (curated silver/), rejected rows and a report (quarantine).
 * Invoke it with `{bucket, key}`; it returns `{source, outputs, report}`.
 */
export class RawFileValidator extends Construct {
  /** Metric dimension and service name of the function. */
  static readonly SERVICE_NAME = METRICS.validateRaw.service;

  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  public readonly metricsNamespace: string;
  /** The contract the function validates with. */
  public readonly contract: Contract;

  constructor(scope: Construct, id: string, props: RawFileValidatorProps) {
    super(scope, id);
    validateProps(props, RAW_FILE_VALIDATOR_RULES);
    this.metricsNamespace = props.metricsNamespace ?? METRICS_NAMESPACE;
    const { lake } = props;
    this.contract = props.contract ?? defaultContract();
    const { contract } = this;

    const validator = platformFunction(this, 'Resource', {
      handlerName: 'validate-raw',
      description: 'Validates a raw CSV object against the data contract',
      roleDescription: 'RawFileValidator: read raw objects, write validated and quarantined outputs',
      logKey: lake.key,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      memorySize: props.memorySize ?? 1769,
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      contract,
      environment: {
        CURATED_BUCKET: lake.curatedBucket.bucketName,
        QUARANTINE_BUCKET: lake.quarantineBucket.bucketName,
        POWERTOOLS_METRICS_NAMESPACE: this.metricsNamespace,
      },
    });
    this.function = validator.function;
    this.role = validator.role;
    this.logGroup = validator.logGroup;
    // Object keys carry the ingest date and file name: one prefix per contract dataset.
    const prefixes = (zone: 'raw' | 'validated' | 'quarantine') =>
      contract.datasetNames.map((dataset) => layoutPrefix(contract, zone, { dataset }));
    lake.grantRead('raw', this.role, prefixes('raw'));
    lake.grantWrite('curated', this.role, prefixes('validated'));
    lake.grantWrite('quarantine', this.role, prefixes('quarantine'));
  }

  /** Permission to invoke the validator, e.g. for the orchestration's state machine. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }

  /** Rows accepted by the validator for one dataset of the contract (Sum over 5 minutes by default). */
  public metricRowsAccepted(dataset: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRICS.validateRaw.rowsAccepted, dataset, props);
  }

  /** Rows rejected by the validator for one dataset of the contract (Sum over 5 minutes by default). */
  public metricRowsRejected(dataset: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRICS.validateRaw.rowsRejected, dataset, props);
  }

  /** Files of one dataset of the contract that FAILED validation (Sum over 5 minutes by default). */
  public metricFilesFailed(dataset: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(METRICS.validateRaw.filesFailed, dataset, props);
  }

  private metric(name: string, dataset: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    // A metric of a dataset the contract does not have would never see a datapoint.
    this.contract.dataset(dataset);
    return new cloudwatch.Metric({
      namespace: this.metricsNamespace,
      metricName: name,
      dimensionsMap: { service: RawFileValidator.SERVICE_NAME, [DATASET_DIMENSION]: dataset },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }
}
