import { Contract } from '../../contract';

/**
 * Whether two contracts deploy the same: the same object, or the same normalized JSON. A
 * construct built on another's resources (the job on the catalog's tables) must share its contract.
 */
export function sameContract(a: Contract, b: Contract): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
