import {
  ATHENA_CUTOFF_MIB_RANGE,
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentName,
  GLUE_WORKER_TYPES,
  KINESIS_MODES,
  LOG_RETENTION_CHOICES,
  USAGE_LIMIT_BREACH_ACTIONS,
} from './environment-config';
import { availabilityZoneIdProblems, capacityProblems } from '../warehouse/capacity';
import { ENVIRONMENTS } from './environments';

/** Thrown at synth when `-c env=...` or a config value is invalid. */
export class InvalidEnvironmentConfigError extends Error {
  override readonly name = 'InvalidEnvironmentConfigError';
}

/**
 * The environments to synthesize: the one named by `-c env=NAME`, or all of them.
 * Account and region fall back to CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION.
 */
export function resolveEnvironments(
  envContext: unknown,
  processEnv: NodeJS.ProcessEnv = process.env,
  environments: Readonly<Record<EnvironmentName, EnvironmentConfig>> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const names = envContext === undefined ? [...ENVIRONMENT_NAMES] : [parseEnvironmentName(envContext)];
  return names.map((name) => {
    const config = {
      ...environments[name],
      account: environments[name].account ?? processEnv.CDK_DEFAULT_ACCOUNT,
      region: environments[name].region ?? processEnv.CDK_DEFAULT_REGION,
    };
    const problems = validateEnvironmentConfig(config);
    if (problems.length > 0) {
      throw new InvalidEnvironmentConfigError(`invalid config for env "${name}": ${problems.join('; ')}`);
    }
    return config;
  });
}

export function parseEnvironmentName(value: unknown): EnvironmentName {
  if (typeof value === 'string' && (ENVIRONMENT_NAMES as readonly string[]).includes(value)) {
    return value as EnvironmentName;
  }
  throw new InvalidEnvironmentConfigError(
    `unknown env "${String(value)}": use -c env=${ENVIRONMENT_NAMES.join('|')}, or omit it to synthesize all`,
  );
}

function oneOf<T>(label: string, value: T, choices: readonly T[]): string[] {
  return choices.includes(value)
    ? []
    : [`${label} must be one of ${choices.join(', ')} (got ${String(value)})`];
}

function between(label: string, value: number, min: number, max: number): string[] {
  return Number.isInteger(value) && value >= min && value <= max
    ? []
    : [`${label} must be an integer between ${min} and ${max} (got ${value})`];
}

/** Every problem with a config, each saying what to change; empty when valid. */
export function validateEnvironmentConfig(config: EnvironmentConfig): string[] {
  const { lifecycle, redshift, glue, kinesis, governance } = config;
  return [
    ...(/^[a-z][a-z0-9-]{1,20}$/.test(config.namePrefix)
      ? []
      : [`namePrefix must be 2-21 lowercase letters, digits or hyphens (got "${config.namePrefix}")`]),
    ...(config.owner.trim() ? [] : ['owner must not be empty']),
    ...oneOf('removalPolicy', config.removalPolicy, ['retain', 'destroy'] as const),
    ...(config.autoDeleteObjects && config.removalPolicy !== 'destroy'
      ? ['autoDeleteObjects requires removalPolicy "destroy" (RETAINed data is never emptied)']
      : []),
    ...oneOf('logRetentionDays', config.logRetentionDays, LOG_RETENTION_CHOICES),
    ...(config.alarmEmail === undefined || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(config.alarmEmail)
      ? []
      : [`alarmEmail must be an e-mail address (got "${config.alarmEmail}")`]),
    ...(/^cron\(.+\)$|^rate\(.+\)$/.test(config.schedule)
      ? []
      : [`schedule must be an EventBridge cron(...) or rate(...) expression (got "${config.schedule}")`]),
    ...between('lifecycle.rawInfrequentAccessAfterDays', lifecycle.rawInfrequentAccessAfterDays, 30, 3650),
    ...(lifecycle.rawGlacierAfterDays > lifecycle.rawInfrequentAccessAfterDays
      ? []
      : [
          `lifecycle.rawGlacierAfterDays must be greater than rawInfrequentAccessAfterDays (got ${lifecycle.rawGlacierAfterDays})`,
        ]),
    ...between('lifecycle.quarantineExpireAfterDays', lifecycle.quarantineExpireAfterDays, 1, 3650),
    ...between(
      'lifecycle.abortIncompleteUploadsAfterDays',
      lifecycle.abortIncompleteUploadsAfterDays,
      1,
      365,
    ),
    ...capacityProblems(
      { base: 'redshift.baseCapacityRpus', max: 'redshift.maxCapacityRpus' },
      redshift.baseCapacityRpus,
      redshift.maxCapacityRpus,
    ),
    ...between('redshift.monthlyRpuHoursLimit', redshift.monthlyRpuHoursLimit, 1, 1_000_000),
    ...oneOf('redshift.usageLimitBreachAction', redshift.usageLimitBreachAction, USAGE_LIMIT_BREACH_ACTIONS),
    ...availabilityZoneIdProblems('redshift.availabilityZoneIds', redshift.availabilityZoneIds),
    ...oneOf('glue.workerType', glue.workerType, GLUE_WORKER_TYPES),
    ...between('glue.maxWorkers', glue.maxWorkers, 2, 299),
    ...oneOf('kinesis.mode', kinesis.mode, KINESIS_MODES),
    ...(kinesis.mode === 'PROVISIONED'
      ? between('kinesis.shardCount', kinesis.shardCount ?? 0, 1, 500)
      : kinesis.shardCount === undefined
        ? []
        : ['kinesis.shardCount applies only to PROVISIONED mode: remove it or set mode PROVISIONED']),
    ...between('kinesis.retentionHours', kinesis.retentionHours, 24, 8760),
    ...validateGovernance(governance),
  ];
}

/** CloudWatch Logs log group names: 1 to 512 of these characters. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

function validateGovernance(governance: EnvironmentConfig['governance']): string[] {
  const { auditTrail } = governance;
  const orgLogGroup = auditTrail.organizationTrailLogGroup;
  return [
    ...between('governance.auditTrail.logExpireAfterDays', auditTrail.logExpireAfterDays, 1, 3650),
    ...(orgLogGroup === undefined || LOG_GROUP_NAME.test(orgLogGroup)
      ? []
      : [
          `governance.auditTrail.organizationTrailLogGroup must be a CloudWatch Logs log group name (got "${orgLogGroup}")`,
        ]),
    ...(orgLogGroup !== undefined && !auditTrail.enabled
      ? [
          'governance.auditTrail.organizationTrailLogGroup applies only with enabled: true (the alarm reads it)',
        ]
      : []),
    ...between(
      'governance.athenaBytesScannedCutoffMib',
      governance.athenaBytesScannedCutoffMib,
      ATHENA_CUTOFF_MIB_RANGE.min,
      ATHENA_CUTOFF_MIB_RANGE.max,
    ),
  ];
}
