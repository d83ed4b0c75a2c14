/**
 * Real cloud assemblies for the review tests: the repo's own constructs composed into one
 * stack, with one deliberate change per variation, synthesized (bundling skipped) with the
 * cdk-nag gate as the platform app runs it.
 */
import { App, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataLakeStorage, RawFileValidator, RedshiftWarehouse } from '../../../lib';

export const FIXTURE_STACK = 'ReviewFixture';

export interface FixtureVariation {
  /** The DataLakeStorage's construct id: renaming it gives its buckets and key new logical ids. */
  readonly storageId?: string;
  readonly namespaceName?: string;
  /** Of the lake's buckets and key. */
  readonly removalPolicy?: RemovalPolicy;
  /** Of the warehouse: its key, namespace, flow-log group and function log groups. */
  readonly warehouseRemovalPolicy?: RemovalPolicy;
  readonly validatorMemorySize?: number;
  /** Adds `s3:*` on the raw bucket's objects to the validator's role. */
  readonly grantS3Wildcard?: boolean;
  /** Opens the Redshift port of the workgroup to 0.0.0.0/0. */
  readonly openWarehouse?: boolean;
  /** Lets another account read the raw bucket. */
  readonly crossAccountReader?: string;
  /** Turns on the workgroup's PubliclyAccessible and lifts BlockPublicPolicy on the raw bucket. */
  readonly publicEndpoints?: boolean;
  /** Overrides the quarantine bucket's SSE-KMS with S3-managed keys. */
  readonly quarantineS3Managed?: boolean;
  /** Puts the stack in a Stage of this name, as CDK Pipelines apps do: a nested assembly. */
  readonly stage?: string;
}

/** Synthesizes the fixture app into `outdir` and returns it. */
export function synthesizeFixture(outdir: string, variation: FixtureVariation = {}): string {
  const app = new App({
    outdir,
    context: {
      // Findings go to validation-report.json instead of failing synth, so the review sees them.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  const stack = new Stack(variation.stage ? new Stage(app, variation.stage) : app, FIXTURE_STACK, {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const lake = new DataLakeStorage(stack, variation.storageId ?? 'Storage', {
    removalPolicy: variation.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  const validator = new RawFileValidator(stack, 'Validator', {
    lake,
    memorySize: variation.validatorMemorySize,
  });
  const warehouse = new RedshiftWarehouse(stack, 'Warehouse', {
    lake,
    namespaceName: variation.namespaceName ?? 'review-fixture',
    removalPolicy: variation.warehouseRemovalPolicy,
  });
  if (variation.grantS3Wildcard) {
    validator.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:*'], resources: [lake.rawBucket.arnForObjects('*')] }),
    );
  }
  if (variation.openWarehouse) {
    warehouse.connections.allowDefaultPortFrom(ec2.Peer.anyIpv4(), 'open to the internet');
  }
  if (variation.crossAccountReader) {
    lake.rawBucket.grantRead(new iam.AccountPrincipal(variation.crossAccountReader));
  }
  if (variation.publicEndpoints) {
    warehouse.workgroup.publiclyAccessible = true;
    (lake.rawBucket.node.defaultChild as s3.CfnBucket).publicAccessBlockConfiguration = {
      blockPublicAcls: true,
      blockPublicPolicy: false,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
  }
  if (variation.quarantineS3Managed) {
    (lake.quarantineBucket.node.defaultChild as s3.CfnBucket).bucketEncryption = {
      serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    };
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return outdir;
}
