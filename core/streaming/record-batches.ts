/** Kinesis PutRecords limits: at most 500 records and 5 MiB per call, 1 MiB per record. */
export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
export const RECORD_MAX_BYTES = 1024 * 1024;

export interface OutgoingRecord {
  readonly data: Buffer;
  readonly partitionKey: string;
}

/** A record's size as Kinesis counts it against the limits: data plus partition key. */
export function recordSize(record: OutgoingRecord): number {
  return record.data.length + Buffer.byteLength(record.partitionKey);
}

/**
 * Groups records into PutRecords-sized batches, keeping their order. A record over the 1 MiB
 * limit can never be sent, so it is returned separately rather than silently dropped.
 */
export async function* batchRecords(
  records: AsyncIterable<OutgoingRecord> | Iterable<OutgoingRecord>,
  maxRecords = PUT_RECORDS_MAX_RECORDS,
  maxBytes = PUT_RECORDS_MAX_BYTES,
): AsyncGenerator<{ batch: OutgoingRecord[] } | { oversized: OutgoingRecord }> {
  let batch: OutgoingRecord[] = [];
  let bytes = 0;
  for await (const record of records) {
    const size = recordSize(record);
    if (size > RECORD_MAX_BYTES) {
      yield { oversized: record };
      continue;
    }
    if (batch.length === maxRecords || bytes + size > maxBytes) {
      yield { batch };
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) yield { batch };
}
