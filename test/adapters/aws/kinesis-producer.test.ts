import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { produceRecords } from '../../../adapters/aws/kinesis-producer';

// moto's Kinesis never fails part of a batch, so partial failures are mocked here; the
// round trip through a real emulator is in kinesis-producer.moto.test.ts.
const kinesis = mockClient(KinesisClient);
const noWait = async () => undefined;
const records = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ data: Buffer.from(`{"n":${i}}`), partitionKey: `k${i}` }));

beforeEach(() => kinesis.reset());

describe('produceRecords (mocked Kinesis partial failures)', () => {
  test('retries only the records that failed within a batch', async () => {
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 2,
        Records: [
          { SequenceNumber: '1' },
          { ErrorCode: 'ProvisionedThroughputExceededException' },
          { SequenceNumber: '3' },
          { ErrorCode: 'InternalFailure' },
        ],
      })
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '5' }, { SequenceNumber: '6' }] });
    const result = await produceRecords(records(4), {
      client: new KinesisClient({}),
      streamName: 's',
      sleep: noWait,
    });
    expect(result).toEqual({ sent: 4, failed: 0, failures: {} });
    const retried = kinesis.commandCalls(PutRecordsCommand)[1].args[0].input.Records!;
    expect(retried.map((r) => r.PartitionKey)).toEqual(['k1', 'k3']);
  });

  test('counts records that still fail after the retries, by error code', async () => {
    // The shard behind k1 stays hot: every attempt throttles that record.
    kinesis.on(PutRecordsCommand).callsFake((input: { Records: { PartitionKey: string }[] }) => ({
      Records: input.Records.map((r) =>
        r.PartitionKey === 'k1'
          ? { ErrorCode: 'ProvisionedThroughputExceededException' }
          : { SequenceNumber: '1' },
      ),
    }));
    const result = await produceRecords(records(2), {
      client: new KinesisClient({}),
      streamName: 's',
      maxRetries: 2,
      sleep: noWait,
    });
    expect(result.failed).toBe(1);
    expect(result.failures).toEqual({ ProvisionedThroughputExceededException: 1 });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(3);
  });

  test('retries the whole batch when the call itself is throttled', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'LimitExceededException' });
    kinesis
      .on(PutRecordsCommand)
      .rejectsOnce(throttled)
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '1' }, { SequenceNumber: '2' }] });
    const result = await produceRecords(records(2), {
      client: new KinesisClient({}),
      streamName: 's',
      sleep: noWait,
    });
    expect(result).toEqual({ sent: 2, failed: 0, failures: {} });
  });

  test('sends in batches of at most 500 records', async () => {
    kinesis.on(PutRecordsCommand).callsFake((input: { Records: unknown[] }) => ({
      FailedRecordCount: 0,
      Records: input.Records.map(() => ({ SequenceNumber: 'x' })),
    }));
    const result = await produceRecords(records(1100), { client: new KinesisClient({}), streamName: 's' });
    expect(result.sent).toBe(1100);
    expect(kinesis.commandCalls(PutRecordsCommand).map((c) => c.args[0].input.Records!.length)).toEqual([
      500, 500, 100,
    ]);
  });
});
