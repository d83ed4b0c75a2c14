/**
 * The data contract: the platform's one extension point. A team brings a contract.json
 * (checked against contract.schema.json and the rules in check.ts); everything that depends on
 * datasets or tables takes the resulting `Contract`. The sales example is the default.
 */
export * from './spec';
export type { Expression } from './expressions';
export { Contract } from './contract';
export {
  ContractError,
  contractProblems,
  defaultContract,
  defaultContractPath,
  loadContract,
  parseContract,
} from './load';
export type { LayoutValues, LayoutZone } from './layout';
export * from './diff';
export { DEPLOYED_CONTRACT_FILE, deployedContract } from './deployed';
