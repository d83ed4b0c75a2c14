/**
 * The names a deployed environment is found by: its stack, and the stack output `cli backfill`
 * reads. No CDK import, so the CLI can read them without loading the CDK.
 */
import type { EnvironmentConfig } from './environment-config';

/** The CloudFormation stack name of an environment's platform. */
export const platformStackName = (config: EnvironmentConfig): string => `${config.namePrefix}-data-platform`;

/** The stack output holding the pipeline's state machine ARN, which `cli backfill` reads. */
export const STATE_MACHINE_ARN_OUTPUT = 'PipelineStateMachineArn';
