// Public entry point: every construct and its props, for other CDK apps to import.
export * from './config';
export * from './contracts';
export * from './storage';
export * from './data-platform-stack';
