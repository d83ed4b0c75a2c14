/**
 * A Redshift Serverless usage limit on a workgroup. CloudFormation has no such resource, so
 * the SDK calls are made at deploy time by aws-cdk-lib's AwsCustomResource.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Names of the usage-limit periods (CreateUsageLimit `period`). */
export const USAGE_LIMIT_PERIODS = ['daily', 'weekly', 'monthly'] as const;
/** Names of the breach actions (CreateUsageLimit `breachAction`), as the environment config spells them. */
export const USAGE_LIMIT_BREACH_ACTIONS = ['log', 'emit-metric', 'deactivate'] as const;
export type UsageLimitBreachActionName = (typeof USAGE_LIMIT_BREACH_ACTIONS)[number];

/**
 * The period a usage limit counts RPU-hours over
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateUsageLimit.html).
 */
export class UsageLimitPeriod {
  public static readonly DAILY = new UsageLimitPeriod('daily');
  public static readonly WEEKLY = new UsageLimitPeriod('weekly');
  public static readonly MONTHLY = new UsageLimitPeriod('monthly');

  /** A period by name, e.g. from configuration; RedshiftWarehouse checks it is one of USAGE_LIMIT_PERIODS. */
  public static of(name: string): UsageLimitPeriod {
    return new UsageLimitPeriod(name);
  }

  private constructor(public readonly name: string) {}
}

/** What Redshift Serverless does when a usage limit is reached. */
export class UsageLimitBreachAction {
  /** Record the breach in a system table only. */
  public static readonly LOG = new UsageLimitBreachAction('log');
  /** Publish a CloudWatch metric to alarm on. */
  public static readonly EMIT_METRIC = new UsageLimitBreachAction('emit-metric');
  /** Stop user queries until the next period. */
  public static readonly DEACTIVATE = new UsageLimitBreachAction('deactivate');

  /** An action by name, e.g. from configuration; RedshiftWarehouse checks it is one of USAGE_LIMIT_BREACH_ACTIONS. */
  public static of(name: string): UsageLimitBreachAction {
    return new UsageLimitBreachAction(name);
  }

  private constructor(public readonly name: string) {}
}

/**
 * The usage-limit actions accept only `*` as resource: the service authorization reference
 * lists no resource type for them
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html).
 */
export const USAGE_LIMIT_ACTIONS = [
  'redshift-serverless:CreateUsageLimit',
  'redshift-serverless:UpdateUsageLimit',
  'redshift-serverless:DeleteUsageLimit',
] as const;

export interface WorkgroupUsageLimitProps {
  readonly workgroupArn: string;
  /** RPU-hours per period. */
  readonly amount: number;
  readonly period: UsageLimitPeriod;
  readonly breachAction: UsageLimitBreachAction;
}

export class WorkgroupUsageLimit extends Construct {
  readonly resource: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: WorkgroupUsageLimitProps) {
    super(scope, id);
    const call = (action: string, parameters: Record<string, unknown>): cr.AwsSdkCall => ({
      service: 'RedshiftServerless',
      action,
      parameters,
      physicalResourceId: cr.PhysicalResourceId.fromResponse('usageLimit.usageLimitId'),
    });
    const usageLimitId = new cr.PhysicalResourceIdReference();
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      resourceType: 'Custom::RedshiftServerlessUsageLimit',
      onCreate: call('createUsageLimit', {
        resourceArn: props.workgroupArn,
        usageType: 'serverless-compute',
        amount: props.amount,
        period: props.period.name,
        breachAction: props.breachAction.name,
      }),
      // The period cannot change in place; amount and breach action can.
      onUpdate: call('updateUsageLimit', {
        usageLimitId,
        amount: props.amount,
        breachAction: props.breachAction.name,
      }),
      onDelete: { service: 'RedshiftServerless', action: 'deleteUsageLimit', parameters: { usageLimitId } },
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: [...USAGE_LIMIT_ACTIONS], resources: ['*'] }),
      ]),
      installLatestAwsSdk: false,
    });
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'redshift-serverless Create/Update/DeleteUsageLimit support no resource type in IAM, so "*" is the only resource that works; the policy holds these three actions only, on the deploy-time function',
    });
    acknowledgeSdkCallFunction(Stack.of(this));
  }
}

/** The stack-wide singleton that runs AwsCustomResource calls, owned by aws-cdk-lib. */
export function acknowledgeSdkCallFunction(stack: Stack): void {
  const sdkCallFunction = stack.node.tryFindChild(
    `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`,
  );
  if (!sdkCallFunction) return;
  Validations.of(sdkCallFunction).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The aws-cdk-lib SDK-call function only writes its own logs with the AWS basic execution policy',
  });
}
