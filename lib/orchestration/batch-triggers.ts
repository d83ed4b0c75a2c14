/**
 * What starts a batch run: a daily schedule (yesterday, UTC) and a dataset's `_READY` marker
 * in the raw zone (that date). Both invoke StartBatch, which names the execution after the
 * date, so a second trigger for the same date never starts a second run.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import contractJson from '../contracts/contract.json';

export interface BatchTriggersProps {
  readonly startBatch: lambda.IFunction;
  /** Needs EventBridge notifications on (DataLakeStorage's raw bucket has them). */
  readonly rawBucket: s3.IBucket;
  /** EventBridge `cron(...)` or `rate(...)` expression, UTC. */
  readonly schedule: string;
  /** Receives trigger events EventBridge could not deliver to StartBatch. */
  readonly deadLetterQueue: sqs.IQueue;
}

export class BatchTriggers extends Construct {
  public readonly scheduleRule: events.Rule;
  public readonly readyMarkerRule: events.Rule;

  constructor(scope: Construct, id: string, props: BatchTriggersProps) {
    super(scope, id);
    const target = new targets.LambdaFunction(props.startBatch, {
      retryAttempts: 4,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: props.deadLetterQueue,
    });
    this.scheduleRule = new events.Rule(this, 'Schedule', {
      description: 'Daily batch run of the previous UTC day',
      schedule: events.Schedule.expression(props.schedule),
      targets: [target],
    });
    this.readyMarkerRule = new events.Rule(this, 'ReadyMarker', {
      description:
        'Batch run of the date whose <dataset>/ingest_date=<date>/_READY marker landed in the raw zone',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.rawBucket.bucketName] },
          // Suffix only: the key's `=` may arrive URL-encoded; StartBatch matches the full layout.
          object: { key: events.Match.suffix(contractJson.layout.readyMarker) },
        },
      },
      targets: [target],
    });
  }
}
