/** The raw-file validator: a streaming core driven by the data contract, and its I/O wrappers. */
export * from './errors';
export * from './file-validator';
export * from './raw-object-key';
export * from './report';
export * from './validate-raw-object';
export * from './validate-bytes';
export * from './validate-to-store';
