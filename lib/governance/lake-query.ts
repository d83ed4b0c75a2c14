/**
 * LakeQuery: ad-hoc SQL on the lake. An Athena workgroup (engine v3) whose enforced settings
 * put results under a dedicated prefix, SSE-KMS with the lake key, cap the bytes one query may
 * scan and publish CloudWatch metrics; the contract's lake queries as named queries (the
 * questions the warehouse marts answer, over the gold tables); and an analyst role with exactly what
 * querying needs, which grantQuery gives to any other principal too.
 */
import { Duration, Names, Size, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { IDataCatalog } from '../catalog/data-catalog-base';
import { contractOfCatalog } from '../common/same-contract';
import { layoutPrefix } from '../../contract/lake-layout';
import { matches, Rules, sizeRange, validateProps } from '../common/props-validation';
import { IDataLake } from '../storage';

/**
 * What running queries in the workgroup takes, each scoped to the workgroup ARN
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonathena.html).
 */
export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetQueryRuntimeStatistics',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetWorkGroup',
  'athena:GetNamedQuery',
  'athena:BatchGetNamedQuery',
  'athena:ListNamedQueries',
] as const;
/**
 * What Athena needs on the results location beyond the lake's read and write grants: the parts
 * of its multipart uploads, and the bucket's region
 * (AmazonAthenaFullAccess grants both: https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html).
 */
const RESULT_UPLOAD_ACTIONS = ['s3:ListMultipartUploadParts'] as const;
const BUCKET_LOCATION_ACTIONS = ['s3:GetBucketLocation'] as const;
/** The workgroup's engine: Trino-based Athena engine version 3. */
export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

export interface LakeQueryProps {
  /**
   * The lake: queries read the curated `gold/` tables and write results under
   * `resultsPrefix` of the curated bucket, with the lake key (SSE-KMS).
   */
  readonly lake: IDataLake;
  /**
   * The catalog: named queries run in its curated database, and grantQuery gives its
   * grantRead on the gold tables.
   */
  readonly catalog: IDataCatalog;
  /**
   * The data contract: its lake queries become the named queries and its layout places the
   * gold zone.
   * @default - the catalog's contract
   */
  readonly contract?: Contract;
  /**
   * Athena cancels a query that scans more: 10 MiB (Athena's minimum) to 2047 MiB
   * (CloudFormation takes the value as a 32-bit integer of bytes).
   * @default Size.gibibytes(1)
   */
  readonly bytesScannedCutoffPerQuery?: Size;
  /**
   * Key prefix of query results in `bucket`: lowercase letters, digits, `-` and `_`, ending in `/`.
   * @default 'athena-results/'
   */
  readonly resultsPrefix?: string;
  /**
   * Age at which results expire: a lifecycle rule on `resultsPrefix`, added when `bucket` is
   * defined in this app (an imported bucket keeps its owner's rules).
   * @default Duration.days(30)
   */
  readonly resultsExpiration?: Duration;
  /**
   * The workgroup's name: 1 to 128 letters, digits, `.`, `_` or `-`.
   * @default a name derived from the construct path
   */
  readonly workGroupName?: string;
  /**
   * Who may assume the analyst role.
   * @default the account (its IAM policies then decide who)
   */
  readonly analystPrincipal?: iam.IPrincipal;
}

/** LakeQuery's props rules; the environment config checks its Athena scan cutoff with them. */
export const LAKE_QUERY_RULES: Rules<LakeQueryProps> = {
  props: {
    // At least Athena's 10 MB; CloudFormation takes the cutoff as a 32-bit integer of bytes.
    bytesScannedCutoffPerQuery: sizeRange({ min: Size.mebibytes(10), max: Size.mebibytes(2047) }),
    resultsPrefix: matches(
      /^[a-z0-9_-]+(\/[a-z0-9_-]+)*\/$/,
      'be lowercase letters, digits, - and _, ending in /',
    ),
    workGroupName: matches(/^[A-Za-z0-9._-]{1,128}$/, 'be 1-128 letters, digits, ., _ or -'),
  },
  across: [
    contractOfCatalog('whose gold tables the queries read'),
    // Query results live beside the contract's lake zones, never inside one.
    ({ resultsPrefix, contract }, nameOf) => {
      if (resultsPrefix === undefined || contract === undefined) return undefined;
      const zones = [layoutPrefix(contract, 'gold'), layoutPrefix(contract, 'validated')];
      return zones.some((zone) => resultsPrefix.startsWith(zone))
        ? `${nameOf('resultsPrefix')} must lie outside the lake zones ${zones.join(' and ')} (got "${resultsPrefix}")`
        : undefined;
    },
  ],
};

export class LakeQuery extends Construct {
  public readonly workGroup: athena.CfnWorkGroup;
  public readonly workGroupName: string;
  /** One saved query per lake query of the contract, keyed by its name (e.g. `sales_by_region_month`). */
  public readonly namedQueries: Readonly<Record<string, athena.CfnNamedQuery>>;
  /** May run queries in the workgroup and read the gold tables, nothing else. */
  public readonly analystRole: iam.Role;
  /** Where the workgroup writes results, e.g. `athena-results/`. */
  public readonly resultsPrefix: string;
  /** The contract whose lake queries and gold tables the workgroup serves. */
  public readonly contract: Contract;

  private readonly props: LakeQueryProps;

  constructor(scope: Construct, id: string, props: LakeQueryProps) {
    super(scope, id);
    this.props = props;
    this.contract = props.contract ?? props.catalog.contract;
    validateProps({ ...props, contract: this.contract }, LAKE_QUERY_RULES);
    const { lake } = props;
    const cutoff = props.bytesScannedCutoffPerQuery ?? Size.gibibytes(1);
    this.resultsPrefix = props.resultsPrefix ?? 'athena-results/';
    this.workGroupName =
      props.workGroupName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });

    this.workGroup = new athena.CfnWorkGroup(this, 'Resource', {
      name: this.workGroupName,
      description: 'Ad-hoc SQL on the lake gold tables: results SSE-KMS, scan cutoff per query',
      state: 'ENABLED',
      // The workgroup holds saved queries and history only; results live in S3 and stay.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff.toBytes(),
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: lake.curatedBucket.s3UrlForObject(this.resultsPrefix),
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: lake.key.keyArn },
        },
      },
    });
    if (lake.curatedBucket instanceof s3.Bucket) {
      lake.curatedBucket.addLifecycleRule({
        id: 'expire-athena-results',
        prefix: this.resultsPrefix,
        expiration: props.resultsExpiration ?? Duration.days(30),
      });
    }

    const queries = new Construct(this, 'NamedQueries');
    this.namedQueries = Object.fromEntries(
      this.contract.spec.lakeQueries.map((query) => {
        const named = new athena.CfnNamedQuery(queries, query.name, {
          name: query.name,
          description: description(query.sql),
          database: props.catalog.curatedDatabaseName,
          queryString: query.sql,
          workGroup: this.workGroup.ref,
        });
        return [query.name, named];
      }),
    );

    this.analystRole = new iam.Role(this, 'AnalystRole', {
      assumedBy: props.analystPrincipal ?? new iam.AccountRootPrincipal(),
      description: 'Lake analyst: Athena queries in the lake workgroup over the gold tables',
    });
    this.grantQuery(this.analystRole);
  }

  /**
   * Lets `grantee` run queries in the workgroup: Athena on the workgroup, the catalog's reads of
   * the gold tables, the lake's read grant on `gold/` and its read and write grants on the
   * results prefix (which acknowledge their prefix wildcards on the grantee's role), and the
   * multipart upload and bucket location reads Athena adds.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const { lake } = this.props;
    const bucket = lake.curatedBucket;
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...ATHENA_QUERY_ACTIONS],
      resourceArns: [this.workGroupArn()],
    })
      .combine(this.props.catalog.grantRead(grantee))
      .combine(lake.grantRead('curated', grantee, [layoutPrefix(this.contract, 'gold'), this.resultsPrefix]))
      .combine(lake.grantWrite('curated', grantee, this.resultsPrefix))
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: [...RESULT_UPLOAD_ACTIONS],
          resourceArns: [bucket.arnForObjects(`${this.resultsPrefix}*`)],
        }),
      )
      .combine(
        iam.Grant.addToPrincipal({
          grantee,
          actions: [...BUCKET_LOCATION_ACTIONS],
          resourceArns: [bucket.bucketArn],
        }),
      );
  }

  /** Bytes scanned by queries of the workgroup (Athena's ProcessedBytes), summed per hour. */
  public metricProcessedBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Athena',
      metricName: 'ProcessedBytes',
      dimensionsMap: { WorkGroup: this.workGroupName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.hours(1),
      ...props,
    });
  }

  private workGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroup.ref,
    });
  }
}

/** The leading `--` comment of a lake query file, as one line (Athena takes up to 1024 characters). */
function description(sql: string): string {
  const comment = sql
    .split('\n')
    .filter((line) => line.startsWith('--'))
    .map((line) => line.replace(/^--\s?/, ''))
    .join(' ');
  return comment.slice(0, 1024);
}
