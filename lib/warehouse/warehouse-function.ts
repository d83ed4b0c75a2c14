import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Contract } from '../../contract';
import { BundledFiles } from '../common/bundled-files';
import { platformFunction } from '../common/platform-function';

export interface WarehouseFunctionProps {
  /** The handler under handlers/, e.g. `load-warehouse`. */
  readonly handlerName: string;
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
  /** The contract the handler reads, bundled as `contract.json`. */
  readonly contract: Contract;
  /** Generated files beside the copied sql/ (e.g. sql/streaming/). @default - none */
  readonly bundledFiles?: BundledFiles;
}

/**
 * A warehouse Lambda: a platform function (see lib/common/platform-function.ts) on the shared
 * operator role, in the isolated subnets. The asset carries sql/ and the contract beside the
 * handler, where contract/sql-files.ts and contract/deployed.ts look for them.
 */
export function warehouseFunction(
  scope: Construct,
  id: string,
  props: WarehouseFunctionProps,
): lambda.Function {
  return platformFunction(scope, id, {
    handlerName: props.handlerName,
    description: props.description,
    role: props.role,
    vpc: props.vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [props.securityGroup],
    memorySize: 512,
    timeout: props.timeout,
    environment: props.environment,
    logKey: props.logKey,
    logRetention: props.logRetention,
    logRemovalPolicy: props.removalPolicy,
    contract: props.contract,
    bundledFiles: props.bundledFiles,
    packageFolders: ['sql'],
  }).function;
}
