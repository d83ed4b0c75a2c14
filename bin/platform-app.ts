import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assertEvolvable, Contract, defaultContract, loadContract } from '../contract';
import { ENVIRONMENTS, resolveEnvironments } from '../lib/config';
import { platformStackName } from '../lib/config/deployment-names';
import { DataPlatformStack } from '../lib/data-platform-stack';

/**
 * The contract to deploy: `-c contract=PATH`, else the sales example. With
 * `-c contractBaseline=PATH` (the contract deployed now, e.g. the base of a pull request),
 * a contract with breaking changes that no migration of its own resolves fails synth, one
 * line per change. An invalid file fails synth with every problem it has.
 */
export function contractOf(app: App): Contract {
  const path: unknown = app.node.tryGetContext('contract');
  const contract = path === undefined ? defaultContract() : loadContract(String(path));
  const baseline: unknown = app.node.tryGetContext('contractBaseline');
  if (baseline !== undefined) assertEvolvable(loadContract(String(baseline)).spec, contract.spec);
  return contract;
}

/**
 * Builds the app: one stack per selected environment, with the cdk-nag AwsSolutions gate.
 *
 * By default without aws-cdk-lib's built-in CloudFormation validation (`builtinCloudFormationValidation`,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.CloudFormationValidatePlugin.html):
 * over the three environments' templates it took 10 of the 15 s of a synth (npm run
 * bench:synth), and the deploy checks run cfn-lint and checkov over the same templates, failing
 * on any finding (scripts/deploy-checks.sh).
 */
export function buildPlatformApp(app: App = new App({ builtinCloudFormationValidation: false })): {
  app: App;
  stacks: DataPlatformStack[];
} {
  const contract = contractOf(app);
  const configs = resolveEnvironments(app.node.tryGetContext('env'), process.env, ENVIRONMENTS, contract);
  const stacks = configs.map(
    (config) =>
      new DataPlatformStack(app, `DataPlatform-${config.name}`, {
        config,
        contract,
        stackName: platformStackName(config),
        terminationProtection: config.terminationProtection,
        description: `Data platform (${config.name}): lake, validation, Glue star schema, Redshift, orchestration`,
        env: config.account || config.region ? { account: config.account, region: config.region } : undefined,
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stacks };
}
