import { Aspects, CfnOutput, Stack, StackProps, Tags } from 'aws-cdk-lib';
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
import { StarSchemaJob } from './etl/star-schema-job';
import { LakeAuditTrail, LakeFormationAccess, LakeQuery, PlatformConfigRules } from './governance';
import { PipelineMonitoring } from './monitoring';
import { PipelineOrchestration } from './orchestration';
import { DataLakeStorage } from './storage';
import { StreamingIngestion } from './streaming';
import { eventsTitle, streamedEvent } from './streaming/streamed-event';
import { RawFileValidator } from './validation';
import { RedshiftWarehouse } from './warehouse';

/** The stack output holding the pipeline's state machine ARN, which `cli backfill` reads. */
export const STATE_MACHINE_ARN_OUTPUT = 'PipelineStateMachineArn';

/** The `project` tag of every resource; Config rules scope to it. */
const PROJECT_TAG = 'data-platform';

export interface DataPlatformStackProps extends StackProps {
  /** The environment's config; the only place environment differences come from. */
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

/** Composes the platform's constructs for one environment, translating config into props. */
export class DataPlatformStack extends Stack {
  public readonly storage: DataLakeStorage;
  public readonly validator: RawFileValidator;
  public readonly catalog: DataCatalog;
  public readonly etl: StarSchemaJob;
  public readonly warehouse: RedshiftWarehouse;
  public readonly monitoring: PipelineMonitoring;
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

  constructor(scope: Construct, id: string, props: DataPlatformStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.contract = props.contract ?? defaultContract();
    const { contract } = this;
    const event =
      props.streamedEvent !== undefined || contract.eventNames.length > 0
        ? streamedEvent(contract, props.streamedEvent, 'streamedEvent')
        : undefined;
    Tags.of(this).add('project', PROJECT_TAG);
    Tags.of(this).add('environment', config.name);
    Tags.of(this).add('owner', config.owner);

    const removalPolicy = removalPolicyOf(config);
    this.storage = new DataLakeStorage(this, 'Storage', storageProps(config));
    const lake = this.storage;
    const { rawBucket, curatedBucket, quarantineBucket, key } = lake;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    Aspects.of(this).add(new HelperFunctionLogs({ key, retention: logRetention, removalPolicy }));

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

    new CfnOutput(this, STATE_MACHINE_ARN_OUTPUT, {
      description: 'The batch pipeline state machine: cli backfill starts its executions',
      value: this.orchestration.stateMachine.stateMachineArn,
    });

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
        scopeTag: { key: 'project', value: PROJECT_TAG },
        notificationTopic: this.monitoring.topic,
      });
    }
  }
}
