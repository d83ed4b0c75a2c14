import { Contract } from '../../contract';
import type { CrossCheck } from './props-validation';

/**
 * Whether two contracts deploy the same: the same object, or the same normalized JSON. A
 * construct built on another's resources (the job on the catalog's tables) must share its contract.
 */
export function sameContract(a: Contract, b: Contract): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The rule of a construct that takes a catalog and, optionally, a contract: the two must be the
 * same. `uses` says what the construct does with the catalog's tables, for the message.
 */
export function contractOfCatalog<P extends { contract?: Contract; catalog?: { contract: Contract } }>(
  uses: string,
): CrossCheck<P> {
  return ({ contract, catalog }, nameOf) =>
    contract && catalog && !sameContract(contract, catalog.contract)
      ? `${nameOf('contract')} must be the contract the catalog declares (version ${catalog.contract.version}), ` +
        `${uses} (got version ${contract.version}); pass the same contract to both or leave it out`
      : undefined;
}
