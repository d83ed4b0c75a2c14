import { gzipSync } from 'node:zlib';
import { ReasonCode } from '../../contract';
import { emptyReasonCounts } from '../validation/report';
import { EventValidator } from './event-validator';

/** One Kinesis record, as the consumer receives it. */
export interface StreamRecord {
  readonly data: Buffer;
  readonly sequenceNumber: string;
  readonly shardId: string;
  /** Kinesis' approximate arrival time, in milliseconds since the epoch. */
  readonly arrivedAtMs: number;
}

/** An object to write: accepted events (raw zone) or rejected ones (quarantine zone). */
export interface PlannedObject {
  readonly zone: 'raw' | 'quarantine';
  readonly key: string;
  readonly body: Buffer;
  readonly contentType: string;
  /** The records whose delivery this object is (repeats included): they fail or succeed with it. */
  readonly sequenceNumbers: readonly string[];
}

/** A quarantine line: why, the record as UTF-8 text, and where it was in the shard. */
export interface QuarantinedEvent {
  readonly reason: ReasonCode;
  readonly message: string;
  readonly raw: string;
  readonly sequence_number: string;
}

export interface DeliveryPlan {
  /** `<shard id>-<first sequence number>-<last sequence number>`: names the batch's objects. */
  readonly batchId: string;
  readonly objects: readonly PlannedObject[];
  readonly accepted: number;
  readonly rejectedByReason: Readonly<Record<ReasonCode, number>>;
  /** Records whose event key an earlier record of the batch already had: written once, with the first. */
  readonly duplicates: number;
}

/**
 * Validates a batch and lays out what to write, without I/O. Per ingest date (the UTC day of
 * the record's arrival, as for files landing in the raw zone), accepted events become one
 * gzipped NDJSON object in raw and rejected ones one NDJSON object in quarantine:
 *
 *   raw:        <lake dataset>/ingest_date=D/<batch id>.ndjson.gz (with the default layout)
 *   quarantine: <lake dataset>/ingest_date=D/<batch id>.rejected.ndjson
 *
 * The names derive from the shard and the batch's sequence numbers only, so a redelivered
 * batch overwrites its own objects instead of adding copies. A repeated event key within the
 * batch is written once; across batches, the batch job drops repeats (docs/streaming.md).
 */
export function planDelivery(records: readonly StreamRecord[], validator: EventValidator): DeliveryPlan {
  const batchId = batchIdOf(records);
  const { contract } = validator;
  const lake = validator.spec.lakeDataset;
  const acceptedByDate = new Map<string, Group>();
  const rejectedByDate = new Map<string, Group>();
  const rejectedByReason = emptyReasonCounts(contract);
  const seen = new Map<string, Group>();
  let accepted = 0;
  let duplicates = 0;

  for (const record of records) {
    const date = new Date(record.arrivedAtMs).toISOString().slice(0, 10);
    const verdict = validator.validate(record.data);
    if (verdict.accepted) {
      const first = seen.get(verdict.eventId);
      if (first !== undefined) {
        // Not written again, but delivered with the first: if that write fails, both are retried.
        first.sequenceNumbers.push(record.sequenceNumber);
        duplicates++;
        continue;
      }
      const group = groupOf(acceptedByDate, date);
      seen.set(verdict.eventId, group);
      accepted++;
      group.add(verdict.line, record.sequenceNumber);
    } else {
      rejectedByReason[verdict.reason]++;
      const line: QuarantinedEvent = {
        reason: verdict.reason,
        message: verdict.message,
        raw: record.data.toString('utf8'),
        sequence_number: record.sequenceNumber,
      };
      groupOf(rejectedByDate, date).add(JSON.stringify(line), record.sequenceNumber);
    }
  }

  const objects: PlannedObject[] = [];
  for (const [date, group] of acceptedByDate) {
    objects.push({
      zone: 'raw',
      key: `${contract.layoutPath('raw', { dataset: lake, date })}${batchId}.ndjson.gz`,
      body: gzipSync(group.text()),
      contentType: 'application/gzip',
      sequenceNumbers: group.sequenceNumbers,
    });
  }
  for (const [date, group] of rejectedByDate) {
    objects.push({
      zone: 'quarantine',
      key: `${contract.layoutPath('quarantine', { dataset: lake, date })}${batchId}.rejected.ndjson`,
      body: Buffer.from(group.text()),
      contentType: 'application/x-ndjson',
      sequenceNumbers: group.sequenceNumbers,
    });
  }
  return { batchId, objects, accepted, rejectedByReason, duplicates };
}

/** The batch's name in object keys; Lambda delivers a Kinesis batch from one shard. */
export function batchIdOf(records: readonly StreamRecord[]): string {
  if (records.length === 0) return 'empty';
  const shard = records[0].shardId.replace(/[^A-Za-z0-9_-]/g, '_');
  return `${shard}-${records[0].sequenceNumber}-${records[records.length - 1].sequenceNumber}`;
}

class Group {
  readonly lines: string[] = [];
  readonly sequenceNumbers: string[] = [];

  add(line: string, sequenceNumber: string): void {
    this.lines.push(line);
    this.sequenceNumbers.push(sequenceNumber);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function groupOf(groups: Map<string, Group>, date: string): Group {
  let group = groups.get(date);
  if (group === undefined) groups.set(date, (group = new Group()));
  return group;
}
