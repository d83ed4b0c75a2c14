/**
 * What starts a batch run: a daily schedule (yesterday, UTC) and a dataset's `_READY` marker
 * in the raw zone (that date). Both invoke StartBatch, which names the execution after the
 * date, so a second trigger for the same date never starts a second run.
 */
import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BatchTriggersProps {
  readonly startBatch: lambda.IFunction;
  /** Needs EventBridge notifications on (DataLakeStorage's raw bucket has them). */
  readonly rawBucket: s3.IBucket;
  /** EventBridge `cron(...)` or `rate(...)` expression, UTC. */
  readonly schedule: string;
  /** The file name that marks a dataset's batch folder complete (the contract layout's `readyMarker`). */
  readonly readyMarker: string;
  /** Receives trigger events EventBridge could not deliver to StartBatch. */
  readonly deadLetterQueue: sqs.IQueue;
}

export class BatchTriggers extends Construct {
  public readonly scheduleRule: events.Rule;
  public readonly readyMarkerRule: events.Rule;
  private readonly ruleNames: string[];

  /** The rules' ARNs, from their names: no reference to the rule resources. */
  public get ruleArns(): string[] {
    return this.ruleNames.map((name) =>
      Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: name }),
    );
  }

  constructor(scope: Construct, id: string, props: BatchTriggersProps) {
    super(scope, id);
    const target = new targets.LambdaFunction(props.startBatch, {
      retryAttempts: 4,
      maxEventAge: Duration.hours(6),
      deadLetterQueue: props.deadLetterQueue,
    });
    // Named from the construct path, so a key policy can name the rules' ARNs without
    // referring to the rules themselves (that reference would close a dependency cycle).
    this.ruleNames = ['Schedule', 'ReadyMarker'].map((id) => ruleName(this, id));
    this.scheduleRule = new events.Rule(this, 'Schedule', {
      ruleName: this.ruleNames[0],
      description: 'Daily batch run of the previous UTC day',
      schedule: events.Schedule.expression(props.schedule),
      targets: [target],
    });
    this.readyMarkerRule = new events.Rule(this, 'ReadyMarker', {
      ruleName: this.ruleNames[1],
      description:
        'Batch run of the date whose <dataset>/ingest_date=<date>/_READY marker landed in the raw zone',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.rawBucket.bucketName] },
          // Suffix only: the key's `=` may arrive URL-encoded; StartBatch matches the full layout.
          object: { key: events.Match.suffix(props.readyMarker) },
        },
      },
      targets: [target],
    });
  }
}

/** A rule name unique to this construct path, within EventBridge's 64 characters. */
function ruleName(scope: Construct, id: string): string {
  return Names.uniqueResourceName(new Construct(scope, `${id}Name`), { maxLength: 64, separator: '-' });
}
