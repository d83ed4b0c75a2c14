import { Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EnvironmentConfig } from '../config';

/** The `project` tag of every resource; Config rules scope to it. */
export const PLATFORM_PROJECT_TAG = 'data-platform';

/** Tags everything under `scope` with the platform's project, environment and owner. */
export function tagPlatform(scope: IConstruct, config: EnvironmentConfig): void {
  Tags.of(scope).add('project', PLATFORM_PROJECT_TAG);
  Tags.of(scope).add('environment', config.name);
  Tags.of(scope).add('owner', config.owner);
}
