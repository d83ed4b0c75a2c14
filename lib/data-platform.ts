import { Aspects, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Contract, defaultContract } from '../contract';
import { DataCatalog } from './catalog/data-catalog';
import {
  auditTrailProps,
  EnvironmentConfig,
  jobProps,
  lakeQueryProps,
  monitoringProps,
  orchestrationProps,
  removalPolicyOf,
  storageProps,
  streamingProps,
  warehouseProps,
} from './config';
import { HelperFunctionLogs } from './common/helper-function-logs';
import { PLATFORM_PROJECT_TAG, tagPlatform } from './common/platform-tags';
import { StarSchemaJob } from './etl/star-schema-job';
import { LakeAuditTrail, LakeFormationAccess, LakeQuery, PlatformConfigRules } from './governance';
import { PipelineMonitoring } from './monitoring';
import { PipelineOrchestration } from './orchestration';
import { DataLakeStorage } from './storage';
import { StreamingIngestion } from './streaming';
import { eventsTitle, streamedEvent } from './streaming/streamed-event';
import { RawFileValidator } from './validation';
import { RedshiftWarehouse } from './warehouse';

export interface DataPlatformProps {
  /**
   * The environment's config (`ENVIRONMENTS.dev`, `.staging`, `.prod`, or your own): sizes,
   * retention, schedules, alarms and governance. The only place environment differences come from.
   */
  readonly config: EnvironmentConfig;
  /**
   * The data contract the platform is built for: datasets, star schema, events, layout, marts.
   * @default - the sales example (`defaultContract()`)
   */
  readonly contract?: Contract;
  /**
   * The contract event the platform streams through Kinesis (one stream, one event type);
   * required when the contract has several events.
   * @default - the contract's only event; no streaming when it has none
   */
  readonly streamedEvent?: string;
}

/**
 * The whole data platform for one environment, composed from a data contract and an environment
 * config: an encrypted S3 lake, the raw-file validator, the Glue catalog and star-schema job,
 * Redshift Serverless, the Step Functions pipeline, monitoring, optional Kinesis streaming and
 * the governance features the config turns on. Every resource is tagged `project`,
 * `environment` and `owner`.
 *
 * It adds to its stack an aspect that gives aws-cdk-lib's helper functions (created at the
 * stack's root) an encrypted log group with the config's retention.
 */
export class DataPlatform extends Construct {
  /** The lake: raw, curated and quarantine buckets under one KMS key. */
  public readonly storage: DataLakeStorage;
  /** The Lambda that validates raw files against the contract. */
  public readonly validator: RawFileValidator;
  /** The Glue databases, crawler and curated tables. */
  public readonly catalog: DataCatalog;
  /** The Glue PySpark job that builds the star schema. */
  public readonly etl: StarSchemaJob;
  /** Redshift Serverless with its load, quality-check and mart functions. */
  public readonly warehouse: RedshiftWarehouse;
  /** The dashboard, alarms and the alarm topic. */
  public readonly monitoring: PipelineMonitoring;
  /** The batch state machine, its functions and triggers. */
  public readonly orchestration: PipelineOrchestration;
  /** The event stream; absent when the contract has no event. */
  public readonly streaming?: StreamingIngestion;
  /** The contract the platform is built for. */
  public readonly contract: Contract;
  /** Athena workgroup, named queries and analyst role over the gold tables. */
  public readonly lakeQuery: LakeQuery;
  /** CloudTrail data events of the lake and the AccessDenied alarm; absent when the config turns it off. */
  public readonly auditTrail?: LakeAuditTrail;
  /** Lake Formation registration and grants; absent unless the config turns it on. */
  public readonly lakeFormation?: LakeFormationAccess;
  /** AWS Config managed rules; absent unless the config turns them on. */
  public readonly configRules?: PlatformConfigRules;

  constructor(scope: Construct, id: string, props: DataPlatformProps) {
    super(scope, id);
    const { config } = props;
    this.contract = props.contract ?? defaultContract();
    const { contract } = this;
    const event =
      props.streamedEvent !== undefined || contract.eventNames.length > 0
        ? streamedEvent(contract, props.streamedEvent, 'streamedEvent')
        : undefined;
    tagPlatform(this, config);

    const removalPolicy = removalPolicyOf(config);
    this.storage = new DataLakeStorage(this, 'Storage', storageProps(config));
    const lake = this.storage;
    const { rawBucket, curatedBucket, quarantineBucket, key } = lake;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    // On the whole stack: aws-cdk-lib creates the helper functions of the platform's resources
    // (bucket notifications, SDK calls) as singletons at the stack's root, outside this construct.
    Aspects.of(Stack.of(this)).add(new HelperFunctionLogs({ key, retention: logRetention, removalPolicy }));

    this.validator = new RawFileValidator(this, 'RawFileValidator', {
      lake,
      contract,
      logRetention,
      logRemovalPolicy: removalPolicy,
    });

    this.catalog = new DataCatalog(this, 'Catalog', {
      lake,
      contract,
      databasePrefix: config.namePrefix.replace(/-/g, '_'),
    });
    this.etl = new StarSchemaJob(this, 'StarSchemaJob', {
      lake,
      catalog: this.catalog,
      readStreamedEvents: event !== undefined,
      ...jobProps(config),
      logRetention,
      logRemovalPolicy: removalPolicy,
    });
    this.warehouse = new RedshiftWarehouse(this, 'Warehouse', {
      lake,
      contract,
      streamedEvent: event,
      namespaceName: `${config.namePrefix}-warehouse`,
      workgroupName: `${config.namePrefix}-warehouse`,
      ...warehouseProps(config),
      logRetention,
      removalPolicy,
    });

    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      ...monitoringProps(config),
      removalPolicy,
    });
    this.orchestration = new PipelineOrchestration(this, 'Orchestration', {
      contract,
      validatorFunction: this.validator.function,
      lake,
      catalog: this.catalog,
      job: this.etl,
      warehouse: this.warehouse,
      topic: this.monitoring.topic,
      ...orchestrationProps(config),
      logRetention,
      removalPolicy,
    });

    if (event !== undefined) {
      this.streaming = new StreamingIngestion(this, 'Streaming', {
        lake,
        contract,
        event,
        ...streamingProps(config, event),
        logRetention,
        removalPolicy,
        alarmTopic: this.monitoring.topic,
      });
      this.warehouse.addStreamingIngestion({
        role: this.streaming.redshiftRole,
        streamName: this.streaming.stream.streamName,
      });
    }

    this.monitoring.monitorPipeline({
      stateMachine: this.orchestration.stateMachine,
      functions: [
        ...this.orchestration.functions.all,
        this.validator.function,
        this.warehouse.loadFunction,
        this.warehouse.qualityCheckFunction,
        this.warehouse.refreshMartsFunction,
        ...(this.streaming ? [this.streaming.consumer] : []),
      ],
      job: this.etl,
      deadLetterQueues: [this.orchestration.triggerDeadLetterQueue],
      validationMetricsNamespace: this.validator.metricsNamespace,
    });
    if (this.streaming) {
      this.monitoring.graphStream(eventsTitle(this.streaming.event), {
        iteratorAge: this.streaming.metricIteratorAge(),
        throttled: this.streaming.metricThrottledRecords(),
      });
    }

    const { governance } = config;
    this.lakeQuery = new LakeQuery(this, 'LakeQuery', {
      lake,
      catalog: this.catalog,
      ...lakeQueryProps(config),
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
        ...auditTrailProps(config),
        logRetention,
        trailName: orgLogGroup ? undefined : `${config.namePrefix}-lake-audit`,
      });
      this.monitoring.addAlarm(this.auditTrail.accessDeniedAlarm);
    }
    if (governance.lakeFormation) {
      this.lakeFormation = new LakeFormationAccess(this, 'LakeFormation', {
        lake,
        catalog: this.catalog,
        readers: [this.lakeQuery.analystRole],
        jobRole: this.etl.role,
        crawlerRole: this.catalog.crawlerRole,
      });
    }
    if (governance.configRules) {
      this.configRules = new PlatformConfigRules(this, 'ConfigRules', {
        scopeTag: { key: 'project', value: PLATFORM_PROJECT_TAG },
        notificationTopic: this.monitoring.topic,
      });
    }
  }
}
