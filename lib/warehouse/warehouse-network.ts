/**
 * The warehouse's own VPC, when the user brings none: isolated subnets in three AZs (what
 * Redshift Serverless requires), no internet route, an S3 gateway endpoint for COPY, a
 * redshift-data interface endpoint for the Lambdas, and KMS-encrypted flow logs.
 */
import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REQUIRED_AZS } from './capacity';

export interface WarehouseNetworkProps {
  readonly key: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * AZ IDs of the subnets. Redshift Serverless supports only some AZ IDs per Region
   * (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-usage-considerations.html);
   * AZ names map to different IDs in each account, so IDs are what can be pinned.
   * @default - the Region's first three AZs (Fn::GetAZs)
   */
  readonly availabilityZoneIds?: readonly string[];
}

export class WarehouseNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** The redshift-data interface endpoint: only the security groups allowed later may reach it. */
  readonly dataApiEndpoint: ec2.InterfaceVpcEndpoint;
  private kinesisEndpoint?: ec2.InterfaceVpcEndpoint;

  constructor(scope: Construct, id: string, props: WarehouseNetworkProps) {
    super(scope, id);
    const zoneIds = props.availabilityZoneIds;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // Fn::GetAZs gives three zones even in an environment-agnostic stack; with AZ IDs the
      // names are placeholders that the subnets' AvailabilityZoneId replaces below.
      availabilityZones: Array.from({ length: zoneIds?.length ?? REQUIRED_AZS }, (_, index) =>
        Fn.select(index, Fn.getAzs()),
      ),
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    if (zoneIds) {
      this.vpc.isolatedSubnets.forEach((subnet, index) => {
        const cfnSubnet = subnet.node.defaultChild as ec2.CfnSubnet;
        cfnSubnet.addPropertyDeletionOverride('AvailabilityZone');
        cfnSubnet.addPropertyOverride('AvailabilityZoneId', zoneIds[index]);
      });
    }
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogs', {
          encryptionKey: props.key,
          retention: props.logRetention,
          removalPolicy: props.removalPolicy,
        }),
      ),
    });
    // The Data API is a public AWS endpoint; this keeps the Lambdas' calls off the internet.
    this.dataApiEndpoint = this.interfaceEndpoint(
      'RedshiftDataEndpoint',
      ec2.InterfaceVpcEndpointAwsService.REDSHIFT_DATA,
    );
  }

  /**
   * A Kinesis Data Streams endpoint that `peer` may reach on 443: with enhanced VPC routing
   * and no internet route, streaming ingestion reads the stream through it
   * (https://docs.aws.amazon.com/redshift/latest/mgmt/enhanced-vpc-routing.html). Created once.
   */
  allowKinesisFrom(peer: ec2.IConnectable): ec2.InterfaceVpcEndpoint {
    this.kinesisEndpoint ??= this.interfaceEndpoint(
      'KinesisStreamsEndpoint',
      ec2.InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
    );
    this.kinesisEndpoint.connections.allowFrom(peer, ec2.Port.tcp(443), 'Redshift streaming ingestion');
    return this.kinesisEndpoint;
  }

  /** open: false, so only security groups allowed later may connect. */
  private interfaceEndpoint(
    id: string,
    service: ec2.InterfaceVpcEndpointAwsService,
  ): ec2.InterfaceVpcEndpoint {
    return this.vpc.addInterfaceEndpoint(id, {
      service,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      open: false,
    });
  }
}
