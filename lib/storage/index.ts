export * from './data-lake-storage';
