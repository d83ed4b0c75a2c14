export * from './props-validation';
export * from './streaming-ingestion';
