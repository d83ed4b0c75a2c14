/** Deterministic sample data for demos, tests and benchmarks. */
export * from './random';
export * from './sales';
export * from './batches';
export * from './write-batches';
