/** The zero-byte object a producer writes after a dataset's files of a date have all landed. */
import contractJson from '../../contract/contract.json';

/** File name of the marker, from the contract's lake layout (`_READY`). */
export const READY_MARKER: string = contractJson.layout.readyMarker;

/** Whether `key` names a batch-ready marker rather than a data file. */
export function isReadyMarker(key: string): boolean {
  return key === READY_MARKER || key.endsWith(`/${READY_MARKER}`);
}
