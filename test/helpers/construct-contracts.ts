/**
 * Contracts for the construct tests: the sales example (the default), the freight contract
 * (two facts, role-playing dates, another layout) and variants built from a spec without
 * checks, for what a checked contract cannot express.
 */
import { join } from 'node:path';
import { Contract, ContractSpec, defaultContract, loadContract } from '../../contract';

export const FREIGHT_CONTRACT_PATH = join(__dirname, '..', 'fixtures', 'freight', 'contract.json');

/** test/fixtures/freight/contract.json: carriers, shipments and returns (two facts), one event. */
export function freightContract(): Contract {
  return loadContract(FREIGHT_CONTRACT_PATH);
}

/** The sales contract with its spec edited, unchecked (e.g. several events, or none). */
export function editedSalesContract(edit: (spec: ContractSpec) => ContractSpec): Contract {
  return Contract.fromSpec(edit(structuredClone(defaultContract().spec)));
}

/** The sales contract without events. */
export const salesWithoutEvents = (): Contract => editedSalesContract((spec) => ({ ...spec, events: {} }));

/** The sales contract with a second event over the same dataset. */
export const salesWithTwoEvents = (): Contract =>
  editedSalesContract((spec) => ({
    ...spec,
    events: { ...spec.events, refund_event: { ...spec.events.sale_event, lakeDataset: 'refund_events' } },
  }));
