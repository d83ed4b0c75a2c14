/**
 * PlatformConfigRules: AWS Config managed rules that watch the platform's resources for drift
 * from its secure baseline, with every NON_COMPLIANT evaluation sent to a topic through one
 * EventBridge rule. Config rules evaluate only what a configuration recorder records: the
 * account needs one (https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config.html).
 *
 * Change-triggered rules are scoped to the platform's tag; a scope only narrows which
 * resources trigger an evaluation, so periodic rules (key rotation, CloudTrail, Redshift
 * Serverless) check the whole account and region
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html).
 */
import { Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Rules, validateProps } from '../common/props-validation';

/** A managed rule of this construct; identifiers and triggers from the AWS Config managed rules list. */
interface ManagedRuleSpec {
  readonly identifier: string;
  /** Evaluated on configuration changes, so a tag scope applies; otherwise periodic, account-wide. */
  readonly changeTriggered: boolean;
  readonly description: string;
  readonly inputParameters?: Record<string, string>;
}

/**
 * The Lambda runtimes the platform deploys, all supported by Lambda today
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html): nodejs22.x for the
 * platform's own functions (lib/common/platform-function.ts); nodejs24.x and python3.13 for the
 * handlers aws-cdk-lib deploys (custom resource providers, bucket notifications). A test keeps
 * this list in step with the synthesized stack; drop a runtime here when Lambda deprecates it.
 */
export const PLATFORM_LAMBDA_RUNTIMES = ['nodejs22.x', 'nodejs24.x', 'python3.13'] as const;

/** A resource tag, as a Config rule scope names it. */
export interface ResourceTag {
  readonly key: string;
  readonly value: string;
}

export interface PlatformConfigRulesProps {
  /** Change-triggered rules evaluate only resources with this tag, e.g. `{ key: 'project', value: 'data-platform' }`. */
  readonly scopeTag: ResourceTag;
  /**
   * Lambda runtimes the platform's functions may use: the `runtime` parameter of
   * LAMBDA_FUNCTION_SETTINGS_CHECK, as Security Hub's Lambda.2 control uses it
   * (https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html).
   * @default PLATFORM_LAMBDA_RUNTIMES
   */
  readonly lambdaRuntimes?: readonly string[];
  /**
   * Receives a message for each NON_COMPLIANT evaluation.
   * @default no notifications: compliance shows in the AWS Config console only
   */
  readonly notificationTopic?: sns.ITopic;
}

/** PlatformConfigRules's props rules. */
export const PLATFORM_CONFIG_RULES_RULES: Rules<PlatformConfigRulesProps> = {
  props: {
    scopeTag: (name, { key, value }) => {
      if (!Token.isUnresolved(key) && (key.length < 1 || key.length > 128)) {
        return `${name}.key must be 1 to 128 characters (got "${key}")`;
      }
      return !Token.isUnresolved(value) && value.length > 256
        ? `${name}.value must be at most 256 characters (got ${value.length})`
        : undefined;
    },
    lambdaRuntimes: (name, runtimes) =>
      runtimes.length === 0 || runtimes.some((runtime) => !/^[a-z]+[0-9.]*[a-z0-9.]*$/.test(runtime))
        ? `${name} must list Lambda runtime identifiers such as nodejs22.x (got ${JSON.stringify(runtimes)})`
        : undefined,
  },
};

export class PlatformConfigRules extends Construct {
  /** The managed rules, keyed by their identifier (e.g. `S3_BUCKET_SSL_REQUESTS_ONLY`). */
  public readonly rules: Readonly<Record<string, config.ManagedRule>>;
  /** Sends NON_COMPLIANT evaluations of the rules to the topic; undefined without one. */
  public readonly nonCompliantRule?: events.Rule;

  constructor(scope: Construct, id: string, props: PlatformConfigRulesProps) {
    super(scope, id);
    const runtimes = props.lambdaRuntimes ?? PLATFORM_LAMBDA_RUNTIMES;
    validateProps(props, PLATFORM_CONFIG_RULES_RULES);

    const specs: ManagedRuleSpec[] = [
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html
        identifier: config.ManagedRuleIdentifiers.S3_BUCKET_SSL_REQUESTS_ONLY,
        changeTriggered: true,
        description: 'Platform buckets deny requests that do not use TLS',
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html
        identifier: config.ManagedRuleIdentifiers.S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED,
        changeTriggered: true,
        description: 'Platform buckets encrypt objects at rest by default',
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/lambda-function-settings-check.html
        identifier: config.ManagedRuleIdentifiers.LAMBDA_FUNCTION_SETTINGS_CHECK,
        changeTriggered: true,
        description: `Platform functions run on a supported runtime (${runtimes.join(', ')})`,
        inputParameters: { runtime: runtimes.join(',') },
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html
        identifier: config.ManagedRuleIdentifiers.CMK_BACKING_KEY_ROTATION_ENABLED,
        changeTriggered: false,
        description: 'Customer managed KMS keys rotate (periodic, every key of the account and region)',
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-enabled.html
        identifier: config.ManagedRuleIdentifiers.CLOUD_TRAIL_ENABLED,
        changeTriggered: false,
        description: 'A CloudTrail trail records the account (periodic)',
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-log-file-validation-enabled.html
        identifier: config.ManagedRuleIdentifiers.CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED,
        changeTriggered: false,
        description: 'CloudTrail trails sign their log files (periodic)',
      },
      {
        // https://docs.aws.amazon.com/config/latest/developerguide/redshift-serverless-workgroup-no-public-access.html
        identifier: 'REDSHIFT_SERVERLESS_WORKGROUP_NO_PUBLIC_ACCESS',
        changeTriggered: false,
        description: 'Redshift Serverless workgroups are not publicly accessible (periodic)',
      },
    ];
    const scopeRule = config.RuleScope.fromTag(props.scopeTag.key, props.scopeTag.value);
    this.rules = Object.fromEntries(
      specs.map((spec) => [
        spec.identifier,
        new config.ManagedRule(this, spec.identifier, {
          identifier: spec.identifier,
          description: spec.description,
          inputParameters: spec.inputParameters,
          ...(spec.changeTriggered
            ? { ruleScope: scopeRule }
            : { maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS }),
        }),
      ]),
    );

    if (props.notificationTopic) {
      const detail = (path: string) => events.EventField.fromPath(`$.detail.${path}`);
      this.nonCompliantRule = new events.Rule(this, 'NonCompliant', {
        description: 'NON_COMPLIANT evaluations of the platform Config rules',
        eventPattern: {
          source: ['aws.config'],
          detailType: ['Config Rules Compliance Change'],
          detail: {
            configRuleName: Object.values(this.rules).map((rule) => rule.configRuleName),
            newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
          },
        },
        targets: [
          new targets.SnsTopic(props.notificationTopic, {
            message: events.RuleTargetInput.fromText(
              `Config rule ${detail('configRuleName')}: ${detail('resourceType')} ${detail('resourceId')} is NON_COMPLIANT. ` +
                'Compare it with the secure baseline in the README (Governance), fix the resource or its stack, then re-evaluate the rule.',
            ),
          }),
        ],
      });
    }
  }
}
