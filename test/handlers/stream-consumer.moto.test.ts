import { gunzipSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { testContractPath } from '../helpers/contracts';
import { lambdaContext } from '../helpers/events';
import { S3ObjectStore } from '../../adapters/aws/s3-object-store';
import type * as HandlerModule from '../../handlers/stream-consumer';
import { MotoServer, startMoto, useDummyAwsEnvironment } from '../helpers/moto';
import { eventId, kinesisEvent, kinesisRecord, saleEvent } from '../helpers/streaming';

const RAW = 'lake-raw';
const QUARANTINE = 'lake-quarantine';
const CONTEXT = lambdaContext('stream-consumer');
const seq = (n: number) => `4959${String(n).padStart(20, '0')}`;

/** Three good events, a repeat of the first, a non-JSON record and an event with a bad quantity. */
function mixedBatch() {
  const good = [1, 2, 3].map((n) => saleEvent({ event_id: eventId(n), sale_id: n }));
  const payloads = [
    JSON.stringify(good[0]),
    JSON.stringify(good[1]),
    'not json at all',
    JSON.stringify(good[0]), // redelivered by the producer
    JSON.stringify(saleEvent({ event_id: eventId(4), sale_id: 4, quantity: 0 })),
    JSON.stringify(good[2]),
  ];
  return kinesisEvent(payloads.map((data, i) => kinesisRecord(data, { sequenceNumber: seq(i + 1) })));
}
const BATCH_ID = `shardId-000000000000-${seq(1)}-${seq(6)}`;
const RAW_KEY = `sales_events/ingest_date=2024-03-01/${BATCH_ID}.ndjson.gz`;
const QUARANTINE_KEY = `sales_events/ingest_date=2024-03-01/${BATCH_ID}.rejected.ndjson`;

describe('stream-consumer handler (moto S3)', () => {
  let moto: MotoServer;
  let restoreEnvironment: () => void;
  let s3: S3Client;
  let handler: typeof HandlerModule.handler;

  beforeAll(async () => {
    moto = await startMoto();
    restoreEnvironment = useDummyAwsEnvironment({
      AWS_ENDPOINT_URL_S3: moto.endpoint,
      RAW_BUCKET: RAW,
      QUARANTINE_BUCKET: QUARANTINE,
      POWERTOOLS_SERVICE_NAME: 'stream-consumer',
      POWERTOOLS_METRICS_NAMESPACE: 'DataPlatformTest',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    s3 = new S3ObjectStore({ endpoint: moto.endpoint }).client;
    // The handler creates its clients at module scope: import it once the environment points at moto.
    ({ handler } = jest.requireActual<typeof HandlerModule>('../../handlers/stream-consumer'));
  });

  beforeEach(async () => {
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
    for (const bucket of [RAW, QUARANTINE]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    s3?.destroy();
    restoreEnvironment?.();
    await moto?.stop();
  });

  const readBytes = async (bucket: string, key: string) =>
    Buffer.from(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray(),
    );
  const lines = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
  const keys = async (bucket: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
      (object) => object.Key,
    );

  test('writes good events once to raw as gzipped NDJSON and bad ones to quarantine with their reasons', async () => {
    // Act
    const response = await handler(mixedBatch(), CONTEXT);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await keys(RAW)).toEqual([RAW_KEY]);
    const accepted = lines(gunzipSync(await readBytes(RAW, RAW_KEY)).toString());
    expect(accepted.map((event) => [event.event_id, event.sale_id, event.quantity])).toEqual([
      [eventId(1), '1', '2'],
      [eventId(2), '2', '2'],
      [eventId(3), '3', '2'],
    ]);
    expect(await keys(QUARANTINE)).toEqual([QUARANTINE_KEY]);
    expect(lines((await readBytes(QUARANTINE, QUARANTINE_KEY)).toString())).toEqual([
      {
        reason: 'MALFORMED_ROW',
        message: expect.stringMatching(/^not valid JSON/),
        raw: 'not json at all',
        sequence_number: seq(3),
      },
      {
        reason: 'OUT_OF_RANGE',
        message: 'quantity "0" is below the minimum 1',
        raw: JSON.stringify(saleEvent({ event_id: eventId(4), sale_id: 4, quantity: 0 })),
        sequence_number: seq(5),
      },
    ]);
  });

  test('overwrites the same objects when Kinesis redelivers the batch', async () => {
    await handler(mixedBatch(), CONTEXT);
    const first = await readBytes(RAW, RAW_KEY);

    const response = await handler(mixedBatch(), CONTEXT);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await keys(RAW)).toEqual([RAW_KEY]);
    expect(await keys(QUARANTINE)).toEqual([QUARANTINE_KEY]);
    expect(await readBytes(RAW, RAW_KEY)).toEqual(first);
  });

  test('files each record under the UTC day it arrived on', async () => {
    const event = kinesisEvent([
      kinesisRecord(JSON.stringify(saleEvent({ event_id: eventId(1) })), {
        sequenceNumber: seq(1),
        arrivedAt: '2024-03-01T23:59:59.900Z',
      }),
      kinesisRecord(JSON.stringify(saleEvent({ event_id: eventId(2) })), {
        sequenceNumber: seq(2),
        arrivedAt: '2024-03-02T00:00:00.100Z',
      }),
    ]);

    await handler(event, CONTEXT);

    const batchId = `shardId-000000000000-${seq(1)}-${seq(2)}`;
    expect(await keys(RAW)).toEqual([
      `sales_events/ingest_date=2024-03-01/${batchId}.ndjson.gz`,
      `sales_events/ingest_date=2024-03-02/${batchId}.ndjson.gz`,
    ]);
  });

  test("validates the event named by EVENT_NAME in the contract it was deployed with, under that event's lake dataset", async () => {
    // Prepare: the handler module loaded afresh with the shipments contract beside it
    const saved = { CONTRACT_FILE: process.env.CONTRACT_FILE, EVENT_NAME: process.env.EVENT_NAME };
    Object.assign(process.env, {
      CONTRACT_FILE: testContractPath('shipments'),
      EVENT_NAME: 'shipment_event',
    });
    let shipmentHandler!: typeof HandlerModule.handler;
    jest.isolateModules(() => {
      ({ handler: shipmentHandler } = jest.requireActual<typeof HandlerModule>(
        '../../handlers/stream-consumer',
      ));
    });
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    const shipment = {
      event_id: eventId(1),
      kind: 'shipment',
      sent_at: '2024-03-01T08:00:00Z',
      shipment_id: 7,
      ship_date: '2024-03-01',
      carrier_id: 3,
      warehouse_code: 'SEA1',
      packages: 2,
      weight_kg: '12.50',
      cost: '40.00',
    };

    // Act
    const response = await shipmentHandler(
      kinesisEvent([
        kinesisRecord(JSON.stringify(shipment), { sequenceNumber: seq(1) }),
        kinesisRecord(JSON.stringify(saleEvent({ event_id: eventId(2) })), { sequenceNumber: seq(2) }),
      ]),
      CONTEXT,
    );

    // Assess: the shipment is accepted (rebate defaulted), the sale event misses the shipment's fields
    expect(response).toEqual({ batchItemFailures: [] });
    const batchId = `shardId-000000000000-${seq(1)}-${seq(2)}`;
    const rawKey = `shipment_events/ingest_date=2024-03-01/${batchId}.ndjson.gz`;
    expect(await keys(RAW)).toEqual([rawKey]);
    expect(lines(gunzipSync(await readBytes(RAW, rawKey)).toString())).toEqual([
      { ...shipment, shipment_id: '7', carrier_id: '3', packages: '2', delivered_date: '', rebate: '0' },
    ]);
    const [rejected] = lines(
      (
        await readBytes(QUARANTINE, `shipment_events/ingest_date=2024-03-01/${batchId}.rejected.ndjson`)
      ).toString(),
    );
    expect(rejected).toMatchObject({ reason: 'MISSING_VALUE', message: 'kind is required but empty' });
  });

  test('reports only the records of an object whose write failed, for Kinesis to retry (moto S3; the failure is injected with a mock)', async () => {
    // Prepare: the quarantine write fails once, as S3 throttling would make it.
    const write = S3ObjectStore.prototype.write;
    jest.spyOn(S3ObjectStore.prototype, 'write').mockImplementation(function (
      this: S3ObjectStore,
      bucket,
      ...rest
    ) {
      if (bucket === QUARANTINE)
        return Promise.reject(
          Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown' }),
        );
      return write.call(this, bucket, ...rest);
    });

    // Act
    const response = await handler(mixedBatch(), CONTEXT);

    // Assess: the two quarantined records are retried; the accepted ones are in raw.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: seq(3) }, { itemIdentifier: seq(5) }] });
    expect(await keys(RAW)).toEqual([RAW_KEY]);
    expect(await keys(QUARANTINE)).toEqual([]);
  });

  test('fails the invocation when no record could be delivered, so Kinesis retries and bisects the batch (moto S3; the failure is injected with a mock)', async () => {
    jest.spyOn(S3ObjectStore.prototype, 'write').mockRejectedValue(new Error('connection reset'));

    await expect(handler(mixedBatch(), CONTEXT)).rejects.toThrow(/All records failed processing/);
  });
});
