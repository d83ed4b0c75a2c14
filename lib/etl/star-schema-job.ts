import {
  ArnFormat,
  Duration,
  Names,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  aws_glue as glue,
  aws_iam as iam,
  aws_logs as logs,
  aws_s3_assets as s3assets,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IDataCatalog } from '../catalog/data-catalog-base';
import { layoutPrefix } from '../../contract/lake-layout';
import { Contract } from '../../contract';
import { acknowledgeWildcards } from '../common/nag';
import { contractOfCatalog } from '../common/same-contract';
import { byName, durationRange, oneOf, Rules, validateProps, wholeNumber } from '../common/props-validation';
import { IDataLake } from '../storage';
import { dataQualityRuleset, dataQualityRulesetsArgument } from '../../contract/data-quality-rules';
import { JOB_SCRIPT, stagedModulesDir } from './glue-package';
import { GLUE_WORKER_TYPES, GlueWorkerType } from './glue-worker-type';
import { IStarSchemaJob, StarSchemaJobAttributes, StarSchemaJobBase } from './star-schema-job-base';

const LOG_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:AssociateKmsKey',
];
const DQ_EVALUATION_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetPartitions',
  'glue:GetPartition',
];
const DQ_RULESET_ACTIONS = ['glue:GetDataQualityRuleset', 'glue:PublishDataQuality'];
/** CloudWatch namespaces the job publishes to: job metrics, and the in-job data quality metrics. */
const METRIC_NAMESPACES = ['Glue', 'Glue Data Quality'];
const DQ_START_ACTIONS = [
  'glue:StartDataQualityRulesetEvaluationRun',
  'glue:GetDataQualityRulesetEvaluationRun',
  'glue:GetDataQualityResult',
];

/** The two log groups Glue 5.0 writes a job's logs to. */
export interface GlueJobLogGroups {
  /** stdout and stderr of the script. */
  readonly output: logs.LogGroup;
  /** Driver, executor and Spark logs. */
  readonly error: logs.LogGroup;
}

export interface StarSchemaJobProps {
  /**
   * The lake: the job reads the curated `silver/` (validated CSV) and writes `gold/`
   * (star-schema Parquet); its key encrypts the job's logs.
   */
  readonly lake: IDataLake;
  /**
   * Also read the batch date's streamed events of every contract event from the raw zone
   * (`<lakeDataset>/ingest_date=D/`, written by StreamingIngestion), via `--raw_root`.
   * The contract must have at least one event.
   * @default false - the job reads the validated CSVs only
   */
  readonly readStreamedEvents?: boolean;
  /**
   * The catalog: its security configuration and curated database (for the data quality
   * rulesets, one per gold table it declares).
   */
  readonly catalog: IDataCatalog;
  /**
   * The data contract the job builds the star schema of: its tables get a data quality
   * ruleset each, its layout places the job's reads and writes. It must be the catalog's,
   * whose tables the rulesets target.
   * @default - the catalog's contract
   */
  readonly contract?: Contract;
  /**
   * Glue worker type: one of GLUE_WORKER_TYPES.
   * @default GlueWorkerType.G_1X
   */
  readonly workerType?: GlueWorkerType;
  /**
   * Maximum number of workers; auto scaling uses fewer when the batch is small. 2 to 299.
   * @default 10
   */
  readonly maxWorkers?: number;
  /**
   * How long a run may take before Glue stops it (1 minute to 48 hours).
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
  /**
   * Automatic retries of a failed run (0 to 10). Safe because a run is idempotent per batch_date.
   * @default 1
   */
  readonly maxRetries?: number;
  /**
   * Retention of the job's output and error log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the job's log groups when the stack is deleted. They have fixed names, so
   * a retained pair blocks the next deploy of the same job: DESTROY where the stack is
   * recreated freely (dev).
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** StarSchemaJob's props rules; the environment config checks its Glue sizes with them. */
export const STAR_SCHEMA_JOB_RULES: Rules<StarSchemaJobProps> = {
  props: {
    workerType: byName(oneOf<string>(GLUE_WORKER_TYPES)),
    maxWorkers: wholeNumber({ min: 2, max: 299 }),
    // Glue's Timeout is in minutes, at most 2880 (48 hours).
    timeout: durationRange({ min: Duration.minutes(1), max: Duration.hours(48), unit: 'minutes' }),
    maxRetries: wholeNumber({ min: 0, max: 10 }),
  },
  across: [
    contractOfCatalog('whose tables the data quality rulesets target'),
    ({ readStreamedEvents, contract, catalog }, nameOf) =>
      readStreamedEvents && (contract ?? catalog?.contract)?.eventNames.length === 0
        ? `${nameOf('readStreamedEvents')} needs a contract with at least one event (got none): remove it or add an event to the contract`
        : undefined,
  ],
};

/**
 * The Glue 5.0 Spark job that turns one day's validated CSVs into the gold star schema
 * (glue-scripts/star_schema_job.py), with a data quality ruleset per gold table. The job
 * evaluates each ruleset on the table it has just written, publishes the results (Glue Data
 * Quality results and CloudWatch metrics) and fails the run, before the manifest, on a failed rule.
 *
 * Runs take `--batch_date YYYY-MM-DD`; the roots default to the curated bucket. At most one run
 * at a time, because each batch builds on the previous batch's dimension snapshots.
 */
export class StarSchemaJob extends StarSchemaJobBase {
  /** A job created elsewhere (another stack or app), by name: the same grant and metrics. */
  public static fromJobAttributes(
    scope: Construct,
    id: string,
    attrs: StarSchemaJobAttributes,
  ): IStarSchemaJob {
    class Import extends StarSchemaJobBase {
      public readonly jobName = attrs.jobName;
      public readonly timeout = attrs.timeout;
    }
    return new Import(scope, id);
  }

  /** The Glue job. */
  public readonly job: glue.CfnJob;
  /** The job's name. */
  public readonly jobName: string;
  /** How long a run may take before Glue stops it. */
  public readonly timeout: Duration;
  /** The role the job runs as; it is also the role data quality evaluation runs assume. */
  public readonly role: iam.Role;
  /**
   * Where Glue 5.0 writes the job's logs: `output` (stdout and stderr of the script) and
   * `error` (driver, executor and Spark logs), under the job's own `--custom-logGroup-prefix`.
   */
  public readonly logGroups: GlueJobLogGroups;
  /** One DQDL ruleset per gold table, by contract table name, attached to its catalog table and run by the job. */
  public readonly dataQualityRulesets: Readonly<Record<string, glue.CfnDataQualityRuleset>>;
  /** The contract the job builds the star schema of. */
  public readonly contract: Contract;

  constructor(scope: Construct, id: string, props: StarSchemaJobProps) {
    super(scope, id);
    validateProps(props, STAR_SCHEMA_JOB_RULES);
    const { lake } = props;
    this.contract = props.contract ?? props.catalog.contract;
    const { contract } = this;
    const workerType = props.workerType ?? GlueWorkerType.G_1X;
    const maxWorkers = props.maxWorkers ?? 10;
    this.timeout = props.timeout ?? Duration.hours(1);
    const timeoutMinutes = this.timeout.toMinutes();
    const maxRetries = props.maxRetries ?? 1;

    this.jobName = Names.uniqueResourceName(this, { maxLength: 200, separator: '-' });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: 'Star-schema Glue job: read silver/, write gold/, evaluate gold data quality',
    });
    // Glue 5.0 has no continuous-logging options: it writes to <prefix>/output and
    // <prefix>/error, /aws-glue/jobs by default, so the job gets a prefix, and its groups
    // get retention and the key (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html).
    const logGroupPrefix = `/aws-glue/jobs/${this.jobName}`;
    const logs_ = new Construct(this, 'Logs');
    const jobLogGroup = (stream: 'output' | 'error') =>
      new logs.LogGroup(logs_, stream === 'output' ? 'Output' : 'Error', {
        logGroupName: `${logGroupPrefix}/${stream}`,
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        encryptionKey: lake.key,
        removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
      });
    this.logGroups = { output: jobLogGroup('output'), error: jobLogGroup('error') };

    const assets = new Construct(this, 'Assets');
    const script = new s3assets.Asset(assets, 'Script', { path: JOB_SCRIPT });
    // A folder asset is zipped on upload: star_schema/ at the root, as --extra-py-files expects.
    const modules = new s3assets.Asset(assets, 'Modules', { path: stagedModulesDir(this.contract) });
    script.grantRead(this.role);
    modules.grantRead(this.role);
    const assetReason =
      'aws-s3-assets grantRead: Glue downloads the job script and modules zip from the asset bucket';
    acknowledgeWildcards(this.role, [
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*'].map((action) => ({
        kind: 'Action' as const,
        value: action,
        reason: `${assetReason}; read-only, on the asset bucket alone`,
      })),
      { kind: 'Resource', value: script.bucket.arnForObjects('*'), reason: `${assetReason}; read-only` },
    ]);

    const root = `s3://${lake.curatedBucket.bucketName}`;
    this.job = new glue.CfnJob(this, 'Resource', {
      name: this.jobName,
      description: `Validated CSV -> gold star schema (SCD1 dimensions, ${contract.facts.join(', ')}, manifest) for one batch_date`,
      role: this.role.roleArn,
      glueVersion: '5.0',
      command: { name: 'glueetl', pythonVersion: '3', scriptLocation: script.s3ObjectUrl },
      workerType: workerType.name,
      numberOfWorkers: maxWorkers,
      timeout: timeoutMinutes,
      maxRetries,
      executionProperty: { maxConcurrentRuns: 1 },
      securityConfiguration: props.catalog.securityConfigurationName,
      defaultArguments: {
        '--job-language': 'python',
        '--extra-py-files': modules.s3ObjectUrl,
        '--validated_root': root,
        '--curated_root': root,
        ...(props.readStreamedEvents ? { '--raw_root': `s3://${lake.rawBucket.bucketName}` } : {}),
        '--enable-auto-scaling': 'true',
        // Each run names its batch and overwrites only that batch's output: bookmarks add nothing.
        '--job-bookmark-option': 'job-bookmark-disable',
        '--custom-logGroup-prefix': logGroupPrefix,
        '--enable-metrics': 'true',
        '--enable-observability-metrics': 'true',
        // The job evaluates these (EvaluateDataQuality) on each table it writes and fails on a
        // failed rule: the same DQDL as the catalog rulesets below, from the one generator.
        '--dq_rulesets': dataQualityRulesetsArgument(contract),
      },
    });

    const rulesets = new Construct(this, 'DataQuality');
    this.dataQualityRulesets = Object.fromEntries(
      contract.tableNames.map((table) => [
        table,
        new glue.CfnDataQualityRuleset(rulesets, table, {
          name: `${props.catalog.curatedDatabaseName}-${table}`,
          description: `Keys complete and unique, amounts >= 0 (contract.json star.${table}); evaluate per batch_date`,
          ruleset: dataQualityRuleset(contract, table),
          targetTable: {
            databaseName: props.catalog.curatedDatabaseName,
            tableName: props.catalog.curatedTableNames[table],
          },
        }),
      ]),
    );

    this.grantJobAccess(props);
    this.acknowledgeImportedSecurityConfiguration(props.catalog);
  }

  /**
   * A catalog imported by name brings a security configuration defined outside this app,
   * which cdk-nag cannot inspect; DataCatalogAttributes requires it to encrypt logs and
   * bookmarks, as DataCatalog's does.
   */
  private acknowledgeImportedSecurityConfiguration(catalog: IDataCatalog): void {
    if (Token.isUnresolved(catalog.securityConfigurationName)) return;
    const reason =
      `The job runs with security configuration "${catalog.securityConfigurationName}" of an imported catalog ` +
      '(DataCatalog.fromCatalogAttributes), defined outside this app where cdk-nag cannot inspect it; ' +
      "the import's contract is a configuration that encrypts CloudWatch logs and job bookmarks with KMS, as DataCatalog's does";
    Validations.of(this.job).acknowledge(
      { id: 'AwsSolutions-GL1', reason },
      { id: 'AwsSolutions-GL3', reason },
    );
  }

  /**
   * Lets `grantee` start data quality evaluation runs of the gold rulesets with the job's role
   * (StartDataQualityRulesetEvaluationRun with a batch_date pushdown predicate).
   */
  public grantStartDataQualityEvaluation(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: DQ_START_ACTIONS,
      resourceArns: this.rulesetArns(),
    });
    this.role.grantPassRole(grantee.grantPrincipal);
    return grant;
  }

  private rulesetArns(): string[] {
    return Object.values(this.dataQualityRulesets).map((ruleset) =>
      Stack.of(this).formatArn({
        service: 'glue',
        resource: 'dataQualityRuleset',
        resourceName: ruleset.ref,
      }),
    );
  }

  private grantJobAccess(props: StarSchemaJobProps): void {
    const stack = Stack.of(this);
    const { lake } = props;
    const glueLogs = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws-glue/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    // Reads any validated CSV of its batch and the previous gold snapshot; replaces a
    // batch_date partition per table (Spark's overwrite deletes the old objects). The lake
    // grants add the key's decrypt and encrypt, which Glue's S3 reads and writes need
    // (https://docs.aws.amazon.com/glue/latest/ug/set-up-encryption.html).
    const { contract } = this;
    const gold = layoutPrefix(contract, 'gold');
    lake.grantRead('curated', this.role, [layoutPrefix(contract, 'validated'), gold]);
    lake.grantWrite('curated', this.role, gold);
    lake.grantDelete('curated', this.role, gold);
    if (props.readStreamedEvents) {
      // The events of each contract event land under their own raw prefix.
      const datasets = [...new Set(contract.eventNames.map((event) => contract.event(event).lakeDataset))];
      lake.grantRead(
        'raw',
        this.role,
        datasets.map((dataset) => layoutPrefix(contract, 'raw', { dataset })),
      );
    }
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: LOG_ACTIONS,
        resources: [glueLogs],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACES } },
      }),
    );
    const database = props.catalog.curatedDatabaseName;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: DQ_EVALUATION_ACTIONS,
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: database }),
          ...contract.tableNames.map((table) =>
            stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${database}/${table}` }),
          ),
        ],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: DQ_RULESET_ACTIONS, resources: this.rulesetArns() }),
    );
    // In-job EvaluateDataQuality publishes its results without a named ruleset of ours.
    const inJobResults = stack.formatArn({
      service: 'glue',
      resource: 'dataQualityRuleset',
      resourceName: '*',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['glue:PublishDataQuality'], resources: [inJobResults] }),
    );
    acknowledgeWildcards(this.role, [
      {
        kind: 'Resource',
        value: glueLogs,
        reason: 'Glue derives its log group names (output, error, logs-v2) from the security configuration',
      },
      {
        kind: 'Resource',
        value: '*',
        reason:
          'cloudwatch:PutMetricData has no resource-level permissions; the condition pins the Glue and Glue Data Quality namespaces',
      },
      {
        kind: 'Resource',
        value: inJobResults,
        reason:
          'The job publishes the results of its in-job EvaluateDataQuality runs, which have no ruleset ARN of their own; glue:PublishDataQuality only, in this account and region',
      },
    ]);
  }
}
