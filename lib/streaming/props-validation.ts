import { Duration, Token } from 'aws-cdk-lib';
import type { StreamingIngestionProps, StreamingMode } from './streaming-ingestion';

/** Checks the props that CloudFormation would only refuse at deploy time; unresolved tokens pass. */
export function validateStreamingProps(props: StreamingIngestionProps, streamMode: StreamingMode): void {
  if (streamMode !== 'ON_DEMAND' && streamMode !== 'PROVISIONED') {
    throw new Error(`streamMode must be 'ON_DEMAND' or 'PROVISIONED' (got '${streamMode}')`);
  }
  if (props.shardCount !== undefined && streamMode === 'ON_DEMAND') {
    throw new Error('shardCount applies only to PROVISIONED mode: remove it or set streamMode PROVISIONED');
  }
  integerBetween('shardCount', props.shardCount, 1, 500);
  integerBetween('batchSize', props.batchSize, 1, 10000);
  integerBetween('retryAttempts', props.retryAttempts, 0, 10000);
  integerBetween('parallelizationFactor', props.parallelizationFactor, 1, 10);
  integerBetween('memorySize', props.memorySize, 128, 10240);
  const retention = props.retentionPeriod;
  if (retention !== undefined && !retention.isUnresolved()) {
    const hours = retention.toHours({ integral: false });
    if (hours < 24 || hours > 8760) {
      throw new Error(
        `retentionPeriod must be between 24 and 8760 hours, a Kinesis limit (got ${hours} hours)`,
      );
    }
  }
  durationBetween('maxBatchingWindow', props.maxBatchingWindow, Duration.seconds(0), Duration.seconds(300));
  durationBetween('timeout', props.timeout, Duration.seconds(10), Duration.minutes(15));
  durationBetween(
    'iteratorAgeAlarmThreshold',
    props.iteratorAgeAlarmThreshold,
    Duration.minutes(1),
    Duration.days(7),
  );
  const name = props.streamName;
  if (name !== undefined && !Token.isUnresolved(name) && !/^[a-z0-9_.-]{1,128}$/.test(name)) {
    throw new Error(
      `streamName must be 1 to 128 lowercase letters, digits, '.', '_' or '-' (got '${name}'): Redshift's streaming view names it in SQL`,
    );
  }
}

function integerBetween(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number between ${min} and ${max} (got ${value})`);
  }
}

function durationBetween(name: string, value: Duration | undefined, min: Duration, max: Duration): void {
  if (value === undefined || value.isUnresolved()) return;
  const seconds = value.toSeconds({ integral: false });
  if (seconds < min.toSeconds() || seconds > max.toSeconds()) {
    throw new Error(
      `${name} must be between ${min.toHumanString()} and ${max.toHumanString()} (got ${value.toHumanString()})`,
    );
  }
}
