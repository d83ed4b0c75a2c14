export * from './raw-file-validator';
