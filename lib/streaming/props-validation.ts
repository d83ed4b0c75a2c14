/** StreamingIngestion's props rules: what CloudFormation would refuse only at deploy time. */
import { Duration } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { durationRange, matches, oneOf, Rules, wholeNumber } from '../common/props-validation';
import type { StreamingIngestionProps } from './streaming-ingestion';

/** Names of the Kinesis capacity modes (kinesis.StreamMode), as the environment config spells them. */
export const STREAMING_MODES = ['ON_DEMAND', 'PROVISIONED'] as const;
export type StreamingModeName = (typeof STREAMING_MODES)[number];

/** The environment config checks its Kinesis settings with these too. */
export const STREAMING_INGESTION_RULES: Rules<StreamingIngestionProps> = {
  props: {
    streamMode: oneOf(STREAMING_MODES.map((mode) => kinesis.StreamMode[mode])),
    shardCount: wholeNumber({ min: 1, max: 500 }),
    batchSize: wholeNumber({ min: 1, max: 10000 }),
    retryAttempts: wholeNumber({ min: 0, max: 10000 }),
    parallelizationFactor: wholeNumber({ min: 1, max: 10 }),
    memorySize: wholeNumber({ min: 128, max: 10240, unit: 'MiB' }),
    retentionPeriod: durationRange({
      min: Duration.hours(24),
      max: Duration.hours(8760),
      unit: 'hours',
      note: 'a Kinesis limit',
    }),
    maxBatchingWindow: durationRange({ min: Duration.seconds(0), max: Duration.seconds(300) }),
    timeout: durationRange({ min: Duration.seconds(10), max: Duration.minutes(15) }),
    iteratorAgeAlarmThreshold: durationRange({ min: Duration.minutes(1), max: Duration.days(7) }),
    // Redshift's streaming view names the stream in SQL, where lowercase needs no quoting rules.
    streamName: matches(/^[a-z0-9_.-]{1,128}$/, "be 1 to 128 lowercase letters, digits, '.', '_' or '-'"),
  },
  across: [
    ({ shardCount, streamMode }, nameOf) =>
      shardCount !== undefined &&
      (streamMode ?? kinesis.StreamMode.ON_DEMAND) === kinesis.StreamMode.ON_DEMAND
        ? `${nameOf('shardCount')} applies only to PROVISIONED mode: remove it or set ${nameOf('streamMode')} PROVISIONED`
        : undefined,
  ],
};
