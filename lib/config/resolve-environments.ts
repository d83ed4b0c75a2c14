import { Contract, defaultContract } from '../../contract';
import { propsProblems, matches, oneOf, Rules } from '../common/props-validation';
import { STAR_SCHEMA_JOB_RULES } from '../etl/star-schema-job';
import { LAKE_AUDIT_TRAIL_RULES } from '../governance/lake-audit-trail';
import { LAKE_QUERY_RULES } from '../governance/lake-query';
import { PIPELINE_MONITORING_RULES } from '../monitoring/pipeline-monitoring';
import { PIPELINE_ORCHESTRATION_RULES } from '../orchestration/props-validation';
import { DATA_LAKE_STORAGE_RULES } from '../storage/data-lake-storage';
import { STREAMING_INGESTION_RULES } from '../streaming/props-validation';
import { REDSHIFT_WAREHOUSE_RULES } from '../warehouse/redshift-warehouse';
import {
  AUDIT_TRAIL_FIELDS,
  auditTrailProps,
  JOB_FIELDS,
  jobProps,
  LAKE_QUERY_FIELDS,
  lakeQueryProps,
  monitoringProps,
  orchestrationProps,
  STORAGE_FIELDS,
  storageProps,
  STREAMING_FIELDS,
  streamingProps,
  WAREHOUSE_FIELDS,
  warehouseProps,
} from './construct-props';
import {
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentName,
  LOG_RETENTION_CHOICES,
} from './environment-config';
import { ENVIRONMENTS } from './environments';

/** Thrown at synth when `-c env=...` or a config value is invalid. */
export class InvalidEnvironmentConfigError extends Error {
  override readonly name = 'InvalidEnvironmentConfigError';
}

/**
 * The environments to synthesize: the one named by `-c env=NAME`, or all of them, each
 * checked for deploying `contract` (by default the sales example). Account and region fall
 * back to CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION.
 */
export function resolveEnvironments(
  envContext: unknown,
  processEnv: NodeJS.ProcessEnv = process.env,
  environments: Readonly<Record<EnvironmentName, EnvironmentConfig>> = ENVIRONMENTS,
  contract: Contract = defaultContract(),
): EnvironmentConfig[] {
  const names = envContext === undefined ? [...ENVIRONMENT_NAMES] : [parseEnvironmentName(envContext)];
  return names.map((name) => {
    const config = {
      ...environments[name],
      account: environments[name].account ?? processEnv.CDK_DEFAULT_ACCOUNT,
      region: environments[name].region ?? processEnv.CDK_DEFAULT_REGION,
    };
    const problems = validateEnvironmentConfig(config, contract);
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

/** CloudWatch Logs log group names: 1 to 512 of these characters. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/** The rules of what only the config has: names, tags, retention, the organization trail. */
export const ENVIRONMENT_CONFIG_RULES: Rules<EnvironmentConfig> = {
  props: {
    namePrefix: matches(
      /^[a-z][a-z0-9-]{1,20}$/,
      'be 2-21 lowercase letters, digits or hyphens, starting with a letter',
    ),
    owner: matches(/\S/, 'not be empty'),
    removalPolicy: oneOf(['retain', 'destroy']),
    logRetentionDays: oneOf(LOG_RETENTION_CHOICES),
  },
  across: [
    ({ governance }) => {
      const orgLogGroup = governance?.auditTrail.organizationTrailLogGroup;
      if (orgLogGroup === undefined) return undefined;
      const name = 'governance.auditTrail.organizationTrailLogGroup';
      if (!LOG_GROUP_NAME.test(orgLogGroup)) {
        return `${name} must be a CloudWatch Logs log group name (got "${orgLogGroup}")`;
      }
      return governance?.auditTrail.enabled
        ? undefined
        : `${name} applies only with enabled: true (the alarm reads it)`;
    },
  ],
};

/**
 * Every problem with a config, each saying what to change; empty when valid. Besides its own
 * rules, the config is checked with the rules of the constructs it sizes, on the props
 * DataPlatformStack passes them for `contract` (by default the sales example; its only event,
 * if it has one, names the stream), and the messages name the config's fields.
 */
export function validateEnvironmentConfig(
  config: EnvironmentConfig,
  contract: Contract = defaultContract(),
): string[] {
  const [event, ...others] = contract.eventNames;
  return [
    ...propsProblems(config, ENVIRONMENT_CONFIG_RULES),
    ...propsProblems(monitoringProps(config), PIPELINE_MONITORING_RULES),
    ...propsProblems(orchestrationProps(config), PIPELINE_ORCHESTRATION_RULES),
    ...propsProblems(storageProps(config), DATA_LAKE_STORAGE_RULES, STORAGE_FIELDS),
    ...propsProblems(warehouseProps(config), REDSHIFT_WAREHOUSE_RULES, WAREHOUSE_FIELDS),
    ...propsProblems(jobProps(config), STAR_SCHEMA_JOB_RULES, JOB_FIELDS),
    ...propsProblems(
      streamingProps(config, others.length === 0 ? event : undefined),
      STREAMING_INGESTION_RULES,
      STREAMING_FIELDS,
    ),
    ...propsProblems(auditTrailProps(config), LAKE_AUDIT_TRAIL_RULES, AUDIT_TRAIL_FIELDS),
    ...propsProblems(lakeQueryProps(config), LAKE_QUERY_RULES, LAKE_QUERY_FIELDS),
  ];
}
