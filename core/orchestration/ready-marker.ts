/** The zero-byte object a producer writes after a dataset's files of a date have all landed. */
import { CONTRACT } from '../../contract';

/** File name of the marker, from the contract's lake layout (`_READY`). */
export const READY_MARKER: string = CONTRACT.layout.readyMarker;

/** Whether `key` names a batch-ready marker rather than a data file. */
export function isReadyMarker(key: string): boolean {
  return key === READY_MARKER || key.endsWith(`/${READY_MARKER}`);
}
