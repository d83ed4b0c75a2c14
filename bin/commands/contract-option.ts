import { existsSync } from 'node:fs';
import { Contract, defaultContract, loadContract } from '../../contract';
import { UsageError } from './command';

/**
 * The contract of a command's `--contract FILE` option, checked (an invalid file throws
 * ContractError, which the CLI prints problem by problem); the default contract, the sales
 * example, when the option is absent.
 */
export function contractOption(file: string | undefined): Contract {
  if (file === undefined) return defaultContract();
  if (!existsSync(file)) throw new UsageError(`--contract ${file}: no such file`);
  return loadContract(file);
}
