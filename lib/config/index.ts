export * from './environment-config';
export * from './environments';
export * from './resolve-environments';
export * from './construct-props';
