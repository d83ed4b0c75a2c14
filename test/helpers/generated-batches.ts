import { Contract, ReasonCode } from '../../contract';
import { EventValidator } from '../../core/streaming';
import { ContractBatch } from '../../local/sample-data';
import { csvRecord } from '../../local/sample-data/csv-record';
import { validate } from './validation';

/** What the validator made of a generated batch, per dataset and per event lake dataset, beside what the generator meant. */
export interface BatchOutcome {
  readonly dataset: string;
  readonly rowsIn: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
  readonly status: string;
  /** The accepted CSV the validator wrote, and the one the generator's accepted rows make. */
  readonly accepted: { readonly written: string; readonly intended: string };
  /** Rejected lines and reasons, as the validator gave them and as the generator intended. */
  readonly rejected: {
    readonly given: readonly { line: number; reason: ReasonCode }[];
    readonly intended: readonly { line: number; reason: ReasonCode }[];
  };
}

/** Runs every file of a generated batch through the batch validator (the streaming core). */
export function validateGeneratedBatch(contract: Contract, batch: ContractBatch): BatchOutcome[] {
  return contract.datasetNames.map((dataset) => {
    const { report, accepted, rejected } = validate(dataset, batch.files[dataset], { contract });
    const names = contract.dataset(dataset).columns.map((column) => column.name);
    const intended = [
      names.join(','),
      ...batch.accepted[dataset].map((row) => csvRecord(names.map((n) => row[n]))),
    ];
    return {
      dataset,
      rowsIn: report.rows_in,
      rowsAccepted: report.rows_accepted,
      rowsRejected: report.rows_rejected,
      status: report.status,
      accepted: { written: accepted, intended: intended.map((line) => `${line}\n`).join('') },
      rejected: {
        given: rejected.map(({ line, reason }) => ({ line, reason })),
        intended: batch.rejected[dataset],
      },
    };
  });
}

/** Runs every event line of a generated batch through the stream validator: accepted (distinct by key) and rejected. */
export function validateGeneratedEvents(contract: Contract, batch: ContractBatch) {
  return contract.eventNames.map((name) => {
    const event = contract.event(name);
    const validator = new EventValidator(contract, name);
    const lines = batch.eventFiles[event.lakeDataset].toString().split('\n').slice(0, -1);
    const accepted = new Map<string, unknown>();
    const rejected: { line: number; reason: ReasonCode }[] = [];
    lines.forEach((line, i) => {
      const verdict = validator.validate(Buffer.from(line));
      if (verdict.accepted) accepted.set(verdict.eventId, JSON.parse(verdict.line));
      else rejected.push({ line: i + 1, reason: verdict.reason });
    });
    const intended = batch.events[event.lakeDataset];
    return {
      lakeDataset: event.lakeDataset,
      accepted: { given: [...accepted.values()], intended: intended.accepted },
      rejected: { given: rejected, intended: intended.rejected },
    };
  });
}
