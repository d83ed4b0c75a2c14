/**
 * Deterministic sample data for demos, tests and benchmarks: the sales example's own generator
 * (batches.ts, sales.ts), and one for any contract (contract-batches.ts).
 */
export * from './random';
export * from './sales';
export * from './batches';
export * from './write-batches';
export * from './contract-batches';
export type { InjectedReject } from './broken-rows';
export type { EventBatch } from './contract-events';
export * from './sample-data-error';
