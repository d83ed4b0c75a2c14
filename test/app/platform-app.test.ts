import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPlatformApp } from '../../bin/platform-app';
import { defaultContract } from '../../contract';
import { ENVIRONMENT_NAMES } from '../../lib/config';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { maskedTemplate } from '../helpers/template';

const savedEnv = { ...process.env };
beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
});
afterAll(() => {
  process.env = savedEnv;
});

function synthTemplates(context: Record<string, string> = {}): Record<string, string> {
  const { app, stacks } = buildPlatformApp(new App({ context }));
  const assembly = app.synth();
  return Object.fromEntries(
    stacks.map((stack) => [stack.node.id, JSON.stringify(assembly.getStackByName(stack.stackName).template)]),
  );
}

describe('platform app', () => {
  const { stacks } = buildPlatformApp(new App());

  test('creates one stack per environment', () => {
    expect(stacks.map((s) => s.node.id)).toEqual(ENVIRONMENT_NAMES.map((name) => `DataPlatform-${name}`));
  });

  test.each(ENVIRONMENT_NAMES)('%s has no unacknowledged cdk-nag AwsSolutions findings', (name) => {
    const stack = stacks.find((s) => s.node.id === `DataPlatform-${name}`)!;
    expect(unacknowledgedNagFindings(stack)).toEqual([]);
  });

  test.each(ENVIRONMENT_NAMES)('%s template matches its snapshot', (name) => {
    expect(maskedTemplate(stacks.find((s) => s.node.id === `DataPlatform-${name}`)!)).toMatchSnapshot();
  });

  test('tags every taggable resource with project, environment and owner', () => {
    for (const stack of stacks) {
      const env = stack.node.id.replace('DataPlatform-', '');
      const resources = Template.fromStack(stack).toJSON().Resources as Record<
        string,
        { Properties?: { Tags?: unknown } }
      >;
      const tagged = Object.entries(resources).filter(([, r]) => Array.isArray(r.Properties?.Tags));
      expect(tagged.length).toBeGreaterThan(4);
      for (const [, resource] of tagged) {
        expect(resource.Properties!.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'project', Value: 'data-platform' },
            { Key: 'environment', Value: env },
            { Key: 'owner', Value: 'data-platform' },
          ]),
        );
      }
    }
  });

  test('retains data in staging and prod, and lets dev be destroyed and emptied', () => {
    const byEnv = Object.fromEntries(stacks.map((s) => [s.node.id, Template.fromStack(s)]));
    byEnv['DataPlatform-prod'].allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    byEnv['DataPlatform-staging'].allResources('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    byEnv['DataPlatform-prod'].resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    byEnv['DataPlatform-dev'].allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('ships the contract beside every handler that reads one, and only there', () => {
    const [dev] = stacks;
    const assembly = (dev.node.root as App).synth();
    const functions = Object.values(Template.fromStack(dev).findResources('AWS::Lambda::Function'));
    const carriesContract = Object.fromEntries(
      functions
        .filter((fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
        .map((fn) => {
          const bundle = join(
            assembly.directory,
            `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
          );
          const file = join(bundle, 'contract.json');
          return [
            fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME,
            existsSync(file) && readFileSync(file, 'utf8') === JSON.stringify(defaultContract()),
          ];
        }),
    );
    expect(carriesContract).toEqual({
      'validate-raw': true,
      'stream-consumer': true,
      'plan-batch': true,
      'validate-catalog': true,
      'check-curated': true,
      'start-batch': true,
      'summarize-run': false,
      'load-warehouse': true,
      'quality-checks': true,
      'refresh-marts': true,
      'apply-migrations': true,
    });
  });

  test('synthesizes byte-identical templates twice', () => {
    expect(synthTemplates()).toEqual(synthTemplates());
  });

  test('synthesizes only the environment selected with -c env=NAME', () => {
    expect(Object.keys(synthTemplates({ env: 'staging' }))).toEqual(['DataPlatform-staging']);
  });

  test('fails on an unknown environment with the valid choices', () => {
    expect(() => buildPlatformApp(new App({ context: { env: 'nope' } }))).toThrow(
      /unknown env "nope": use -c env=dev\|staging\|prod/,
    );
  });
});
