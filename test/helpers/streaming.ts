import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

/** A valid sale event (as a producer sends it); override or remove (`undefined`) fields by name. */
export function saleEvent(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const event: Record<string, unknown> = {
    event_id: '7d9f4a52-3c1e-4b8a-9f0d-2a6b5c4e3d21',
    event_type: 'sale',
    occurred_at: '2024-03-01T09:30:00+01:00',
    sale_id: 1,
    sale_date: '2024-03-01',
    customer_id: 10,
    product_id: 20,
    location_id: 30,
    quantity: 2,
    unit_price: '10.00',
    discount: '1.50',
    tax_amount: '0.80',
    ...overrides,
  };
  for (const [name, value] of Object.entries(event)) if (value === undefined) delete event[name];
  return event;
}

/** The event_id of the n-th test event: a valid, distinct UUID. */
export function eventId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A Kinesis record as Lambda delivers it; `data` is the record's bytes (JSON text or raw). */
export function kinesisRecord(
  data: string | Buffer,
  options: { readonly sequenceNumber: string; readonly arrivedAt?: string; readonly shardId?: string },
): KinesisStreamRecord {
  const shardId = options.shardId ?? 'shardId-000000000000';
  return {
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${options.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::111111111111:role/consumer',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:111111111111:stream/sale-events',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'key',
      sequenceNumber: options.sequenceNumber,
      data: Buffer.from(data).toString('base64'),
      approximateArrivalTimestamp: Date.parse(options.arrivedAt ?? '2024-03-01T10:00:00Z') / 1000,
    },
  };
}

/** A Kinesis event of the given records. */
export function kinesisEvent(records: KinesisStreamRecord[]): KinesisStreamEvent {
  return { Records: records };
}
