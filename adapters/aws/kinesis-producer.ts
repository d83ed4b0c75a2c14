import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { batchRecords, OutgoingRecord } from '../../core/streaming/record-batches';

export interface ProducerOptions {
  readonly client: KinesisClient;
  readonly streamName: string;
  /** Attempts per record after the first. @default 5 */
  readonly maxRetries?: number;
  /** First backoff; doubles per attempt, with full jitter. @default 100 ms */
  readonly baseDelayMs?: number;
  /** Injected so tests need not wait. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ProduceResult {
  readonly sent: number;
  readonly failed: number;
  /** Error codes of records that could not be sent, with counts. */
  readonly failures: Readonly<Record<string, number>>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends records with PutRecords in batches within Kinesis limits. Partial failures are normal
 * in Kinesis (throttled shards), so only the failed records of a batch are retried, with
 * exponential backoff and full jitter; whatever still fails is counted, never dropped silently.
 */
export async function produceRecords(
  records: AsyncIterable<OutgoingRecord> | Iterable<OutgoingRecord>,
  options: ProducerOptions,
): Promise<ProduceResult> {
  let sent = 0;
  const failures: Record<string, number> = {};
  const fail = (code: string, count = 1) => (failures[code] = (failures[code] ?? 0) + count);
  for await (const item of batchRecords(records)) {
    if ('oversized' in item) {
      fail('RecordTooLarge');
      continue;
    }
    const outcome = await putWithRetries(item.batch, options);
    sent += outcome.sent;
    for (const [code, count] of Object.entries(outcome.failures)) fail(code, count);
  }
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  return { sent, failed, failures };
}

async function putWithRetries(
  batch: OutgoingRecord[],
  options: ProducerOptions,
): Promise<{ sent: number; failures: Record<string, number> }> {
  const maxRetries = options.maxRetries ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  let pending = batch;
  let sent = 0;
  let lastErrors: string[] = [];
  for (let attempt = 0; attempt <= maxRetries && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 1));
    try {
      const response = await options.client.send(
        new PutRecordsCommand({
          StreamName: options.streamName,
          Records: pending.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
        }),
      );
      const results = response.Records ?? [];
      const retry: OutgoingRecord[] = [];
      lastErrors = [];
      pending.forEach((record, i) => {
        const errorCode = results[i]?.ErrorCode;
        if (errorCode) {
          retry.push(record);
          lastErrors.push(errorCode);
        } else {
          sent++;
        }
      });
      pending = retry;
    } catch (error) {
      // A throttled or failed call sends nothing: the whole batch is retried.
      lastErrors = pending.map(() => (error as Error).name || 'PutRecordsError');
    }
  }
  const failures: Record<string, number> = {};
  if (pending.length > 0) for (const code of lastErrors) failures[code] = (failures[code] ?? 0) + 1;
  return { sent, failures };
}
