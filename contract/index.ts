/**
 * The data contract: the platform's one extension point. A team brings a contract.json
 * (checked against contract.schema.json and the rules in check.ts); everything that depends on
 * datasets or tables takes the resulting `Contract`. The sales example is the default.
 */
import { ContractSpec, EventSpec } from './spec';
import { LayoutValues, LayoutZone } from './layout';
import { defaultContract } from './load';

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

// Transitional: the default contract as module-level values, until every caller takes a Contract.
export type DatasetName = string;
export type StarTableName = string;
export type EventName = string;
export const CONTRACT: ContractSpec = defaultContract().spec;
export const EVENTS: Readonly<Record<string, EventSpec>> = CONTRACT.events;
export const DATASET_NAMES = defaultContract().datasetNames;
export const STAR_TABLE_NAMES = Object.keys(CONTRACT.star);
export const isDatasetName = (value: string): boolean => defaultContract().isDataset(value);
export const layoutPath = (zone: LayoutZone, values: LayoutValues): string =>
  defaultContract().layoutPath(zone, values);
export const matchLayoutPath = (zone: LayoutZone, key: string) =>
  defaultContract().matchLayoutPath(zone, key);
