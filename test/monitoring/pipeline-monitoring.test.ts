import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { PipelineMonitoring } from '../../lib/monitoring';
import { unacknowledgedNagFindings } from '../helpers/nag';
import { standInPipeline } from '../orchestration/stand-in-stack';

describe('PipelineMonitoring', () => {
  const { stack, monitoring, orchestration, collaborators, template } = standInPipeline();
  const topicRef = { Ref: stack.getLogicalId(monitoring.topic.node.defaultChild as never) };
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
  const functionCount = orchestration.functions.all.length + Object.keys(collaborators).length;

  test('encrypts the topic with a rotating key, enforces TLS and subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'data-team@example.com',
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  test("lets only this account's alarms use the topic key, and names no other service in its policy", () => {
    const key = template.findResources('AWS::KMS::Key', {
      Properties: { Description: 'Pipeline notifications topic' },
    });
    const statements = Object.values(key)[0].Properties.KeyPolicy.Statement as {
      Principal: { Service?: string };
      Condition?: Record<string, Record<string, unknown>>;
    }[];
    const services = statements.filter((statement) => statement.Principal.Service);
    expect(services).toEqual([
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': expect.objectContaining({ 'Fn::Join': expect.any(Array) }) },
        },
      }),
    ]);
    expect(JSON.stringify(services[0].Condition!.ArnLike)).toContain(':alarm:*');
  });

  test('sends every alarm to the topic, with a description that carries a runbook line', () => {
    // 3 run outcomes + freshness, errors and throttles per function, the trigger DLQ.
    expect(alarms).toHaveLength(4 + 2 * functionCount + 1);
    expect(monitoring.alarms).toHaveLength(alarms.length);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.AlarmDescription).toMatch(
        /\. Runbook \(docs\/orchestration\.md#runbook\): .+\.$/,
      );
    }
  });

  test('alarms on failed, timed-out and aborted runs', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metricName,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  test('alarms when no run succeeded in 26 hourly periods, counting no data as breaching', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsSucceeded',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      DatapointsToAlarm: 26,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  test('alarms on errors and throttles of every function, and on dead-letter messages', () => {
    for (const metricName of ['Errors', 'Throttles']) {
      const matching = alarms.filter(
        (alarm) => alarm.Properties.Namespace === 'AWS/Lambda' && alarm.Properties.MetricName === metricName,
      );
      expect(matching).toHaveLength(functionCount);
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  test('publishes failed Glue job runs to the topic through EventBridge', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.glue'],
        'detail-type': ['Glue Job State Change'],
        detail: { jobName: ['star-schema-job'], state: ['FAILED', 'TIMEOUT', 'ERROR'] },
      },
      Targets: [Match.objectLike({ Arn: topicRef })],
    });
  });

  test("graphs runs, durations, the validator's rows per dataset, Glue duration and Lambda errors", () => {
    const body = JSON.stringify(stack.resolve(template.findResources('AWS::CloudWatch::Dashboard')));
    for (const text of [
      'ExecutionsStarted',
      'ExecutionTime',
      'MetricName=\\\\\\"RowsAccepted\\\\\\" dataset',
      'MetricName=\\\\\\"RowsRejected\\\\\\" dataset',
      'glue.driver.aggregate.elapsedTime',
      'Lambda errors',
    ]) {
      expect(body).toContain(text);
    }
  });

  test('graphs a stream on the dashboard, and takes alarms other constructs add', () => {
    const app = new App();
    const streamStack = new Stack(app, 'Streaming');
    const own = new PipelineMonitoring(streamStack, 'Monitoring');
    const stream = new kinesis.Stream(streamStack, 'Events');
    own.graphStream('Sale events', {
      iteratorAge: stream.metricGetRecordsIteratorAgeMilliseconds(),
      throttled: stream.metricPutRecordsThrottledRecords(),
    });
    own.addAlarm(
      new cloudwatch.Alarm(streamStack, 'Custom', {
        metric: stream.metricGetRecordsBytes(),
        threshold: 1,
        evaluationPeriods: 1,
      }),
    );
    const streaming = Template.fromStack(streamStack);
    streaming.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GetRecords.Bytes',
      AlarmActions: [{ Ref: streamStack.getLogicalId(own.topic.node.defaultChild as never) }],
    });
    const dashboard = JSON.stringify(streaming.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard).toContain('GetRecords.IteratorAgeMilliseconds');
    expect(dashboard).toContain('Sale events: throttled records');
  });

  test('leaves no cdk-nag finding unacknowledged', () => {
    expect(unacknowledgedNagFindings(monitoring)).toEqual([]);
  });

  test.each([
    [
      'an invalid alarm e-mail',
      { alarmEmail: 'data-team' },
      /alarmEmail must be an e-mail address \(got "data-team"\)/,
    ],
    [
      'a fractional freshness window',
      { freshnessWindow: Duration.minutes(90) },
      /freshnessWindow must be a whole number of hours between 1 and 168 \(got 1.5 hours\)/,
    ],
    [
      'a freshness window over 7 days',
      { freshnessWindow: Duration.days(8) },
      /freshnessWindow must be a whole number of hours between 1 and 168 \(got 192 hours\)/,
    ],
  ])('fails on %s', (_, props, message) => {
    expect(() => new PipelineMonitoring(new Stack(new App(), 'S'), 'Monitoring', props)).toThrow(message);
  });
});
