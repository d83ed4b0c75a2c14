import { Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EnvironmentConfig } from './config';
import { DataLakeStorage } from './storage';

export interface DataPlatformStackProps extends StackProps {
  /** The environment's config; the only place environment differences come from. */
  readonly config: EnvironmentConfig;
}

/** Composes the platform's constructs for one environment, translating config into props. */
export class DataPlatformStack extends Stack {
  public readonly storage: DataLakeStorage;

  constructor(scope: Construct, id: string, props: DataPlatformStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'data-platform');
    Tags.of(this).add('environment', config.name);
    Tags.of(this).add('owner', config.owner);

    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.storage = new DataLakeStorage(this, 'Storage', {
      removalPolicy,
      autoDeleteObjects: config.autoDeleteObjects,
      rawInfrequentAccessAfter: Duration.days(config.lifecycle.rawInfrequentAccessAfterDays),
      rawGlacierAfter: Duration.days(config.lifecycle.rawGlacierAfterDays),
      quarantineExpiration: Duration.days(config.lifecycle.quarantineExpireAfterDays),
      abortIncompleteMultipartUploadAfter: Duration.days(config.lifecycle.abortIncompleteUploadsAfterDays),
    });
  }
}
