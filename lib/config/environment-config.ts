/**
 * Everything that differs between environments lives here, and only here: constructs take
 * explicit props and never read the environment name. The config is plain data (strings,
 * numbers, booleans), so it can live in a file; construct-props.ts translates it into the
 * constructs' typed props (enum-like classes, Durations, Sizes).
 */
import type { GlueWorkerTypeName } from '../etl/glue-worker-type';
import type { StreamingModeName } from '../streaming/props-validation';
import type { UsageLimitBreachActionName } from '../warehouse/usage-limit';

export const ENVIRONMENT_NAMES = ['dev', 'staging', 'prod'] as const;

export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_CHOICES = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface EnvironmentConfig {
  /** Environment name; also the `environment` tag. */
  readonly name: EnvironmentName;
  /** Target account; CDK_DEFAULT_ACCOUNT when absent. */
  readonly account?: string;
  /** Target region; CDK_DEFAULT_REGION when absent. */
  readonly region?: string;
  /** Prefix of stack and resource names, e.g. `dp-dev`. Lowercase letters, digits and hyphens. */
  readonly namePrefix: string;
  /** `owner` tag: the team accountable for the deployment. */
  readonly owner: string;
  /** CloudFormation termination protection: deleting the stack must be unlocked first. */
  readonly terminationProtection: boolean;
  /** What happens to data stores when the stack is deleted. */
  readonly removalPolicy: 'retain' | 'destroy';
  /** Empty buckets on deletion; only allowed together with removalPolicy 'destroy'. */
  readonly autoDeleteObjects: boolean;
  /** Days to keep Lambda, Glue and Step Functions logs. */
  readonly logRetentionDays: (typeof LOG_RETENTION_CHOICES)[number];
  /** Where alarms are e-mailed; no subscription when absent. */
  readonly alarmEmail?: string;
  /** When the daily batch runs: an EventBridge `cron(...)` expression in UTC. */
  readonly schedule: string;
  /** Object lifecycle per zone, in days. */
  readonly lifecycle: LifecycleConfig;
  /** Redshift Serverless sizes and cost guards. */
  readonly redshift: RedshiftConfig;
  /** Glue job sizes. */
  readonly glue: GlueConfig;
  /** Kinesis stream capacity. */
  readonly kinesis: KinesisConfig;
  /** Audit, ad-hoc SQL and compliance (lib/governance); each feature's cost is in the README. */
  readonly governance: GovernanceConfig;
}

/** Object lifecycle per zone, in days. */
export interface LifecycleConfig {
  readonly rawInfrequentAccessAfterDays: number;
  readonly rawGlacierAfterDays: number;
  readonly quarantineExpireAfterDays: number;
  readonly abortIncompleteUploadsAfterDays: number;
}

/** Redshift Serverless sizes and cost guards. */
export interface RedshiftConfig {
  /** Base RPUs: 8 to 512 in steps of 8, then 512 to 1024 in steps of 32. */
  readonly baseCapacityRpus: number;
  /** Most RPUs the workgroup may scale to (caps the cost of a busy hour), at least the base. */
  readonly maxCapacityRpus: number;
  /** Monthly RPU-hours usage limit (the cost guard). */
  readonly monthlyRpuHoursLimit: number;
  /** What a breach of the limit does: `emit-metric` alerts, `deactivate` stops user queries. */
  readonly usageLimitBreachAction: UsageLimitBreachActionName;
  /**
   * AZ IDs (e.g. `use1-az1`) of the workgroup's three subnets. Redshift Serverless runs only
   * in some AZ IDs of each Region; name three supported ones when the Region's first three
   * AZs are not all supported.
   */
  readonly availabilityZoneIds?: readonly string[];
}

/** Glue job sizes. */
export interface GlueConfig {
  readonly workerType: GlueWorkerTypeName;
  /** Upper bound for auto scaling: 2 to 299. */
  readonly maxWorkers: number;
}

/** Kinesis stream capacity. */
export interface KinesisConfig {
  readonly mode: StreamingModeName;
  /** Only for PROVISIONED mode. */
  readonly shardCount?: number;
  /** 24 to 8760 hours. */
  readonly retentionHours: number;
}

/** Audit, ad-hoc SQL and compliance (lib/governance). */
export interface GovernanceConfig {
  /** CloudTrail S3 data events for the lake buckets, and an alarm on denied access to them. */
  readonly auditTrail: AuditTrailConfig;
  /** Athena refuses to scan more than this per query, in MiB: 10 to 2047. */
  readonly athenaBytesScannedCutoffMib: number;
  /** Register gold/ with Lake Formation (hybrid access mode) and grant the analyst, job and crawler roles. */
  readonly lakeFormation: boolean;
  /** AWS Config managed rules on the platform's resources; needs a configuration recorder in the account. */
  readonly configRules: boolean;
}

/** CloudTrail data events of the lake. */
export interface AuditTrailConfig {
  readonly enabled: boolean;
  /**
   * Where an organization trail already records this account: the name of the log group,
   * in this account and region, that receives its events. No trail is created; the
   * AccessDenied alarm reads that log group. Only with `enabled: true`.
   */
  readonly organizationTrailLogGroup?: string;
  /** Days the audit bucket keeps log files: 1 to 3650. */
  readonly logExpireAfterDays: number;
}
