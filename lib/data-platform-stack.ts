import { Aspects, Duration, RemovalPolicy, Size, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DataCatalog } from './catalog/data-catalog';
import { EnvironmentConfig } from './config';
import { HelperFunctionLogs } from './common/helper-function-logs';
import { StarSchemaJob } from './etl/star-schema-job';
import { LakeAuditTrail, LakeFormationAccess, LakeQuery, PlatformConfigRules } from './governance';
import { PipelineMonitoring } from './monitoring';
import { PipelineOrchestration } from './orchestration';
import { DataLakeStorage } from './storage';
import { StreamingIngestion } from './streaming';
import { RawFileValidator } from './validation';
import { RedshiftWarehouse } from './warehouse';

/** The `project` tag of every resource; Config rules scope to it. */
const PROJECT_TAG = 'data-platform';

export interface DataPlatformStackProps extends StackProps {
  /** The environment's config; the only place environment differences come from. */
  readonly config: EnvironmentConfig;
}

/** Composes the platform's constructs for one environment, translating config into props. */
export class DataPlatformStack extends Stack {
  public readonly storage: DataLakeStorage;
  public readonly validator: RawFileValidator;
  public readonly catalog: DataCatalog;
  public readonly etl: StarSchemaJob;
  public readonly warehouse: RedshiftWarehouse;
  public readonly monitoring: PipelineMonitoring;
  public readonly orchestration: PipelineOrchestration;
  public readonly streaming: StreamingIngestion;
  /** Athena workgroup, named queries and analyst role over the gold tables. */
  public readonly lakeQuery: LakeQuery;
  /** CloudTrail data events of the lake and the AccessDenied alarm; absent when the config turns it off. */
  public readonly auditTrail?: LakeAuditTrail;
  /** Lake Formation registration and grants; absent unless the config turns it on. */
  public readonly lakeFormation?: LakeFormationAccess;
  /** AWS Config managed rules; absent unless the config turns them on. */
  public readonly configRules?: PlatformConfigRules;

  constructor(scope: Construct, id: string, props: DataPlatformStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', PROJECT_TAG);
    Tags.of(this).add('environment', config.name);
    Tags.of(this).add('owner', config.owner);

    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.storage = new DataLakeStorage(this, 'Storage', {
      removalPolicy,
      autoDeleteObjects: config.autoDeleteObjects,
      rawInfrequentAccessAfter: Duration.days(config.lifecycle.rawInfrequentAccessAfterDays),
      rawGlacierAfter: Duration.days(config.lifecycle.rawGlacierAfterDays),
      quarantineExpiration: Duration.days(config.lifecycle.quarantineExpireAfterDays),
      abortIncompleteMultipartUploadAfter: Duration.days(config.lifecycle.abortIncompleteUploadsAfterDays),
    });
    const { rawBucket, curatedBucket, quarantineBucket, key } = this.storage;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    Aspects.of(this).add(new HelperFunctionLogs({ key, retention: logRetention, removalPolicy }));

    this.validator = new RawFileValidator(this, 'RawFileValidator', {
      rawBucket,
      curatedBucket,
      quarantineBucket,
      encryptionKey: key,
      logRetention,
      logRemovalPolicy: removalPolicy,
    });

    this.catalog = new DataCatalog(this, 'Catalog', {
      bucket: curatedBucket,
      key,
      databasePrefix: config.namePrefix.replace(/-/g, '_'),
    });
    this.etl = new StarSchemaJob(this, 'StarSchemaJob', {
      bucket: curatedBucket,
      key,
      catalog: this.catalog,
      rawBucket,
      workerType: config.glue.workerType,
      maxWorkers: config.glue.maxWorkers,
      logRetention,
      logRemovalPolicy: removalPolicy,
    });
    this.warehouse = new RedshiftWarehouse(this, 'Warehouse', {
      curatedBucket,
      curatedBucketKey: key,
      namespaceName: `${config.namePrefix}-warehouse`,
      workgroupName: `${config.namePrefix}-warehouse`,
      baseCapacity: config.redshift.baseCapacityRpus,
      maxCapacity: config.redshift.maxCapacityRpus,
      availabilityZoneIds: config.redshift.availabilityZoneIds && [...config.redshift.availabilityZoneIds],
      usageLimitRpuHours: config.redshift.monthlyRpuHoursLimit,
      usageLimitPeriod: 'monthly',
      usageLimitBreachAction: config.redshift.usageLimitBreachAction,
      logRetention,
      removalPolicy,
    });

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      alarmEmail: config.alarmEmail,
      removalPolicy,
    });
    this.orchestration = new PipelineOrchestration(this, 'Orchestration', {
      validatorFunction: this.validator.function,
      loaderFunction: this.warehouse.loadFunction,
      qualityCheckFunction: this.warehouse.qualityCheckFunction,
      refreshMartsFunction: this.warehouse.refreshMartsFunction,
      glueJobName: this.etl.jobName,
      // The run's own limit decides; the margin covers a queued start.
      glueJobTimeout: this.etl.timeout.plus(Duration.minutes(30)),
      crawlerName: this.catalog.validatedCrawlerName,
      validatedDatabaseName: this.catalog.validatedDatabaseName,
      rawBucket,
      curatedBucket,
      topic: this.monitoring.topic,
      schedule: config.schedule,
      logRetention,
      removalPolicy,
    });

    this.streaming = new StreamingIngestion(this, 'Streaming', {
      rawBucket,
      quarantineBucket,
      encryptionKey: key,
      streamMode: config.kinesis.mode,
      shardCount: config.kinesis.shardCount,
      retentionPeriod: Duration.hours(config.kinesis.retentionHours),
      streamName: `${config.namePrefix}-sale-events`,
      logRetention,
      removalPolicy,
      alarmTopic: this.monitoring.topic,
    });
    this.warehouse.addStreamingIngestion({
      role: this.streaming.redshiftRole,
      streamName: this.streaming.stream.streamName,
    });

    this.monitoring.monitorPipeline({
      stateMachine: this.orchestration.stateMachine,
      functions: [
        ...this.orchestration.functions.all,
        this.validator.function,
        this.warehouse.loadFunction,
        this.warehouse.qualityCheckFunction,
        this.warehouse.refreshMartsFunction,
        this.streaming.consumer,
      ],
      glueJobName: this.etl.jobName,
      deadLetterQueues: [this.orchestration.triggerDeadLetterQueue],
      validationMetricsNamespace: this.validator.metricsNamespace,
    });
    this.monitoring.graphStream('Sale events', {
      iteratorAge: this.streaming.metricIteratorAge(),
      throttled: this.streaming.metricThrottledRecords(),
    });

    const { governance } = config;
    this.lakeQuery = new LakeQuery(this, 'LakeQuery', {
      bucket: curatedBucket,
      key,
      databaseName: this.catalog.curatedDatabaseName,
      bytesScannedCutoffPerQuery: Size.mebibytes(governance.athenaBytesScannedCutoffMib),
      workGroupName: `${config.namePrefix}-lake`,
    });
    if (governance.auditTrail.enabled) {
      const orgLogGroup = governance.auditTrail.organizationTrailLogGroup;
      this.auditTrail = new LakeAuditTrail(this, 'AuditTrail', {
        lakeBuckets: [rawBucket, curatedBucket, quarantineBucket],
        ...(orgLogGroup
          ? {
              organizationTrailLogGroup: logs.LogGroup.fromLogGroupName(
                this,
                'OrganizationTrailLogGroup',
                orgLogGroup,
              ),
            }
          : { serverAccessLogsBucket: this.storage.accessLogsBucket }),
        logExpiration: Duration.days(governance.auditTrail.logExpireAfterDays),
        logRetention,
        trailName: orgLogGroup ? undefined : `${config.namePrefix}-lake-audit`,
      });
      this.monitoring.addAlarm(this.auditTrail.accessDeniedAlarm);
    }
    if (governance.lakeFormation) {
      this.lakeFormation = new LakeFormationAccess(this, 'LakeFormation', {
        bucket: curatedBucket,
        key,
        databaseName: this.catalog.curatedDatabaseName,
        tables: Object.fromEntries(
          Object.entries(this.catalog.curatedTables).map(([table, cfnTable]) => [table, cfnTable.ref]),
        ),
        readers: [this.lakeQuery.analystRole],
        jobRole: this.etl.role,
        crawlerRole: this.catalog.crawlerRole,
      });
    }
    if (governance.configRules) {
      this.configRules = new PlatformConfigRules(this, 'ConfigRules', {
        scopeTag: { key: 'project', value: PROJECT_TAG },
        notificationTopic: this.monitoring.topic,
      });
    }
  }
}
