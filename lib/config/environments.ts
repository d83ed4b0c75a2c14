import { EnvironmentConfig, EnvironmentName } from './environment-config';

const DAILY_AT_0200_UTC = 'cron(0 2 * * ? *)';

/** The deployable environments. Edit sizes and policies here; validation runs at synth. */
export const ENVIRONMENTS: Readonly<Record<EnvironmentName, EnvironmentConfig>> = {
  dev: {
    name: 'dev',
    namePrefix: 'dp-dev',
    owner: 'data-platform',
    terminationProtection: false,
    removalPolicy: 'destroy',
    autoDeleteObjects: true,
    logRetentionDays: 14,
    schedule: DAILY_AT_0200_UTC,
    lifecycle: {
      rawInfrequentAccessAfterDays: 30,
      rawGlacierAfterDays: 90,
      quarantineExpireAfterDays: 30,
      abortIncompleteUploadsAfterDays: 1,
    },
    // Dev is capped twice: at 8 RPUs, and queries stop at the monthly limit.
    redshift: {
      baseCapacityRpus: 8,
      maxCapacityRpus: 8,
      monthlyRpuHoursLimit: 100,
      usageLimitBreachAction: 'deactivate',
    },
    glue: { workerType: 'G.1X', maxWorkers: 2 },
    kinesis: { mode: 'PROVISIONED', shardCount: 1, retentionHours: 24 },
    governance: {
      auditTrail: { enabled: false, logExpireAfterDays: 90 },
      athenaBytesScannedCutoffMib: 100,
      lakeFormation: false,
      configRules: false,
    },
  },
  staging: {
    name: 'staging',
    namePrefix: 'dp-staging',
    owner: 'data-platform',
    terminationProtection: false,
    removalPolicy: 'retain',
    autoDeleteObjects: false,
    logRetentionDays: 30,
    schedule: DAILY_AT_0200_UTC,
    lifecycle: {
      rawInfrequentAccessAfterDays: 30,
      rawGlacierAfterDays: 90,
      quarantineExpireAfterDays: 90,
      abortIncompleteUploadsAfterDays: 7,
    },
    redshift: {
      baseCapacityRpus: 16,
      maxCapacityRpus: 64,
      monthlyRpuHoursLimit: 500,
      usageLimitBreachAction: 'emit-metric',
    },
    glue: { workerType: 'G.1X', maxWorkers: 5 },
    kinesis: { mode: 'ON_DEMAND', retentionHours: 48 },
    governance: {
      auditTrail: { enabled: true, logExpireAfterDays: 365 },
      athenaBytesScannedCutoffMib: 500,
      lakeFormation: false,
      configRules: false,
    },
  },
  prod: {
    name: 'prod',
    namePrefix: 'dp-prod',
    owner: 'data-platform',
    terminationProtection: true,
    removalPolicy: 'retain',
    autoDeleteObjects: false,
    logRetentionDays: 365,
    schedule: DAILY_AT_0200_UTC,
    lifecycle: {
      rawInfrequentAccessAfterDays: 30,
      rawGlacierAfterDays: 180,
      quarantineExpireAfterDays: 365,
      abortIncompleteUploadsAfterDays: 7,
    },
    redshift: {
      baseCapacityRpus: 32,
      maxCapacityRpus: 256,
      monthlyRpuHoursLimit: 2000,
      usageLimitBreachAction: 'emit-metric',
    },
    glue: { workerType: 'G.2X', maxWorkers: 10 },
    kinesis: { mode: 'ON_DEMAND', retentionHours: 168 },
    governance: {
      auditTrail: { enabled: true, logExpireAfterDays: 2557 },
      athenaBytesScannedCutoffMib: 2000,
      lakeFormation: false,
      configRules: false,
    },
  },
};
