import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { OutgoingRecord } from './record-batches';

/**
 * The partition key of an event line: its event key (`keyField`, the contract event's `key`)
 * when the line is a JSON object that has one (so redeliveries of an event land on the same
 * shard), else a hash of the line, so even malformed lines are sent and quarantined downstream
 * rather than lost here.
 */
export function partitionKeyOf(line: string, keyField: string): string {
  try {
    const parsed: unknown = JSON.parse(line);
    const key = (parsed as Record<string, unknown> | null)?.[keyField];
    if (typeof key === 'string' && key.length > 0 && key.length <= 256) return key;
  } catch {
    // not JSON: fall through to the hash
  }
  return createHash('sha256').update(line).digest('hex');
}

/** Streams an NDJSON file's non-empty lines as Kinesis records, partitioned by `keyField`. */
export async function* ndjsonRecords(path: string, keyField: string): AsyncGenerator<OutgoingRecord> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield { data: Buffer.from(line), partitionKey: partitionKeyOf(line, keyField) };
  }
}
