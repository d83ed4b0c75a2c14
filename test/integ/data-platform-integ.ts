/**
 * The integration test on a real account, in @aws-cdk/integ-tests-alpha's style: deploys the
 * dev configuration, lands the smoke batch in the raw zone, waits for the run `batch-<date>`
 * to SUCCEED, and checks the warehouse row counts through the Redshift Data API. Every check
 * is a custom resource of the assertion stack, so deploying it runs the test and a failed
 * check fails the deploy.
 */
import { App, ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsApiCall, ExpectedResult, IApiCall, IDeployAssert, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENTS, validateEnvironmentConfig } from '../../lib/config';
import { DataPlatformStack } from '../../lib/data-platform-stack';
import { executionName } from '../../core/orchestration/start-batch';
import {
  EXPECTED_ROW_COUNTS,
  readyMarkerKeys,
  ROW_COUNTS_SQL,
  SMOKE_BATCH_DATE,
  smokeBatchObjects,
} from './smoke-batch';

/** The dev config under its own prefix, so the test can run beside a deployed dev environment. */
export const INTEG_CONFIG = { ...ENVIRONMENTS.dev, namePrefix: 'dp-integ' };

/**
 * Context that pins every feature flag to its value in this project's cdk.json (unset when
 * absent). Test runners such as integ-runner pass their own "recommended" flags; with this as
 * the App's postCliContext the test deploys the template `cdk deploy -c env=dev` deploys.
 */
export function featureFlagsOfTheApp(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'));
  const appContext: Record<string, unknown> = cdkJson.context ?? {};
  return Object.fromEntries(Object.keys(cxapi.FLAGS).map((flag) => [flag, appContext[flag]]));
}

export interface DataPlatformInteg {
  /** The stack under test: DataPlatformStack with the dev config. */
  readonly platform: DataPlatformStack;
  /** integ-tests-alpha's assertion stack: the upload, the waits and the checks. */
  readonly assertionStack: Stack;
}

/** Adds the stack under test and its assertion stack to `app`. */
export function addDataPlatformInteg(app: App): DataPlatformInteg {
  const problems = validateEnvironmentConfig(INTEG_CONFIG);
  if (problems.length > 0) throw new Error(`invalid integ config: ${problems.join('; ')}`);
  const platform = new DataPlatformStack(app, 'DataPlatformInteg', {
    config: INTEG_CONFIG,
    stackName: `${INTEG_CONFIG.namePrefix}-data-platform`,
    description: 'Data platform integration test: the dev configuration',
  });
  const assertionStack = new Stack(app, 'DataPlatformIntegAssertions', {
    stackName: `${INTEG_CONFIG.namePrefix}-assertions`,
  });
  Validations.of(assertionStack).acknowledge({
    id: 'Annotation::@aws-cdk/core:crossStackReferencesDefaultStrong',
    reason:
      "The assertion stack imports the platform's exports for one test run and is deleted first; " +
      'strong references are what keep the platform from being deleted under it',
  });
  const { assertions } = new IntegTest(app, 'DataPlatform', {
    testCases: [platform],
    assertionStack,
    // The update workflow would first deploy the previous snapshot, doubling a ~30 minute
    // deploy, and keep the bundled Lambda code in the snapshot.
    stackUpdateWorkflow: false,
  });
  inSequence([
    ...landSmokeBatch(assertions, platform),
    awaitRun(assertions, platform, assertionStack),
    ...checkRowCounts(assertions, platform, assertionStack),
  ]);
  return { platform, assertionStack };
}

/** Runs `calls` one after another: each starts when the previous one has finished. */
function inSequence(calls: readonly IApiCall[]): void {
  calls.slice(1).forEach((call, index) => calls[index].next(call));
}

/**
 * Every data file first, then the _READY markers, so the run the first marker starts already
 * sees all the files; later markers find the date's run started.
 */
function landSmokeBatch(assertions: IDeployAssert, platform: DataPlatformStack): IApiCall[] {
  const { rawBucket, key } = platform.platform.storage;
  const objects = smokeBatchObjects();
  const uploads = [
    ...objects.map((object) => ({ key: object.key, body: object.body })),
    ...readyMarkerKeys(objects).map((marker) => ({ key: marker, body: '' })),
  ].map((object) =>
    assertions.awsApiCall('S3', 'putObject', {
      Bucket: rawBucket.bucketName,
      Key: object.key,
      Body: object.body,
    }),
  );
  // The raw bucket encrypts with the lake key by default (SSE-KMS), so a writer needs
  // kms:GenerateDataKey on it: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
  uploads[0].provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['kms:GenerateDataKey'],
    Resource: [key.keyArn],
  });
  return uploads;
}

/** Polls the state machine's execution `batch-<date>` until it has SUCCEEDED. */
function awaitRun(assertions: IDeployAssert, platform: DataPlatformStack, assertionStack: Stack): IApiCall {
  const executionArn = assertionStack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${platform.platform.orchestration.stateMachine.stateMachineName}:${executionName(SMOKE_BATCH_DATE)}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return (
    assertions
      .awsApiCall('StepFunctions', 'describeExecution', { executionArn })
      .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
      // Validation, crawler, the Glue job's start-up and the loads take 10-20 minutes on a fresh
      // stack; an assertion's custom resource must answer within CloudFormation's hour.
      .waitForAssertions({
        interval: Duration.seconds(30),
        totalTimeout: Duration.minutes(45),
        backoffRate: 1,
      })
  );
}

/**
 * Counts rows as the namespace's admin user, who reads every schema whichever database user
 * owns the tables. Redshift manages that user's secret, and CloudFormation has no attribute
 * for it, so GetNamespace looks its ARN up.
 */
function checkRowCounts(
  assertions: IDeployAssert,
  platform: DataPlatformStack,
  assertionStack: Stack,
): IApiCall[] {
  const { warehouse } = platform.platform;
  const namespace = assertions.awsApiCall('RedshiftServerless', 'getNamespace', {
    namespaceName: warehouse.namespaceName,
  });
  // Statement and result both go through a waiter, so both run as the waiter's role: the Data
  // API returns a statement's result only to the identity that submitted it.
  const statement = assertions
    .awsApiCall('RedshiftData', 'executeStatement', {
      WorkgroupName: warehouse.workgroupName,
      Database: warehouse.databaseName,
      SecretArn: namespace.getAttString('namespace.adminPasswordSecretArn'),
      Sql: ROW_COUNTS_SQL,
    })
    .waitForAssertions({ interval: Duration.seconds(10), totalTimeout: Duration.minutes(5) });
  const rowCounts = assertions
    .awsApiCall('RedshiftData', 'getStatementResult', { Id: statement.getAttString('Id') })
    .expect(
      ExpectedResult.objectLike({ Records: [EXPECTED_ROW_COUNTS.map(([, rows]) => ({ longValue: rows }))] }),
    )
    // GetStatementResult fails until the statement has FINISHED; the waiter retries it.
    .waitForAssertions({ interval: Duration.seconds(10), totalTimeout: Duration.minutes(10) });
  // Redshift names the admin secret `redshift!<namespace>-<admin user>-<suffix>` and encrypts it
  // with the namespace's admin-password key (the warehouse key).
  const waiter = statement instanceof AwsApiCall ? statement.waiterProvider : undefined;
  if (!waiter)
    throw new Error('executeStatement must run through a waiter to share its identity with the result call');
  waiter.addToRolePolicy({
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: [
      assertionStack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `redshift!${warehouse.namespaceName}-*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
  });
  waiter.addToRolePolicy({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [warehouse.key.keyArn] });
  return [namespace, statement, rowCounts];
}
