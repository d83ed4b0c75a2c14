import { App, Stack, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformConfigRules, PlatformConfigRulesProps } from '../../lib/governance';
import { unacknowledgedNagFindings } from '../helpers/nag';

function compose(options: Partial<PlatformConfigRulesProps> = {}, withTopic = true) {
  const app = new App();
  const stack = new Stack(app, 'Lake', { env: { account: '111111111111', region: 'eu-west-1' } });
  const topic = new sns.Topic(stack, 'Topic');
  const rules = new PlatformConfigRules(stack, 'Rules', {
    scopeTag: { key: 'project', value: 'data-platform' },
    notificationTopic: withTopic ? topic : undefined,
    ...options,
  });
  return { stack, rules, topic, template: () => Template.fromStack(stack) };
}

const CHANGE_TRIGGERED = [
  'S3_BUCKET_SSL_REQUESTS_ONLY',
  'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
  'LAMBDA_FUNCTION_SETTINGS_CHECK',
];
const PERIODIC = [
  'CMK_BACKING_KEY_ROTATION_ENABLED',
  'CLOUD_TRAIL_ENABLED',
  'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
  'REDSHIFT_SERVERLESS_WORKGROUP_NO_PUBLIC_ACCESS',
];

describe('PlatformConfigRules', () => {
  test.each(CHANGE_TRIGGERED)('%s evaluates only resources with the platform tag', (identifier) => {
    const { template } = compose();
    template().hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: identifier },
      Scope: { TagKey: 'project', TagValue: 'data-platform' },
      MaximumExecutionFrequency: Match.absent(),
    });
  });

  test.each(PERIODIC)('%s runs daily over the account, where a scope does not apply', (identifier) => {
    const { template } = compose();
    template().hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: identifier },
      Scope: Match.absent(),
      MaximumExecutionFrequency: 'TwentyFour_Hours',
    });
  });

  test('checks Lambda runtimes against the given list only', () => {
    const { template } = compose({ lambdaRuntimes: ['nodejs22.x', 'python3.13'] });
    template().hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'LAMBDA_FUNCTION_SETTINGS_CHECK' },
      InputParameters: { runtime: 'nodejs22.x,python3.13' },
    });
  });

  test('sends NON_COMPLIANT evaluations of its rules, and only those, to the topic', () => {
    const { template, stack, rules, topic } = compose();
    template().hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: {
          configRuleName: Object.values(rules.rules).map((rule) => stack.resolve(rule.configRuleName)),
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      Targets: [Match.objectLike({ Arn: stack.resolve(topic.topicArn) })],
    });
  });

  test('creates no event rule without a topic', () => {
    const { template, rules } = compose({}, false);
    expect(rules.nonCompliantRule).toBeUndefined();
    template().resourceCountIs('AWS::Events::Rule', 0);
  });

  test('has no unacknowledged cdk-nag findings', () => {
    const { rules } = compose();
    expect(unacknowledgedNagFindings(rules)).toEqual([]);
  });

  test.each<[string, Partial<PlatformConfigRulesProps>, RegExp]>([
    [
      'an empty tag key',
      { scopeTag: { key: '', value: 'x' } },
      /scopeTag.key must be 1 to 128 characters \(got ""\)/,
    ],
    [
      'a tag value over 256 characters',
      { scopeTag: { key: 'project', value: 'x'.repeat(257) } },
      /scopeTag.value must be at most 256 characters \(got 257\)/,
    ],
    ['no runtimes', { lambdaRuntimes: [] }, /lambdaRuntimes must list Lambda runtime identifiers/],
    [
      'a runtime with a space',
      { lambdaRuntimes: ['node js'] },
      /lambdaRuntimes must list Lambda runtime identifiers/,
    ],
  ])('fails on %s', (_name, options, message) => {
    expect(() => compose(options)).toThrow(message);
  });
});
