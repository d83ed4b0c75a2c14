import {
  ENVIRONMENTS,
  InvalidEnvironmentConfigError,
  resolveEnvironments,
  streamingProps,
  validateEnvironmentConfig,
} from '../../lib/config';
import { editedSalesContract, freightContract } from '../helpers/construct-contracts';

describe('resolveEnvironments', () => {
  test('synthesizes every environment when no env is given', () => {
    expect(resolveEnvironments(undefined, {}).map((c) => c.name)).toEqual(['dev', 'staging', 'prod']);
  });

  test('selects one environment with -c env=NAME', () => {
    expect(resolveEnvironments('prod', {}).map((c) => c.name)).toEqual(['prod']);
  });

  test('takes account and region from CDK_DEFAULT_* when the config has none', () => {
    const [dev] = resolveEnvironments('dev', {
      CDK_DEFAULT_ACCOUNT: '111122223333',
      CDK_DEFAULT_REGION: 'eu-west-1',
    });
    expect(dev).toMatchObject({ account: '111122223333', region: 'eu-west-1' });
  });

  test('keeps account and region set in the config', () => {
    const envs = {
      ...ENVIRONMENTS,
      dev: { ...ENVIRONMENTS.dev, account: '444455556666', region: 'us-east-2' },
    };
    const [dev] = resolveEnvironments('dev', { CDK_DEFAULT_ACCOUNT: '1', CDK_DEFAULT_REGION: 'x' }, envs);
    expect(dev).toMatchObject({ account: '444455556666', region: 'us-east-2' });
  });

  test('fails on an unknown env name and lists the valid choices', () => {
    expect(() => resolveEnvironments('nope', {})).toThrow(InvalidEnvironmentConfigError);
    expect(() => resolveEnvironments('nope', {})).toThrow(
      /unknown env "nope": use -c env=dev\|staging\|prod/,
    );
  });

  test('fails on an invalid value with a message naming the field, the rule and the value', () => {
    const envs = {
      ...ENVIRONMENTS,
      prod: { ...ENVIRONMENTS.prod, glue: { workerType: 'G.1X' as const, maxWorkers: 1 } },
    };
    expect(() => resolveEnvironments('prod', {}, envs)).toThrow(
      /invalid config for env "prod": glue.maxWorkers must be a whole number between 2 and 299 \(got 1\)/,
    );
  });
});

describe('validateEnvironmentConfig', () => {
  test('accepts the committed environments', () => {
    for (const config of Object.values(ENVIRONMENTS)) expect(validateEnvironmentConfig(config)).toEqual([]);
  });

  test('accepts capacities on the documented steps, up to 1024 RPUs', () => {
    for (const [base, max] of [
      [8, 8],
      [512, 512],
      [512, 544],
      [1024, 1024],
    ]) {
      const redshift = { ...ENVIRONMENTS.dev.redshift, baseCapacityRpus: base, maxCapacityRpus: max };
      expect(validateEnvironmentConfig({ ...ENVIRONMENTS.dev, redshift })).toEqual([]);
    }
  });

  test("names the stream after the environment and the contract's event, and checks the name for every contract", () => {
    expect(streamingProps(ENVIRONMENTS.dev, 'sale_event').streamName).toBe('dp-dev-sale-events');
    expect(streamingProps(ENVIRONMENTS.prod, 'shipment_event').streamName).toBe('dp-prod-shipment-events');
    expect(streamingProps(ENVIRONMENTS.dev).streamName).toBeUndefined();
    for (const config of Object.values(ENVIRONMENTS))
      expect(validateEnvironmentConfig(config, freightContract())).toEqual([]);
  });

  test('fails on a stream name Kinesis would refuse, from a long event name', () => {
    const event = 'e'.repeat(125);
    const contract = editedSalesContract((spec) => ({
      ...spec,
      events: { [event]: spec.events.sale_event },
    }));
    expect(validateEnvironmentConfig(ENVIRONMENTS.dev, contract).join('; ')).toMatch(
      /streamName must be 1 to 128 lowercase letters, digits, '\.', '_' or '-' \(got "dp-dev-e+s"\)/,
    );
  });

  test('protects only prod from stack deletion', () => {
    expect(
      Object.values(ENVIRONMENTS)
        .filter((c) => c.terminationProtection)
        .map((c) => c.name),
    ).toEqual(['prod']);
  });

  test.each([
    [
      { namePrefix: 'Bad_Prefix' },
      /namePrefix must be 2-21 lowercase letters, digits or hyphens.*\(got "Bad_Prefix"\)/,
    ],
    [{ owner: ' ' }, /owner must not be empty \(got " "\)/],
    [
      { lifecycle: { ...ENVIRONMENTS.dev.lifecycle, rawInfrequentAccessAfterDays: 10 } },
      /lifecycle.rawInfrequentAccessAfterDays must be at least 30 days, an S3 rule \(got 10 days\)/,
    ],
    [
      { lifecycle: { ...ENVIRONMENTS.dev.lifecycle, quarantineExpireAfterDays: 0 } },
      /lifecycle.quarantineExpireAfterDays must be at least 1 day \(got 0 days\)/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, monthlyRpuHoursLimit: 0 } },
      /redshift.monthlyRpuHoursLimit must be a whole number of at least 1 RPU-hours \(got 0\)/,
    ],
    [
      { kinesis: { mode: 'ON_DEMAND' as const, retentionHours: 12 } },
      /kinesis.retentionHours must be between 24 and 8760 hours, a Kinesis limit \(got 12 hours\)/,
    ],
    [
      { removalPolicy: 'retain' as const, autoDeleteObjects: true },
      /autoDeleteObjects requires removalPolicy DESTROY: set both, or neither to keep the data/,
    ],
    [{ logRetentionDays: 10 as 14 }, /logRetentionDays must be one of 1, 3, 5, 7, 14/],
    [{ alarmEmail: 'ops' }, /alarmEmail must be an e-mail address \(got "ops"\)/],
    [
      { schedule: '0 2 * * *' },
      /schedule must be an EventBridge cron\(\.\.\.\) or rate\(\.\.\.\) expression/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, baseCapacityRpus: 12 } },
      /redshift.baseCapacityRpus must be a multiple of 8 from 8 to 512, or of 32 from 544 to 1024 RPUs \(got 12\)/,
    ],
    [
      // Above 512 the steps are 32 RPUs.
      { redshift: { ...ENVIRONMENTS.dev.redshift, baseCapacityRpus: 520, maxCapacityRpus: 1024 } },
      /redshift.baseCapacityRpus must be .* \(got 520\)/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, baseCapacityRpus: 16, maxCapacityRpus: 8 } },
      /redshift.maxCapacityRpus must be at least redshift.baseCapacityRpus \(got 8 < 16\)/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, usageLimitBreachAction: 'stop' as 'log' } },
      /redshift.usageLimitBreachAction must be one of log, emit-metric, deactivate \(got stop\)/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, availabilityZoneIds: ['use1-az1', 'use1-az2'] } },
      /redshift.availabilityZoneIds must name at least 3 distinct AZ IDs supported by Redshift Serverless \(got use1-az1, use1-az2\)/,
    ],
    [
      { redshift: { ...ENVIRONMENTS.dev.redshift, availabilityZoneIds: ['us-east-1a', 'b', 'c'] } },
      /redshift.availabilityZoneIds must hold AZ IDs such as use1-az1 \(got us-east-1a, b, c\)/,
    ],
    [
      { glue: { workerType: 'G.9X' as 'G.1X', maxWorkers: 2 } },
      /glue.workerType must be one of G.1X, G.2X, G.4X, G.8X/,
    ],
    [
      { kinesis: { mode: 'ON_DEMAND' as const, shardCount: 2, retentionHours: 24 } },
      /shardCount applies only to PROVISIONED/,
    ],
    [
      { kinesis: { mode: 'PROVISIONED' as const, shardCount: 0, retentionHours: 24 } },
      /kinesis.shardCount must be a whole number between 1 and 500 \(got 0\)/,
    ],
    [
      { lifecycle: { ...ENVIRONMENTS.dev.lifecycle, rawGlacierAfterDays: 30 } },
      /lifecycle.rawGlacierAfterDays must be later than lifecycle.rawInfrequentAccessAfterDays \(got 30 <= 30 days\)/,
    ],
    [
      { governance: { ...ENVIRONMENTS.dev.governance, athenaBytesScannedCutoffMib: 5 } },
      /governance.athenaBytesScannedCutoffMib must be between 10 MiB and 2047 MiB \(got 5 MiB\)/,
    ],
    [
      { governance: { ...ENVIRONMENTS.dev.governance, athenaBytesScannedCutoffMib: 2048 } },
      /governance.athenaBytesScannedCutoffMib must be between 10 MiB and 2047 MiB \(got 2048 MiB\)/,
    ],
    [
      {
        governance: {
          ...ENVIRONMENTS.dev.governance,
          auditTrail: { enabled: true, logExpireAfterDays: 0 },
        },
      },
      /governance.auditTrail.logExpireAfterDays must be between 1 and 3650 days \(got 0 days\)/,
    ],
    [
      {
        governance: {
          ...ENVIRONMENTS.dev.governance,
          auditTrail: { enabled: true, logExpireAfterDays: 90, organizationTrailLogGroup: 'bad name!' },
        },
      },
      /governance.auditTrail.organizationTrailLogGroup must be a CloudWatch Logs log group name \(got "bad name!"\)/,
    ],
    [
      {
        governance: {
          ...ENVIRONMENTS.dev.governance,
          auditTrail: { enabled: false, logExpireAfterDays: 90, organizationTrailLogGroup: 'org-trail' },
        },
      },
      /governance.auditTrail.organizationTrailLogGroup applies only with enabled: true/,
    ],
  ])('fails on %o', (override, message) => {
    expect(validateEnvironmentConfig({ ...ENVIRONMENTS.dev, ...override }).join('; ')).toMatch(message);
  });

  test('turns the audit trail on in staging and prod and off in dev; Lake Formation and Config rules off everywhere', () => {
    expect(
      Object.values(ENVIRONMENTS).map((config) => [config.name, config.governance.auditTrail.enabled]),
    ).toEqual([
      ['dev', false],
      ['staging', true],
      ['prod', true],
    ]);
    for (const config of Object.values(ENVIRONMENTS)) {
      expect(config.governance).toMatchObject({ lakeFormation: false, configRules: false });
    }
  });
});
