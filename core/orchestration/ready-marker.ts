/** The zero-byte object a producer writes after a dataset's files of a date have all landed. */
import { Contract } from '../../contract';

/** Whether `key` names the contract's batch-ready marker (layout.readyMarker) rather than a data file. */
export function isReadyMarker(contract: Contract, key: string): boolean {
  const marker = contract.spec.layout.readyMarker;
  return key === marker || key.endsWith(`/${marker}`);
}
