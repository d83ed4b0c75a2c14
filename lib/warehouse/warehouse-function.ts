import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as path from 'node:path';

const LAMBDAS_DIR = path.join(__dirname, '..', '..', 'lambdas');

export interface WarehouseFunctionProps {
  /** Folder under lambdas/ holding handler.ts. */
  readonly handlerFolder: string;
  readonly description: string;
  /** The warehouse operator role: one role, so one Redshift user owns and refreshes the schema. */
  readonly role: iam.IRole;
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A warehouse Lambda: Node.js 22, bundled by esbuild (minified, with source maps), in the
 * isolated subnets, logging to a KMS-encrypted log group. The bundle carries sql/ beside
 * the handler, where lambdas/shared/warehouse/sql-files.ts looks for it.
 */
export function warehouseFunction(
  scope: Construct,
  id: string,
  props: WarehouseFunctionProps,
): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    encryptionKey: props.logKey,
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: path.join(LAMBDAS_DIR, props.handlerFolder, 'handler.ts'),
    description: props.description,
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    role: props.role,
    vpc: props.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [props.securityGroup],
    logGroup,
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      minify: true,
      sourceMap: true,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [`cp -R "${inputDir}/sql" "${outputDir}/sql"`],
      },
    },
  });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22 is the LTS line the project builds and tests with; it moves with the toolchain, not per function',
  });
  return fn;
}
