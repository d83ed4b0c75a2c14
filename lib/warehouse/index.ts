export * from './redshift-warehouse';
export * from './schema-migrations';
export { streamingMigrations, streamingObjectNames, type StreamingSqlFile } from './streaming-sql';
export * from './warehouse-base';
