/** EventBridge event factories for the batch triggers (shapes as AWS delivers them). */

export function scheduledEvent(time: string): Record<string, unknown> {
  return {
    version: '0',
    id: 'a1b2c3',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/daily-batch'],
    detail: {},
  };
}

export function readyMarkerEvent(key: string, bucket = 'raw-bucket'): Record<string, unknown> {
  return {
    version: '0',
    id: 'd4e5f6',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2024-03-06T00:10:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: { version: '0', bucket: { name: bucket }, object: { key, size: 0 }, reason: 'PutObject' },
  };
}
