import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENVIRONMENTS, EnvironmentConfig } from '../../lib/config';
import { DataPlatformStack } from '../../lib/data-platform-stack';
import { PLATFORM_LAMBDA_RUNTIMES } from '../../lib/governance';
import { unacknowledgedNagFindings } from '../helpers/nag';

/** prod with the given governance settings. */
function stackWith(governance: Partial<EnvironmentConfig['governance']>) {
  const app = new App();
  const config = { ...ENVIRONMENTS.prod, governance: { ...ENVIRONMENTS.prod.governance, ...governance } };
  const stack = new DataPlatformStack(app, 'Platform', {
    config,
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  return { stack, template: Template.fromStack(stack) };
}

describe('DataPlatformStack governance features', () => {
  test('with every feature on: trail, workgroup, Lake Formation and Config rules, and no unacknowledged cdk-nag finding', () => {
    const { stack, template } = stackWith({ lakeFormation: true, configRules: true });
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.resourceCountIs('AWS::Athena::WorkGroup', 1);
    template.resourceCountIs('AWS::LakeFormation::Resource', 1);
    template.resourceCountIs('AWS::Config::ConfigRule', 7);
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'dp-prod-lake',
      WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 2000 * 1024 * 1024 },
    });
    expect(unacknowledgedNagFindings(stack)).toEqual([]);
  });

  test('lists every Lambda runtime the stack deploys as allowed in the runtime rule', () => {
    const { template } = stackWith({ configRules: true });
    const runtimes = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (fn) => (fn as { Properties: { Runtime: string } }).Properties.Runtime,
    );
    expect(runtimes.length).toBeGreaterThan(10);
    expect([...new Set(runtimes)].sort()).toEqual([...PLATFORM_LAMBDA_RUNTIMES].sort());
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'LAMBDA_FUNCTION_SETTINGS_CHECK' },
      InputParameters: { runtime: PLATFORM_LAMBDA_RUNTIMES.join(',') },
    });
  });

  test('sends the AccessDenied alarm to the pipeline topic', () => {
    const { stack, template } = stackWith({});
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'LakeAccessDenied',
      AlarmActions: [stack.resolve(stack.platform.monitoring.topic.topicArn)],
    });
    expect(stack.platform.monitoring.alarms).toContain(stack.platform.auditTrail!.accessDeniedAlarm);
  });

  test('with an organization trail keeps the alarm on its log group and creates no trail', () => {
    const { template } = stackWith({
      auditTrail: { enabled: true, logExpireAfterDays: 365, organizationTrailLogGroup: 'org/CloudTrail' },
    });
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.hasResourceProperties('AWS::Logs::MetricFilter', { LogGroupName: 'org/CloudTrail' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'LakeAccessDenied' });
  });

  test('with the trail turned off creates neither trail nor alarm', () => {
    const { stack, template } = stackWith({ auditTrail: { enabled: false, logExpireAfterDays: 365 } });
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(stack.platform.auditTrail).toBeUndefined();
  });
});
