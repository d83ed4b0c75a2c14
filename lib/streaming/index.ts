export * from './streaming-ingestion';
