import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveEnvironments } from '../lib/config';
import { DataPlatformStack } from '../lib/data-platform-stack';

/** Builds the app: one stack per selected environment, with the cdk-nag AwsSolutions gate. */
export function buildPlatformApp(app: App = new App()): { app: App; stacks: DataPlatformStack[] } {
  const configs = resolveEnvironments(app.node.tryGetContext('env'));
  const stacks = configs.map(
    (config) =>
      new DataPlatformStack(app, `DataPlatform-${config.name}`, {
        config,
        stackName: `${config.namePrefix}-data-platform`,
        terminationProtection: config.terminationProtection,
        description: `Data platform (${config.name}): lake, validation, Glue star schema, Redshift, orchestration`,
        env: config.account || config.region ? { account: config.account, region: config.region } : undefined,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks };
}
