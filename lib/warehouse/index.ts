export * from './redshift-warehouse';
export * from './schema-migrations';
