/**
 * The contract a deployed Lambda runs with: the normalized contract.json its construct puts
 * beside the bundled code (CONTRACT_FILE names another file, for tests and local runs). It is
 * checked again on load, so a corrupted asset fails at cold start rather than mid-batch.
 */
import { join } from 'node:path';
import { Contract } from './contract';
import { loadContract } from './load';

/** The file name of the contract inside a function's asset. */
export const DEPLOYED_CONTRACT_FILE = 'contract.json';

let cached: { file: string; contract: Contract } | undefined;

/** Loads (once per file) the contract this function was deployed with. */
export function deployedContract(): Contract {
  const file = process.env.CONTRACT_FILE ?? join(__dirname, DEPLOYED_CONTRACT_FILE);
  if (cached?.file !== file) cached = { file, contract: loadContract(file) };
  return cached.contract;
}
