import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { tagPlatform } from './common/platform-tags';
import { STATE_MACHINE_ARN_OUTPUT } from './config/deployment-names';
import { DataPlatform, DataPlatformProps } from './data-platform';

export interface DataPlatformStackProps extends StackProps, DataPlatformProps {}

/** One environment's platform as a stack of its own: the stack the repository's app deploys. */
export class DataPlatformStack extends Stack {
  /**
   * The platform. Its id is `Default`, which CDK leaves out of logical ids, so its resources keep
   * the logical ids they had when this stack held them directly.
   */
  public readonly platform: DataPlatform;

  constructor(scope: Construct, id: string, props: DataPlatformStackProps) {
    super(scope, id, props);
    // The stack too, for the CloudFormation stack itself and aws-cdk-lib's stack-level singletons.
    tagPlatform(this, props.config);
    this.platform = new DataPlatform(this, 'Default', {
      config: props.config,
      contract: props.contract,
      streamedEvent: props.streamedEvent,
    });
    new CfnOutput(this, STATE_MACHINE_ARN_OUTPUT, {
      description: 'The batch pipeline state machine: cli backfill starts its executions',
      value: this.platform.orchestration.stateMachine.stateMachineArn,
    });
  }
}
