import * as path from 'node:path';
import { Contract, loadContract } from '../../contract';

/**
 * Hand-written contracts other than the sales example, for tests of the generic code:
 * `shipments` (two dimensions, one with a text key, a calendar in two roles, a rule, a derived
 * column and an event), `readings` (email, negative and one-decimal numbers, a rule with mul,
 * add and a literal) and `minimal` (one fact, no dimension, reordered reason codes, its own
 * lake layout and ready marker).
 */
export const TEST_CONTRACTS = ['shipments', 'readings', 'minimal'] as const;
export type TestContractName = (typeof TEST_CONTRACTS)[number];

export const testContractPath = (name: TestContractName): string =>
  path.join(__dirname, 'contracts', `${name}.json`);

const loaded = new Map<TestContractName, Contract>();

/** One of the test contracts, loaded (and checked) once. */
export function testContract(name: TestContractName): Contract {
  let contract = loaded.get(name);
  if (!contract) loaded.set(name, (contract = loadContract(testContractPath(name))));
  return contract;
}
