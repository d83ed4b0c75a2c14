/**
 * Streamed events for any contract event: each valid row of its dataset wrapped in an envelope
 * of valid fields, as one NDJSON line; then a redelivery and a few broken lines.
 */
import { DatasetSpec, EnvelopeFieldSpec, EventSpec } from '../../contract';
import { InjectedReject } from './broken-rows';
import { SeededRandom } from './random';
import { acceptedRow } from './row-checks';
import { SampleRow } from './write-batches';

export interface EventBatch {
  /** The NDJSON file: the valid events, the first one again (a redelivery), then the broken ones. */
  readonly bytes: Buffer;
  /** The distinct valid events as the consumer writes them: envelope, then the dataset's columns, defaults filled in. */
  readonly accepted: readonly SampleRow[];
  /** The lines that must be quarantined (line 1 is the file's first). */
  readonly rejected: readonly InjectedReject[];
}

export function eventBatch(
  event: EventSpec,
  dataset: DatasetSpec,
  rows: readonly SampleRow[],
  rng: SeededRandom,
  date: string,
): EventBatch {
  const envelopes = rows.map(() =>
    Object.fromEntries(event.envelope.map((field) => [field.name, envelopeValue(field, rng, date)])),
  );
  // Empty values are left out: an absent field is an empty one.
  const sent = rows.map((row, i) => ({
    ...envelopes[i],
    ...Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '')),
  }));
  const lines = sent.map((fields) => JSON.stringify(fields));
  const rejected: InjectedReject[] = [];
  if (sent.length > 0) {
    lines.push(lines[0]);
    const required = event.envelope.find((field) => field.required)?.name ?? dataset.key;
    const missing = Object.fromEntries(Object.entries(sent[0]).filter(([name]) => name !== required));
    for (const [reason, line] of [
      ['MALFORMED_ROW', lines[0].slice(0, Math.ceil(lines[0].length / 2))],
      ['MISSING_VALUE', JSON.stringify(missing)],
    ] as const) {
      lines.push(line);
      rejected.push({ line: lines.length, reason });
    }
  }
  return {
    bytes: Buffer.from(lines.map((line) => `${line}\n`).join('')),
    accepted: rows.map((row, i) => ({ ...envelopes[i], ...acceptedRow(dataset, row) })),
    rejected,
  };
}

/** A valid envelope value: a lowercase UUID, the constant, or a time of the batch's day in UTC. */
function envelopeValue(field: EnvelopeFieldSpec, rng: SeededRandom, date: string): string {
  switch (field.type) {
    case 'uuid': {
      const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
    }
    case 'const':
      return field.value ?? '';
    case 'timestamptz':
      return `${date}T${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`;
  }
}
