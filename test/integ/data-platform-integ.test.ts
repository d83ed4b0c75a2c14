import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AssertionHandler } from '@aws-cdk/integ-tests-alpha/lib/assertions/providers/lambda-handler/assertion';
import { ENVIRONMENTS } from '../../lib/config';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { maskAssetHashes } from '../helpers/template';
import { addDataPlatformInteg, featureFlagsOfTheApp } from './data-platform-integ';
import { EXPECTED_ROW_COUNTS, SMOKE_BATCH_DATE } from './smoke-batch';

interface Resource {
  readonly Type: string;
  readonly DependsOn?: string[];
  readonly Properties: Record<string, unknown>;
}
type Resources = Record<string, Resource>;

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
  jest.restoreAllMocks();
});

/** The integ app as its entry point builds it; bundling skipped (templates only name the assets). */
function integApp(options: { pinFeatureFlags: boolean } = { pinFeatureFlags: true }) {
  return addDataPlatformInteg(
    new App({
      postCliContext: options.pinFeatureFlags ? featureFlagsOfTheApp() : undefined,
    }),
  );
}

/** integ-tests-alpha gives each call a `salt` of Date.now(), so that it runs on every deploy. */
function snapshotOf(template: Template): unknown {
  const masked = JSON.stringify(maskAssetHashes(template.toJSON())).replace(/"salt":"\d+"/g, '"salt":"SALT"');
  return JSON.parse(masked);
}

/** The assertion stack's SDK calls in the order they run; each depends on exactly the one before. */
function callsInOrder(resources: Resources): Resource[] {
  const calls = Object.entries(resources).filter(([, r]) =>
    r.Type.startsWith('Custom::DeployAssert@SdkCall'),
  );
  const callIds = new Set(calls.map(([id]) => id));
  const ordered: string[] = [];
  for (let step = 0; step < calls.length; step++) {
    const next = calls.filter(
      ([id, r]) =>
        !ordered.includes(id) &&
        JSON.stringify((r.DependsOn ?? []).filter((d) => callIds.has(d))) ===
          JSON.stringify(ordered.slice(-1)),
    );
    expect(next).toHaveLength(1);
    ordered.push(next[0][0]);
  }
  return ordered.map((id) => resources[id]);
}

function callOf(resources: Resources, api: string): Resource {
  const matches = Object.values(resources).filter((r) => r.Properties.api === api);
  expect(matches).toHaveLength(1);
  return matches[0];
}

/** What integ-tests-alpha's assertion Lambda concludes for `actual` against a call's `expected`. */
async function assertionVerdict(call: Resource, actual: unknown): Promise<string> {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const handler = new AssertionHandler(
    {
      RequestType: 'Create',
      ResourceType: 'Custom::DeployAssert@AssertEquals',
      ResourceProperties: { ServiceToken: 'token', actual, expected: call.Properties.expected },
      RequestId: 'request',
      LogicalResourceId: 'assertion',
      ResponseURL: 'https://example.com/unused',
      StackId: 'stack',
      ServiceToken: 'token',
    },
    { getRemainingTimeInMillis: () => 60_000 } as never,
  );
  const result = (await handler.handle()) as { assertion: string };
  return JSON.parse(result.assertion).status;
}

describe('integration test app', () => {
  const { platform, assertionStack } = integApp();
  const platformTemplate = Template.fromStack(platform);
  const assertionTemplate = Template.fromStack(assertionStack);
  const resources = assertionTemplate.toJSON().Resources as Resources;

  test('deploys the dev configuration under its own dp-integ names', () => {
    platformTemplate.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      WorkgroupName: 'dp-integ-warehouse',
      BaseCapacity: ENVIRONMENTS.dev.redshift.baseCapacityRpus,
    });
    platformTemplate.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'dp-integ-sale-events',
      ShardCount: ENVIRONMENTS.dev.kinesis.shardCount,
    });
    platformTemplate.allResources('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
  });

  test('has no unacknowledged cdk-nag AwsSolutions findings in the stack under test', () => {
    expect(unacknowledgedNagFindings(platform)).toEqual([]);
  });

  test('lands every data file, then the _READY markers, then waits for the run, then counts rows', () => {
    const steps = callsInOrder(resources).map(({ Properties: { api, parameters } }) =>
      api === 'putObject' ? `putObject ${JSON.parse((parameters as { Key: string }).Key)}` : api,
    );
    const datasets = ['customers', 'locations', 'products', 'sales'];
    expect(steps).toEqual([
      ...datasets.map((d) => `putObject ${d}/ingest_date=${SMOKE_BATCH_DATE}/${d}.csv`),
      ...datasets.map((d) => `putObject ${d}/ingest_date=${SMOKE_BATCH_DATE}/_READY`),
      'describeExecution',
      'getNamespace',
      'executeStatement',
      'getStatementResult',
    ]);
  });

  test('waits for the execution batch-<date> of the platform state machine', () => {
    const run = callOf(resources, 'describeExecution');
    expect(JSON.stringify(run.Properties.parameters)).toMatch(
      new RegExp(
        `:execution:",\\{"Fn::ImportValue":"[^"]+Orchestration[^"]+"\\},":batch-${SMOKE_BATCH_DATE}`,
      ),
    );
    // integ-tests-alpha retries the call through a waiter state machine until the assertion holds.
    const waiter = run.Properties.stateMachineArn as { Ref: string };
    expect(resources[waiter.Ref].Type).toBe('AWS::StepFunctions::StateMachine');
  });

  // Response shapes: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html
  test('passes a SUCCEEDED execution and fails a running one (integ-tests-alpha assertion handler)', async () => {
    const run = callOf(resources, 'describeExecution');
    expect(await assertionVerdict(run, { executionArn: 'arn', status: 'SUCCEEDED' })).toBe('success');
    expect(await assertionVerdict(run, { executionArn: 'arn', status: 'RUNNING' })).toBe('fail');
  });

  // https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_GetStatementResult.html
  test('passes a Data API result with the smoke batch row counts and fails one row off (integ-tests-alpha assertion handler)', async () => {
    const rowCounts = callOf(resources, 'getStatementResult');
    const result = (counts: readonly number[]) => ({
      ColumnMetadata: EXPECTED_ROW_COUNTS.map(([name]) => ({ name, typeName: 'int8' })),
      Records: [counts.map((count) => ({ longValue: count }))],
      TotalNumRows: 1,
    });
    const expected = EXPECTED_ROW_COUNTS.map(([, rows]) => rows);
    expect(await assertionVerdict(rowCounts, result(expected))).toBe('success');
    expect(await assertionVerdict(rowCounts, result(expected.map((n, i) => (i === 4 ? n - 1 : n))))).toBe(
      'fail',
    );
  });

  test('queries as the namespace admin, whose secret the waiter may read and decrypt, and nothing else', () => {
    const statement = callOf(resources, 'executeStatement');
    expect(statement.Properties.parameters).toMatchObject({
      WorkgroupName: '"dp-integ-warehouse"',
      Database: '"analytics"',
      SecretArn: {
        'Fn::Join': [
          '',
          [
            '"',
            { 'Fn::GetAtt': [expect.any(String), 'apiCallResponse.namespace.adminPasswordSecretArn'] },
            '"',
          ],
        ],
      },
    });
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Role')
      .flatMap(
        (r) => (r.Properties.Policies as { PolicyDocument: { Statement: { Action: string[] }[] } }[]) ?? [],
      )
      .flatMap((policy) => policy.PolicyDocument.Statement);
    const granting = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(granting('secretsmanager:GetSecretValue')).toEqual([
      expect.objectContaining({
        Resource: [{ 'Fn::Join': ['', expect.arrayContaining([':secret:redshift!dp-integ-warehouse-*'])] }],
      }),
    ]);
    expect(granting('kms:Decrypt')).toEqual([
      expect.objectContaining({ Resource: [{ 'Fn::ImportValue': expect.stringMatching(/WarehouseKey/) }] }),
    ]);
    expect(granting('kms:GenerateDataKey')).toEqual([
      expect.objectContaining({ Resource: [{ 'Fn::ImportValue': expect.stringMatching(/StorageKey/) }] }),
    ]);
  });

  test('deploys what `cdk deploy -c env=dev` deploys even when the runner passes other feature flags', () => {
    // integ-runner passes its recommended flags as CLI context; this one adds a custom resource.
    process.env[cxapi.CONTEXT_ENV] = JSON.stringify({
      '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true,
    });
    const restrictors = (pinFeatureFlags: boolean) =>
      Object.keys(
        Template.fromStack(integApp({ pinFeatureFlags }).platform).findResources(
          'Custom::VpcRestrictDefaultSG',
        ),
      ).length;
    expect(restrictors(false)).toBe(1);
    expect(restrictors(true)).toBe(0);
  });

  test('matches the committed snapshot of both stacks (asset hashes and salts masked)', () => {
    expect({
      platform: snapshotOf(platformTemplate),
      assertions: snapshotOf(assertionTemplate),
    }).toMatchSnapshot();
  });
});
